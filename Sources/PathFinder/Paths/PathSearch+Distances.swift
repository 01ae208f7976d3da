import AccessGraph

/// The live edges of a view listed by target: for each node, the present nodes with a live
/// edge into it and that edge's rule, for walks backwards that run many times over one view.
///
/// The graph stores in-edges without their ids (they are found again by binary search), which
/// is right for memory and wrong for a hot backward loop; this copy costs 6 bytes a live edge.
public struct LiveInEdges: Sendable {
  let offsets: [UInt32]
  let sources: [UInt32]
  let rules: [EdgeRule]

  /// Lists `view`'s live in-edges whose source is present.
  /// - Complexity: O(n + e).
  public init(_ view: TraversalView) {
    let graph = view.graph
    let n = graph.nodeCount
    var offsets = [UInt32](repeating: 0, count: n + 1)
    func forEachLiveEdge(_ body: (_ source: Int, _ edge: Int, _ target: Int) -> Void) {
      for u in 0..<n where view.isPresent(u) {
        for e in graph.outEdges(of: u) where view.edgeRules[e].isLive { body(u, e, graph.target(of: e)) }
      }
    }
    forEachLiveEdge { _, _, w in offsets[w + 1] += 1 }
    for w in 0..<n { offsets[w + 1] += offsets[w] }
    var next = offsets
    var sources = [UInt32](repeating: 0, count: Int(offsets[n]))
    var rules = [EdgeRule](repeating: EdgeRule(.none), count: Int(offsets[n]))
    forEachLiveEdge { u, e, w in
      sources[Int(next[w])] = UInt32(u)
      rules[Int(next[w])] = view.edgeRules[e]
      next[w] += 1
    }
    self.offsets = offsets
    self.sources = sources
    self.rules = rules
  }
}

extension PathSearch {
  /// Fewest live edges from each node to one of `targets`, ignoring tiers: a lower bound
  /// that prunes every branch of a search that cannot end in time. Pass `inEdges` when
  /// asking for many target sets on one view; without it they are listed first.
  /// - Complexity: O(n + e).
  public static func distances(
    _ view: TraversalView, to targets: [AccessGraph.NodeIndex], inEdges: LiveInEdges? = nil
  ) -> [UInt16] {
    let inEdges = inEdges ?? LiveInEdges(view)
    var distance = [UInt16](repeating: .max, count: view.graph.nodeCount)
    var queue: [UInt32] = []
    for t in targets where view.isPresent(t) && distance[t] != 0 {
      distance[t] = 0
      queue.append(UInt32(t))
    }
    var head = 0
    while head < queue.count {
      let w = Int(queue[head])
      head += 1
      let next = distance[w] + 1
      for slot in Int(inEdges.offsets[w])..<Int(inEdges.offsets[w + 1]) {
        let u = Int(inEdges.sources[slot])
        guard distance[u] == .max else { continue }
        distance[u] = next
        queue.append(UInt32(u))
      }
    }
    return distance
  }
}
