import AccessGraph
import Foundation

extension WhatIf {
  /// The nodes of `view` whose traversal meaning `changes` and the move to `later` alter:
  /// tails of removed, added and updated edges, removed nodes, and every node whose
  /// out-edge rules or flags differ at `later`. A node outside this set has the same
  /// out-edges, rules and flags on both sides.
  /// - Throws: `GraphChangeError` for a change naming what does not exist.
  /// - Complexity: O(changes · out-degree), plus O(n + e) when `later` differs from `view.at`.
  static func changedNodes(_ view: TraversalView, changes: GraphChanges, later: Date) throws -> Set<AccessGraph.NodeIndex> {
    let graph = view.graph
    var changed = Set<AccessGraph.NodeIndex>()
    func node(_ id: String) throws -> AccessGraph.NodeIndex {
      guard let n = graph.index(of: id) else { throw GraphChangeError.unknownNode(id) }
      return n
    }
    for id in changes.removeNodes { changed.insert(try node(id)) }
    for edge in changes.addEdges {
      changed.insert(try node(edge.from))
      _ = try node(edge.to)
    }
    for edge in changes.removeEdges {
      guard let e = graph.edge(edge) else { throw GraphChangeError.unknownEdge(edge) }
      changed.insert(graph.source(of: e))
    }
    for edge in changes.updateEdges {
      guard let e = graph.edge(edge) else { throw GraphChangeError.unknownEdgeToUpdate(edge) }
      changed.insert(graph.source(of: e))
    }
    // A disabled human's removal changes what the identities it owns are, wherever they are.
    let removed = Set(changes.removeNodes)
    if !removed.isEmpty {
      let owner = graph.propertyKey(named: "owner")
      for n in 0..<graph.nodeCount where graph.property(owner, of: n).map({ removed.contains($0.matchText) }) == true {
        changed.insert(n)
      }
    }
    if later != view.at {
      let moved = TraversalView(graph: graph, manifest: view.manifest, at: later, excluding: view.exclusions)
      for n in 0..<graph.nodeCount {
        if moved.nodeFlags[n] != view.nodeFlags[n]
          || graph.outEdges(of: n).contains(where: { moved.rule(of: $0) != view.rule(of: $0) })
        {
          changed.insert(n)
        }
      }
    }
    return changed
  }

  /// `changed` and every node with a live path into it: the sources whose findings a change
  /// at `changed` can alter. A path on the changed side reaches its first changed node over
  /// unchanged nodes, whose edges are the same here, so this side's reverse reach covers both.
  /// - Complexity: O(n + e) at worst, a reverse breadth-first search.
  static func upstream(of changed: Set<AccessGraph.NodeIndex>, in view: TraversalView) -> Set<AccessGraph.NodeIndex> {
    var seen = changed
    var queue = Array(changed)
    while let n = queue.popLast() {
      view.graph.forEachInEdge(of: n) { source, edge in
        if view.rule(of: edge).isLive, seen.insert(source).inserted { queue.append(source) }
      }
    }
    return seen
  }
}
