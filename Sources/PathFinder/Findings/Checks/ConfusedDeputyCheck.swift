import AccessGraph

/// confused-deputy: humans who reach a tier through an agent that they lack without agents.
extension RuleScanner {
  /// Humans who reach targets through an agent at a tier they lack on their own: one
  /// candidate per human, with every such target and the first agent (by id) giving it.
  ///
  /// Only humans who hold the agent uncapped (at admin) count; capped use is the read-grant
  /// rule's concern.
  func deputies(to targets: [AccessGraph.NodeIndex], _ scope: CheckScope) -> [Candidate] {
    let (view, index, plan, minTier) = (scope.view, scope.index, scope.plan, scope.floor)
    let agents = nodes(of: .agent, in: view).sorted { index.idRank[$0] < index.idRank[$1] }
    let humans = scope.kept(nodes(of: .human, in: view))
    let ranked = rankTargets(view, targets, index: index)
    // What each agent reaches among the targets, worst first, packed as rank << 3 | tier.
    let agentReach = BatchReach.passes(view, seeds: agents.map { BatchReach.Seed(node: $0) }, plan: plan) { pass in
      Self.reached(in: pass, ranked: ranked, minTier: minTier)
    }.flatMap { $0 }
    let stop = view.categories.map { $0 == .agent }
    // Per human pass: for each human, what its agents give it beyond its own reach, by rank:
    // the tier and the first agent giving it.
    let perPass = BatchReach.passes(view, seeds: humans.map { BatchReach.Seed(node: $0) }, stop: stop, plan: plan) { pass in
      var gains = [[UInt32: (tier: UInt8, agent: Int)]](repeating: [:], count: pass.seeds.count)
      for (a, agent) in agents.enumerated() {
        let holders = pass.seedsHolding(agent, atLeast: .admin)
        guard holders != 0 else { continue }
        for packed in agentReach[a] {
          let rank = packed >> 3
          let tier = UInt8(packed & 7)
          var lacking = holders & ~pass.seedsReaching(ranked[Int(rank)], atLeast: Tier(rawValue: tier)!)
          while lacking != 0 {
            let s = lacking.trailingZeroBitCount
            lacking &= lacking - 1
            if pass.seeds[s].node == ranked[Int(rank)] { continue }
            if let known = gains[s][rank], known.tier >= tier { continue }
            gains[s][rank] = (tier, agent)
          }
        }
      }
      return gains
    }.flatMap { $0 }
    return zip(humans, perPass).compactMap { human, gains in
      guard !gains.isEmpty else { return nil }
      let reached = gains.sorted { $0.key < $1.key }.map { rank, gain in
        Candidate.Reached(target: ranked[Int(rank)], via: gain.agent, tier: Tier(rawValue: gain.tier)!)
      }
      return Candidate(source: human, targets: reached)
    }
  }

  static func deputyMessage(_ w: ExposureWords) -> String {
    let deputy = w.exposure.via.map(w.graph.id(of:)) ?? w.agents.first ?? "an agent"
    return
      "agent \(deputy) lets \(w.source) reach \(w.target)\(w.sensitivity) at \(w.tier), which they cannot reach without agents"
  }
}
