import AccessGraph

extension BatchReach {
  /// The live edges of a view renumbered into plan order: node p's out-edges are
  /// `targets[offsets[p]..<offsets[p + 1]]`, naming plan places, with their rules beside.
  ///
  /// A pass walks nodes in plan order, so this turns its reads of adjacency and of its own
  /// masks into forward scans, and saves looking up each target's place.
  struct Layout: Sendable {
    let offsets: [UInt32]
    let targets: [UInt32]
    let rules: [EdgeRule]

    /// Lays out `view`'s live edges in `plan`'s order.
    /// - Complexity: O(n + e).
    init(_ view: TraversalView, _ plan: ReachPlan) {
      let graph = view.graph
      let n = graph.nodeCount
      var offsets = [UInt32](repeating: 0, count: n + 1)
      var targets: [UInt32] = []
      var rules: [EdgeRule] = []
      targets.reserveCapacity(graph.edgeCount)
      rules.reserveCapacity(graph.edgeCount)
      graph.withForwardAdjacency { out, to in
        view.edgeRules.withUnsafeBufferPointer { edgeRules in
          for p in 0..<n {
            let v = Int(plan.order[p])
            for e in Int(out[v])..<Int(out[v + 1]) where edgeRules[e].isLive {
              targets.append(plan.position[Int(to[e])])
              rules.append(edgeRules[e])
            }
            offsets[p + 1] = UInt32(targets.count)
          }
        }
      }
      self.offsets = offsets
      self.targets = targets
      self.rules = rules
    }
  }
}
