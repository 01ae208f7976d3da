import AccessGraph

/// agent-chain-escalation: agents that reach a tier they lack on their own by invoking other
/// agents.
extension RuleScanner {
  func agentChainCandidates(to: Selector, _ scope: CheckScope) -> [Candidate] {
    let view = scope.view
    let agents = scope.kept(nodes(of: .agent, in: view))
    let stop = view.categories.map { $0 == .agent }
    // Reaching a tier only by going through other agents makes every such path an agent
    // chain, so reach settles the shape.
    return escalations(
      view, sources: agents, stop: stop, to: to.select(in: view), minTier: scope.floor, index: scope.index, plan: scope.plan)
  }

  /// Sources that reach a target at a higher tier when they may go through the `stop` nodes
  /// than when they may not: every such target.
  func escalations(
    _ view: TraversalView, sources: [AccessGraph.NodeIndex], stop: [Bool], to targets: [AccessGraph.NodeIndex], minTier: Tier,
    index: PathIndex, plan: ReachPlan
  ) -> [Candidate] {
    let ranked = rankTargets(view, targets, index: index)
    let seeds = sources.map { BatchReach.Seed(node: $0) }
    let perPass = BatchReach.passes(view, seeds: seeds, stops: [nil, stop], plan: plan) { both in
      let (full, alone) = (both[0], both[1])
      return Self.reached(in: full, ranked: ranked, minTier: minTier) { t, s, tier in
        alone.tier(of: t, seed: s).map { $0 < tier } ?? true
      }
    }
    return zip(sources, perPass.flatMap { $0 }).compactMap { source, packed in
      packed.isEmpty ? nil : Candidate(source: source, targets: Self.unpack(packed, ranked))
    }
  }

  static func agentChainMessage(_ w: ExposureWords) -> String {
    "agent \(w.source) reaches \(w.target)\(w.sensitivity) at \(w.tier) only by invoking \(w.agents.dropFirst().joined(separator: ", "))"
  }
}
