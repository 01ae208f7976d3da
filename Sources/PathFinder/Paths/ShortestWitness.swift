import AccessGraph

/// The shortest path from a source to a target at a given tier, by breadth-first search over
/// states (node, held as identity or as permission target, tier) with parent pointers.
///
/// Unlike `PathSearch` it never gives up on long paths: when reach says a tier is reached,
/// this finds a path showing it. Ties among equally short paths go to the lower node ids,
/// because states are expanded in id order.
public enum ShortestWitness {
  /// Scratch space reused across searches on one graph, so each search costs what it visits
  /// rather than a fresh 8-states-a-node table.
  public struct Workspace {
    var parentState: [UInt32]
    var parentEdge: [UInt32]
    var touched: [UInt32] = []
    /// The last distances from below a tier (`PathSearch.distancesBelow`) and what they
    /// were for, kept for the next search to the same target.
    var below: (key: [Int], table: [UInt16])?

    public init(nodeCount: Int) {
      parentState = [UInt32](repeating: .max, count: nodeCount * 8)
      parentEdge = [UInt32](repeating: 0, count: nodeCount * 8)
    }

    mutating func reset() {
      for s in touched { parentState[Int(s)] = .max }
      touched.removeAll(keepingCapacity: true)
    }
  }

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
  /// with `asIdentity`, only arrivals holding the target as an identity count.
  ///
  /// `distances` to `target` (from `PathSearch.distances`), when given, let the search skip
  /// nodes that cannot reach it at all. The path found is the same: such nodes are never on
  /// it, nor are the nodes after them. `below` (from `PathSearch.distancesBelow`, with the
  /// same distances) bounds states held below `tier` more tightly, with the same guarantee.
  /// - Complexity: O(8 (n + e)).
  public static func path(
    _ view: TraversalView, from source: AccessGraph.NodeIndex, to target: AccessGraph.NodeIndex, atLeast tier: Tier,
    startTier: Tier = .admin, asIdentity: Bool = false, workspace: inout Workspace, distances: [UInt16]? = nil,
    below: [UInt16]? = nil
  ) -> PrivilegePath? {
    let distances = distances ?? []
    let below = distances.isEmpty ? [] : below ?? []
    let start = UInt32(source * 8) | UInt32(Holding(level: startTier.rawValue, identity: true).rawValue)
    // With distances, search with a bound on depth plus distance still to go, raised until a
    // path is found or nothing was cut. A state over the bound is on no path of that length,
    // and (the distance being a consistent lower bound) neither is any state first reached
    // through it, so the bounded search visits the unbounded one's states in the same order
    // and finds the same path, having skipped those that lead away from the target.
    var bound = -1
    var step = 1
    if !distances.isEmpty {
      let toGo = !below.isEmpty && startTier < tier ? below[source] : distances[source]
      guard toGo != .max else { return nil }
      bound = Int(toGo)
    }
    var found: UInt32?
    while true {
      let (hit, cut) = search(
        view, from: start, to: target, atLeast: tier, asIdentity: asIdentity, workspace: &workspace, distances: distances,
        below: below, bound: bound)
      if hit != nil || !cut {
        found = hit
        break
      }
      workspace.reset()
      bound += step
      step *= 2
    }
    defer { workspace.reset() }
    guard var s = found else { return nil }
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

  /// One breadth-first search from state `start`, skipping states whose depth plus distance
  /// to `target` exceeds `bound` (none when `bound` is negative): the state that reaches the
  /// target, if any, and whether any state was skipped. The parents stay in `workspace`.
  private static func search(
    _ view: TraversalView, from start: UInt32, to target: AccessGraph.NodeIndex, atLeast tier: Tier, asIdentity: Bool,
    workspace: inout Workspace, distances: [UInt16], below: [UInt16], bound: Int
  ) -> (found: UInt32?, cut: Bool) {
    // State s = node * 8 + the holding's raw value.
    let none = UInt32.max
    workspace.reset()
    workspace.parentState[Int(start)] = start
    workspace.touched.append(start)
    // The touched list doubles as the queue: states are appended once, when first reached.
    var head = 0
    var depth = 0
    var layerEnd = 1
    var found: UInt32?
    var cut = false
    view.graph.withForwardAdjacency { offsets, targets in
      view.edgeRules.withUnsafeBufferPointer { rules in
        view.nodeFlags.withUnsafeBufferPointer { flags in
          search: while head < workspace.touched.count {
            if head == layerEnd {
              depth += 1
              layerEnd = workspace.touched.count
            }
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
              // What is still to go from the new state, at least: held below the tier, it
              // must pass a pivot first.
              let toGo = distances.isEmpty ? 0 : !below.isEmpty && next.level < tier.rawValue ? below[w] : distances[w]
              guard toGo != .max else { continue }
              let t = UInt32(w * 8) | UInt32(next.rawValue)
              guard workspace.parentState[Int(t)] == none else { continue }
              if bound >= 0 && depth + 1 + Int(toGo) > bound {
                cut = true
                continue
              }
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
    return (found, cut)
  }
}
