import AccessGraph

extension RuleScanner {
  /// The candidates of one rule.
  func candidates(for rule: Rule, in view: TraversalView, index: PathIndex, plan: ReachPlan) throws -> [Candidate] {
    switch rule.check {
    case .reach(let check):
      let v = view.excluding(check.require.exclusions)
      let sources = try Selector(check.from).select(in: v)
      let targets = try Selector(check.to).select(in: v)
      return worstTargets(
        v, sources: sources.map { BatchReach.Seed(node: $0) }, targets: targets, minTier: check.minTier, index: index, plan: plan
      )
      .map {
        var c = $0
        c.require = check.require
        c.exclusions = check.require.exclusions
        return c
      }

    case .agentChainEscalation(let to, let minTier):
      let agents = nodes(of: .agent, in: view)
      let stop = view.categories.map { $0 == .agent }
      return escalations(
        view, sources: agents, stop: stop, to: try Selector(to).select(in: view), minTier: minTier, index: index, plan: plan
      )
      .map {
        var c = $0
        c.require.agentChain = true
        return c
      }

    case .confusedDeputy(let to, let minTier):
      return deputies(view, to: try Selector(to).select(in: view), minTier: minTier, index: index, plan: plan)

    case .readCapPivot(let minTier):
      return readCapPivots(view, minTier: minTier, index: index, plan: plan)

    case .disabledOwnerPaths(let to, let minTier):
      let graph = view.graph
      let disabledHumans = (0..<graph.nodeCount).filter { view.categories[$0] == .human && view.isDisabled($0) }
      let disabledIDs = Set(disabledHumans.map(graph.id(of:)))
      let owned = (0..<graph.nodeCount).filter { n in
        view.categories[n].isNonHuman && graph.properties(of: n)["owner"].map { disabledIDs.contains($0.matchText) } == true
      }
      let seeds = (disabledHumans + owned).map { BatchReach.Seed(node: $0) }
      return worstTargets(
        view, sources: seeds, targets: try Selector(to).select(in: view), minTier: minTier, index: index, plan: plan)

    case .sharedNonHuman(let minAgents):
      return sharedNonHumans(view, minAgents: minAgents, index: index)
    }
  }

  /// The present nodes of a category.
  func nodes(of category: NodeCategory, in view: TraversalView) -> [AccessGraph.NodeIndex] {
    (0..<view.graph.nodeCount).filter { view.categories[$0] == category && view.isPresent($0) }
  }

  /// For each seed, the worst target it reaches at `minTier` or above: most sensitive, then
  /// highest tier, then lowest id.
  func worstTargets(
    _ view: TraversalView, sources seeds: [BatchReach.Seed], targets: [AccessGraph.NodeIndex], minTier: Tier, index: PathIndex,
    plan: ReachPlan
  ) -> [Candidate] {
    let ranked = rankTargets(view, targets, index: index)
    let perPass = BatchReach.passes(view, seeds: seeds, plan: plan) { pass in
      Self.worst(in: pass, ranked: ranked, minTier: minTier)
    }
    return zip(seeds, perPass.flatMap { $0 }).compactMap { seed, best in
      best.map { Candidate(source: seed.node, target: $0.target, tier: $0.tier, targetCount: $0.count) }
    }
  }

  /// For each seed of a pass, its first target in `ranked` order reached at `minTier` or above
  /// (and accepted by `keep`), with its tier and how many targets qualify in all.
  static func worst(
    in pass: BatchReach, ranked: [AccessGraph.NodeIndex], minTier: Tier,
    keep: (_ target: Int, _ seed: Int, _ tier: Tier) -> Bool = { _, _, _ in true }
  ) -> [(target: Int, tier: Tier, count: Int)?] {
    var best = [(target: Int, tier: Tier, count: Int)?](repeating: nil, count: pass.seeds.count)
    for t in ranked {
      var mask = pass.seedsReaching(t, atLeast: minTier)
      while mask != 0 {
        let s = mask.trailingZeroBitCount
        mask &= mask - 1
        guard pass.seeds[s].node != t, let tier = pass.tier(of: t, seed: s), keep(t, s, tier) else { continue }
        if let current = best[s] {
          best[s] = (current.target, current.tier, current.count + 1)
        } else {
          best[s] = (t, tier, 1)
        }
      }
    }
    return best
  }

