import AccessGraph
import DequeModule

/// The highest tier at which every node is reached from a set of sources.
///
/// Each node carries two levels (0 = unreached, 1...4 = read...admin): the tier at which it
/// is held as an identity (its privileges usable, capped), and the tier of permission on it as
/// a target. They are incomparable (admin on a vault is not membership of it), so both are kept.
public struct ReachResult: Sendable {
  public let sources: [AccessGraph.NodeIndex]
  let identityLevels: [UInt8]
  let targetLevels: [UInt8]

  /// The highest tier at which `n` is reached, or nil.
  /// - Complexity: O(1).
  public func tier(of n: AccessGraph.NodeIndex) -> Tier? {
    Tier(rawValue: max(identityLevels[n], targetLevels[n]))
  }

  /// The tier at which `n` is held as an identity (its own privileges usable), or nil.
  /// - Complexity: O(1).
  public func identityTier(of n: AccessGraph.NodeIndex) -> Tier? { Tier(rawValue: identityLevels[n]) }

  /// Every reached node other than the sources, with its tier, in node order.
  /// - Complexity: O(n).
  public var reached: [(node: AccessGraph.NodeIndex, tier: Tier)] {
    let isSource = Set(sources)
    return identityLevels.indices.compactMap { n in
      guard !isSource.contains(n), let t = tier(of: n) else { return nil }
      return (n, t)
    }
  }
}

/// Reachability with the full tier semantics of docs/design.md: caps, permissions ending a
/// path, pivots out of resources with their requirement, expiry and returns at higher tiers.
public enum Reachability {
  /// Forward reach from `sources`, each held in full (admin as itself).
  ///
  /// A node is re-expanded only when one of its two levels rises, and each can rise at most
  /// four times, so the work is bounded by 8 e.
  /// - Complexity: O(n + e).
  public static func forward(_ view: TraversalView, from sources: [AccessGraph.NodeIndex]) -> ReachResult {
    var engine = ReachEngine(view)
    engine.run(from: sources)
    return engine.result(sources: sources)
  }

  /// Every node that reaches one of `targets` at `minTier` or above, with the highest tier
  /// at which it does.
  ///
  /// Runs a backward fixpoint once per tier from `minTier` up: for every node it finds the
  /// least tier at which holding it (as identity, or as a permission target) still suffices.
  /// - Complexity: O(t (n + e)) where t ≤ 4 is the number of tiers asked.
  public static func reverse(
    _ view: TraversalView, to targets: [AccessGraph.NodeIndex], minTier: Tier = .read
  ) -> [(node: AccessGraph.NodeIndex, tier: Tier)] {
    var best = [UInt8](repeating: 0, count: view.graph.nodeCount)
    for level in minTier.rawValue...Tier.admin.rawValue {
      let sufficient = leastSufficient(view, targets: targets, level: level)
      for n in best.indices where sufficient[n] <= 4 { best[n] = level }
    }
    let isTarget = Set(targets)
    return best.indices.compactMap { n in
      guard !isTarget.contains(n), let t = Tier(rawValue: best[n]) else { return nil }
      return (n, t)
    }
  }

  /// For each node, the least level at which holding it as an identity gets some target to
  /// `level` (5 = never).
  static func leastSufficient(_ view: TraversalView, targets: [AccessGraph.NodeIndex], level: UInt8) -> [UInt8] {
    let graph = view.graph
    let never = Holding.never
    var needIdentity = [UInt8](repeating: never, count: graph.nodeCount)
    var needTarget = [UInt8](repeating: never, count: graph.nodeCount)
    var queued = [Bool](repeating: false, count: graph.nodeCount)
    var queue = Deque<Int>()
    for t in targets where view.isPresent(t) {
      needIdentity[t] = level
      needTarget[t] = level
      queued[t] = true
      queue.append(t)
    }
    while let w = queue.popFirst() {
      queued[w] = false
      graph.forEachInEdge(of: w) { u, e in
        let rule = view.edgeRules[e]
        guard rule.isLive, view.isPresent(u) else { return }
        var raised = false
        let need = Holding.stepBack(identity: needIdentity[w], target: needTarget[w], over: rule)
        if need.identity < needIdentity[u] {
          needIdentity[u] = need.identity
          raised = true
        }
        if need.target < needTarget[u] {
          needTarget[u] = need.target
          raised = true
        }
        if raised && !queued[u] {
          queued[u] = true
          queue.append(u)
        }
      }
    }
    return needIdentity
  }
}
