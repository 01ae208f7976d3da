import AccessGraph

/// The shortest path from a source to a target at a given tier, by breadth-first search over
/// states (node, held as identity or as permission target, tier) with parent pointers.
///
/// Unlike `PathSearch` it never gives up on long paths: when reach says a tier is reached,
/// this finds a path showing it. Ties among equally short paths go to the one whose edges
/// come first in the graph's edge order (each node's out-edges by target), because states
/// are expanded in that order and keep their first parent; a `Table` walk gives the same path.
public enum ShortestWitness {
  /// `path(_:from:to:atLeast:startTier:asIdentity:)` with a fresh workspace.
  public static func path(
    _ view: TraversalView, from source: AccessGraph.NodeIndex, to target: AccessGraph.NodeIndex, atLeast tier: Tier,
    startTier: Tier = .admin, asIdentity: Bool = false
  ) -> PrivilegePath? {
    var workspace = Workspace(nodeCount: view.graph.nodeCount)
    return path(
      view, from: source, to: target, atLeast: tier, startTier: startTier, asIdentity: asIdentity, workspace: &workspace)
  }

  /// The shortest path from `source` (held at `startTier`) to `target` at `tier` or above;
  /// with `asIdentity`, only arrivals holding the target as an identity count. The plain
  /// search that `Table` walks are checked against, and what serves one-off witnesses.
  /// - Complexity: O(8 (n + e)).
  public static func path(
    _ view: TraversalView, from source: AccessGraph.NodeIndex, to target: AccessGraph.NodeIndex, atLeast tier: Tier,
    startTier: Tier = .admin, asIdentity: Bool = false, workspace: inout Workspace
  ) -> PrivilegePath? {
    let start = UInt32(source * 8) | UInt32(Holding(level: startTier.rawValue, identity: true).rawValue)
    defer { workspace.reset() }
    guard var s = search(view, from: start, to: target, atLeast: tier, asIdentity: asIdentity, workspace: &workspace) else {
      return nil
    }
    var nodes: [Int] = []
    var edges: [Int] = []
    let reached = Holding(rawValue: UInt8(truncatingIfNeeded: s)).tier
    while s != start {
      nodes.append(Int(s) / 8)
      edges.append(Int(workspace.parentEdge[Int(s)]))
      s = workspace.parentState[Int(s)]
    }
    nodes.append(source)
    return PrivilegePath(nodes: nodes.reversed(), edges: edges.reversed(), tier: reached, view: view)
  }

  /// One breadth-first search from state `start`: the state that reaches the target, if any.
  /// The parents stay in `workspace`.
  private static func search(
    _ view: TraversalView, from start: UInt32, to target: AccessGraph.NodeIndex, atLeast tier: Tier, asIdentity: Bool,
    workspace: inout Workspace
  ) -> UInt32? {
    // State s = node * 8 + the holding's raw value.
    let none = UInt32.max
    workspace.reset()
    workspace.parentState[Int(start)] = start
    workspace.touched.append(start)
    // The touched list doubles as the queue: states are appended once, when first reached.
    var head = 0
    var found: UInt32?
    view.graph.withForwardAdjacency { offsets, targets in
      view.edgeRules.withUnsafeBufferPointer { rules in
        view.nodeFlags.withUnsafeBufferPointer { flags in
          search: while head < workspace.touched.count {
            let s = workspace.touched[head]
            head += 1
            let v = Int(s) / 8
            let held = Holding(rawValue: UInt8(truncatingIfNeeded: s))
            for e in Int(offsets[v])..<Int(offsets[v + 1]) {
              let rule = rules[e]
              guard rule.isLive else { continue }
              let w = Int(targets[e])
              guard flags[w] & TraversalView.absentNode == 0 else { continue }
              guard let next = held.step(over: rule) else { continue }
              let t = UInt32(w * 8) | UInt32(next.rawValue)
              guard workspace.parentState[Int(t)] == none else { continue }
              workspace.parentState[Int(t)] = s
              workspace.parentEdge[Int(t)] = UInt32(e)
              workspace.touched.append(t)
              if w == target && next.level >= tier.rawValue && (next.isIdentity || !asIdentity) {
                found = t
                break search
              }
            }
          }
        }
      }
    }
    return found
  }
}
