import AccessGraph

/// The live edges of a view renumbered into plan order: place p's out-edges are
/// `targets[offsets[p]..<offsets[p + 1]]`, naming plan places, with their rules beside.
///
/// Plan order keeps what one walk visits close together in memory (components side by side,
/// in the depth-first order that found them), and a bit-parallel pass, which walks places in
/// order, reads adjacency and its own masks front to back.
struct PlanLayout: Sendable {
  let offsets: [UInt32]
  let targets: [UInt32]
  let rules: [EdgeRule]

  /// Lays out `view`'s live edges in `plan`'s order, or in node order without one.
  /// - Complexity: O(n + e).
  init(_ view: TraversalView, _ plan: ReachPlan?) {
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
          let v = plan.map { Int($0.order[p]) } ?? p
          for e in Int(out[v])..<Int(out[v + 1]) where edgeRules[e].isLive {
            targets.append(plan.map { $0.position[Int(to[e])] } ?? to[e])
            rules.append(edgeRules[e])
          }
          offsets[p + 1] = UInt32(targets.count)
        }
      }
    }
    self.offsets = offsets
    self.targets = targets
    self.rules = rules
    checkInvariants(places: n)
  }
}