  /// Targets in the order findings should prefer them: critical before high before the rest,
  /// then by id.
  func rankTargets(_ view: TraversalView, _ targets: [AccessGraph.NodeIndex], index: PathIndex) -> [AccessGraph.NodeIndex] {
    let order = ["critical": 0, "high": 1, "medium": 2, "low": 3]
    let graph = view.graph
    // Each target's sensitivity read once, not once a comparison.
    let keyed = targets.map { t in
      (t, graph.properties(of: t)["sensitivity"].flatMap { order[$0.matchText] } ?? 4, index.idRank[t])
    }
    return keyed.sorted { a, b in a.1 != b.1 ? a.1 < b.1 : a.2 < b.2 }.map(\.0)
  }

  /// Sources that reach a target at a higher tier when they may go through the `stop` nodes
  /// than when they may not.
  func escalations(
    _ view: TraversalView, sources: [AccessGraph.NodeIndex], stop: [Bool], to targets: [AccessGraph.NodeIndex], minTier: Tier,
    index: PathIndex, plan: ReachPlan
  ) -> [Candidate] {
    let ranked = rankTargets(view, targets, index: index)
    let seeds = sources.map { BatchReach.Seed(node: $0) }
    let perPass = BatchReach.passes(view, seeds: seeds, stops: [nil, stop], plan: plan) { both in
      let (full, alone) = (both[0], both[1])
      return Self.worst(in: full, ranked: ranked, minTier: minTier) { t, s, tier in
        alone.tier(of: t, seed: s).map { $0 < tier } ?? true
      }
    }
    return zip(sources, perPass.flatMap { $0 }).compactMap { source, best in
      best.map { Candidate(source: source, target: $0.target, tier: $0.tier, targetCount: $0.count) }
    }
  }

  /// Agents through which humans reach targets at a tier they lack on their own: one
  /// candidate per agent, for its worst target, naming the humans who gain.
  ///
  /// Only humans who hold the agent uncapped (at admin) count; capped use is the read-grant
  /// rule's concern.
  func deputies(_ view: TraversalView, to targets: [AccessGraph.NodeIndex], minTier: Tier, index: PathIndex, plan: ReachPlan)
    -> [Candidate]
  {
    let agents = nodes(of: .agent, in: view)
    let humans = nodes(of: .human, in: view)
    let ranked = rankTargets(view, targets, index: index)
    // What each agent reaches among the targets, worst first: (rank in `ranked`, tier), packed
    // as rank << 3 | tier. One walk over the targets a pass, not one per agent.
    let agentReach = BatchReach.passes(view, seeds: agents.map { BatchReach.Seed(node: $0) }, plan: plan) { pass in
      var reach = [[UInt32]](repeating: [], count: pass.seeds.count)
      for (rank, t) in ranked.enumerated() {
        var mask = pass.seedsReaching(t, atLeast: minTier)
        while mask != 0 {
          let s = mask.trailingZeroBitCount
          mask &= mask - 1
          reach[s].append(UInt32(rank) << 3 | UInt32(pass.tier(of: t, seed: s)!.rawValue))
        }
      }
      return reach
    }.flatMap { $0 }
    let stop = view.categories.map { $0 == .agent }
    struct Gain: Sendable {
      var rank: Int
      var tier: Tier
      var humans: [Int]
    }
    // Per human pass: for each agent its humans hold, which of them lack the agent's reach.
    let perPass = BatchReach.passes(view, seeds: humans.map { BatchReach.Seed(node: $0) }, stop: stop, plan: plan) { pass in
      var gains: [Int: Gain] = [:]
      for (a, agent) in agents.enumerated() {
        let holders = pass.seedsHolding(agent, atLeast: .admin)
        guard holders != 0 else { continue }
        // The agent's worst target that some of these holders lack on their own.
        for (place, packed) in agentReach[a].enumerated() {
          let tier = Tier(rawValue: UInt8(packed & 7))!
          var lacking = holders & ~pass.seedsReaching(ranked[Int(packed >> 3)], atLeast: tier)
          guard lacking != 0 else { continue }
          var gain = Gain(rank: place, tier: tier, humans: [])
          while lacking != 0 {
            gain.humans.append(pass.seeds[lacking.trailingZeroBitCount].node)
            lacking &= lacking - 1
          }
          gains[a] = gain
          break
        }
      }
      return gains
    }
    var merged: [Int: Gain] = [:]
    for gains in perPass {
      for (a, gain) in gains {
        if let known = merged[a], known.rank < gain.rank { continue }
        if let known = merged[a], known.rank == gain.rank {
          merged[a]!.humans += gain.humans
        } else {
          merged[a] = gain
        }
      }
    }
    return merged.sorted { $0.key < $1.key }.map { a, gain in
      let affected = gain.humans.sorted { index.idRank[$0] < index.idRank[$1] }
      let target = ranked[Int(agentReach[a][gain.rank] >> 3)]
      var candidate = Candidate(source: affected[0], target: target, tier: gain.tier, targetCount: agentReach[a].count)
      candidate.via = agents[a]
      candidate.related = Array(affected.dropFirst())
      return candidate
    }
  }

