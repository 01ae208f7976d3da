import AccessGraph

/// The live edges of a view listed by target: for each node, the present nodes with a live
/// edge into it, for walks backwards that run many times over one view.
///
/// The graph stores in-edges without their ids (they are found again by binary search), which
/// is right for memory and wrong for a hot backward loop; this copy costs 4 bytes a live edge.
public struct LiveInEdges: Sendable {
  let offsets: [UInt32]
  let sources: [UInt32]

  /// Lists `view`'s live in-edges whose source is present.
  /// - Complexity: O(n + e).
  public init(_ view: TraversalView) {
    let graph = view.graph
    let n = graph.nodeCount
    var offsets = [UInt32](repeating: 0, count: n + 1)
    func forEachLiveEdge(_ body: (_ source: Int, _ target: Int) -> Void) {
      for u in 0..<n where view.isPresent(u) {
        for e in graph.outEdges(of: u) where view.edgeRules[e].isLive { body(u, graph.target(of: e)) }
      }
    }
    forEachLiveEdge { _, w in offsets[w + 1] += 1 }
    for w in 0..<n { offsets[w + 1] += offsets[w] }
    var next = offsets
    var sources = [UInt32](repeating: 0, count: Int(offsets[n]))
    forEachLiveEdge { u, w in
      sources[Int(next[w])] = UInt32(u)
      next[w] += 1
    }
    self.offsets = offsets
    self.sources = sources
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

extension PathSearch {
  /// Fewest live edges from each node, held below `tier`, to `target` at `tier` or above: a
  /// tier only rises through a pivot capped at `tier` or above, so such a walk goes first to
  /// one of those pivots and on from its head (`distances` there, the hop distances to
  /// `target`). Ignoring every other condition keeps it a lower bound, and a consistent one,
  /// which is what lets a bounded witness search prune by it and still find the same path.
  /// - Complexity: O(n + e).
  public static func distancesBelow(
    _ view: TraversalView, to target: AccessGraph.NodeIndex, atLeast tier: Tier, distances: [UInt16], inEdges: LiveInEdges
  ) -> [UInt16] {
    let graph = view.graph
    var below = [UInt16](repeating: .max, count: graph.nodeCount)
    // Buckets by distance (Dial's algorithm): seeds start at 1 + the pivot head's distance.
    var buckets: [[UInt32]] = []
    func push(_ u: Int, _ d: UInt16) {
      guard d < below[u] else { return }
      below[u] = d
      while buckets.count <= Int(d) { buckets.append([]) }
      buckets[Int(d)].append(UInt32(u))
    }
    for u in 0..<graph.nodeCount where view.isPresent(u) {
      for e in graph.outEdges(of: u) {
        let rule = view.edgeRules[e]
        guard rule.isLive, rule.edgeClass == .pivot, rule.capLevel >= tier.rawValue else { continue }
        let d = distances[graph.target(of: e)]
        if d < .max - 1 { push(u, d + 1) }
      }
    }
    var d = 0
    while d < buckets.count {
      var k = 0
      while k < buckets[d].count {
        let w = Int(buckets[d][k])
        k += 1
        guard below[w] == UInt16(d) else { continue }
        for slot in Int(inEdges.offsets[w])..<Int(inEdges.offsets[w + 1]) { push(Int(inEdges.sources[slot]), UInt16(d + 1)) }
      }
      d += 1
    }
    return below
  }
}