  /// Grants capped below `minTier` whose holder nevertheless reaches `minTier` through a pivot.
  func readCapPivots(_ view: TraversalView, minTier: Tier, index: PathIndex, plan: ReachPlan) -> [Candidate] {
    let graph = view.graph
    // Group the capped grants by (grantee, cap): the reach after the grant depends on nothing else.
    var grantors: [BatchReach.Seed: [(source: Int, edge: Int)]] = [:]
    for s in 0..<graph.nodeCount where view.isPresent(s) {
      for e in graph.outEdges(of: s) {
        let rule = view.rule(of: e)
        guard rule.isLive, let cap = rule.tier, cap < minTier else { continue }
        switch rule.edgeClass {
        case .inherit, .control, .invoke:
          grantors[BatchReach.Seed(node: graph.target(of: e), tier: cap), default: []].append((s, e))
        default: continue
        }
      }
    }
    let seeds = grantors.keys.sorted { ($0.node, $0.tier.rawValue) < ($1.node, $1.tier.rawValue) }
    let everything = Array(0..<graph.nodeCount)
    return worstTargets(view, sources: seeds, targets: everything, minTier: minTier, index: index, plan: plan).compactMap {
      found in
      let seed = seeds.first { $0.node == found.source }!
      let grants = grantors[seed]!.sorted { index.idRank[$0.source] < index.idRank[$1.source] }
      guard let first = grants.first(where: { $0.source != found.target }) else { return nil }
      var candidate = Candidate(
        source: first.source, target: found.target, tier: found.tier, targetCount: found.targetCount,
        prefix: (first.edge, seed.node, seed.tier))
      candidate.related = grants.dropFirst().map(\.source)
      return candidate
    }
  }

  /// Credentials and service accounts that several agents hold, directly or through a
  /// credential; credentials with the same `fingerprint` count as one key.
  func sharedNonHumans(_ view: TraversalView, minAgents: Int, index: PathIndex) -> [Candidate] {
    let graph = view.graph
    var holders: [Int: Set<Int>] = [:]
    func isHeld(_ rule: EdgeRule) -> Bool { rule.isLive && rule.edgeClass == .inherit }
    for a in 0..<graph.nodeCount where view.categories[a] == .agent && view.isPresent(a) {
      for e in graph.outEdges(of: a) where isHeld(view.rule(of: e)) {
        let x = graph.target(of: e)
        guard view.isPresent(x) else { continue }
        switch view.categories[x] {
        case .credential:
          holders[x, default: []].insert(a)
          for e2 in graph.outEdges(of: x) where isHeld(view.rule(of: e2)) && view.categories[graph.target(of: e2)] == .service {
            holders[graph.target(of: e2), default: []].insert(a)
          }
        case .service: holders[x, default: []].insert(a)
        default: continue
        }
      }
    }
    // The same key under several node ids: merge by fingerprint onto its first node.
    var byFingerprint: [String: [Int]] = [:]
    for x in holders.keys where view.categories[x] == .credential {
      if let fingerprint = graph.properties(of: x)["fingerprint"]?.matchText { byFingerprint[fingerprint, default: []].append(x) }
    }
    for nodes in byFingerprint.values where nodes.count > 1 {
      let ordered = nodes.sorted { index.idRank[$0] < index.idRank[$1] }
      for other in ordered.dropFirst() { holders[ordered[0], default: []].formUnion(holders.removeValue(forKey: other) ?? []) }
    }
    return holders.sorted { $0.key < $1.key }.compactMap { x, agents in
      guard agents.count >= minAgents else { return nil }
      let ordered = agents.sorted { index.idRank[$0] < index.idRank[$1] }
      var candidate = Candidate(source: ordered[0], target: x, tier: .read, targetCount: 1)
      candidate.related = Array(ordered.dropFirst())
      return candidate
    }
  }
}
