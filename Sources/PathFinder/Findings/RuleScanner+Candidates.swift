import AccessGraph

extension RuleScanner {
  /// The candidates of one rule, of the sources in `only` when it is set.
  func candidates(
    for rule: Rule, in view: TraversalView, index: PathIndex, plan: ReachPlan, only: Set<AccessGraph.NodeIndex>? = nil
  ) throws -> [Candidate] {
    func kept(_ nodes: [AccessGraph.NodeIndex]) -> [AccessGraph.NodeIndex] { only.map { o in nodes.filter(o.contains) } ?? nodes }
    let floor = rule.reportedTier
    switch rule.check {
    case .reach(let check):
      let v = view.excluding(check.require.exclusions)
      let sources = kept(try Selector(check.from).select(in: v))
      let targets = try Selector(check.to).select(in: v)
      return allTargets(
        v, sources: sources.map { BatchReach.Seed(node: $0) }, targets: targets, minTier: floor, index: index, plan: plan
      )
      .map {
        var c = $0
        c.require = check.require
        c.exclusions = check.require.exclusions
        return c
      }

    case .agentChainEscalation(let to, _):
      let agents = kept(nodes(of: .agent, in: view))
      let stop = view.categories.map { $0 == .agent }
      // Reaching a tier only by going through other agents makes every such path an agent
      // chain, so reach settles the shape.
      return escalations(
        view, sources: agents, stop: stop, to: try Selector(to).select(in: view), minTier: floor, index: index, plan: plan)

    case .confusedDeputy(let to, _):
      return deputies(view, to: try Selector(to).select(in: view), minTier: floor, index: index, plan: plan, only: only)

    case .readCapPivot(let to, _):
      return readCapPivots(view, to: try Selector(to).select(in: view), minTier: floor, index: index, plan: plan, only: only)

    case .disabledOwnerPaths(let to, _):
      let graph = view.graph
      let disabledHumans = (0..<graph.nodeCount).filter { view.categories[$0] == .human && view.isDisabled($0) }
      let disabledIDs = Set(disabledHumans.map(graph.id(of:)))
      let owned = (0..<graph.nodeCount).filter { n in
        view.categories[n].isNonHuman && graph.properties(of: n)["owner"].map { disabledIDs.contains($0.matchText) } == true
      }
      let seeds = kept(disabledHumans + owned).map { BatchReach.Seed(node: $0) }
      return allTargets(
        view, sources: seeds, targets: try Selector(to).select(in: view), minTier: floor, index: index, plan: plan)

    case .sharedNonHuman(let minAgents):
      return sharedNonHumans(view, minAgents: minAgents, index: index).filter { only?.contains($0.source) ?? true }
    }
  }

  /// The present nodes of a category.
  func nodes(of category: NodeCategory, in view: TraversalView) -> [AccessGraph.NodeIndex] {
    (0..<view.graph.nodeCount).filter { view.categories[$0] == category && view.isPresent($0) }
  }

  /// For each seed, every target it reaches at `minTier` or above, worst first: most
  /// sensitive, then highest tier, then lowest id.
  func allTargets(
    _ view: TraversalView, sources seeds: [BatchReach.Seed], targets: [AccessGraph.NodeIndex], minTier: Tier, index: PathIndex,
    plan: ReachPlan
  ) -> [Candidate] {
    zip(seeds, reachedTargets(view, seeds: seeds, targets: targets, minTier: minTier, index: index, plan: plan)).compactMap {
      seed, reached in reached.isEmpty ? nil : Candidate(source: seed.node, targets: reached)
    }
  }

  /// What each seed reaches among `targets` at `minTier` or above, worst first, in seed order.
  func reachedTargets(
    _ view: TraversalView, seeds: [BatchReach.Seed], targets: [AccessGraph.NodeIndex], minTier: Tier, index: PathIndex,
    plan: ReachPlan
  ) -> [[Candidate.Reached]] {
    let ranked = rankTargets(view, targets, index: index)
    return BatchReach.passes(view, seeds: seeds, plan: plan) { pass in
      Self.reached(in: pass, ranked: ranked, minTier: minTier)
    }.flatMap { $0 }.map { Self.unpack($0, ranked) }
  }

  /// For each seed of a pass, the targets in `ranked` it reaches at `minTier` or above (and
  /// `keep` accepts), packed as rank << 3 | tier, in rank order.
  static func reached(
    in pass: BatchReach, ranked: [AccessGraph.NodeIndex], minTier: Tier,
    keep: (_ target: Int, _ seed: Int, _ tier: Tier) -> Bool = { _, _, _ in true }
  ) -> [[UInt32]] {
    var reach = [[UInt32]](repeating: [], count: pass.seeds.count)
    for (rank, t) in ranked.enumerated() {
      var mask = pass.seedsReaching(t, atLeast: minTier)
      while mask != 0 {
        let s = mask.trailingZeroBitCount
        mask &= mask - 1
        guard pass.seeds[s].node != t, let tier = pass.tier(of: t, seed: s), keep(t, s, tier) else { continue }
        reach[s].append(UInt32(rank) << 3 | UInt32(tier.rawValue))
      }
    }
    return reach
  }

  static func unpack(_ packed: [UInt32], _ ranked: [AccessGraph.NodeIndex]) -> [Candidate.Reached] {
    packed.map { Candidate.Reached(target: ranked[Int($0 >> 3)], tier: Tier(rawValue: UInt8($0 & 7))!) }
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

  /// Humans who reach targets through an agent at a tier they lack on their own: one
  /// candidate per human, with every such target and the first agent (by id) giving it.
  ///
  /// Only humans who hold the agent uncapped (at admin) count; capped use is the read-grant
  /// rule's concern.
  func deputies(
    _ view: TraversalView, to targets: [AccessGraph.NodeIndex], minTier: Tier, index: PathIndex, plan: ReachPlan,
    only: Set<AccessGraph.NodeIndex>? = nil
  ) -> [Candidate] {
    let agents = nodes(of: .agent, in: view).sorted { index.idRank[$0] < index.idRank[$1] }
    let humans = nodes(of: .human, in: view).filter { only?.contains($0) ?? true }
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
        Candidate.Reached(target: ranked[Int(rank)], tier: Tier(rawValue: gain.tier)!, via: gain.agent)
      }
      return Candidate(source: human, targets: reached)
    }
  }

  /// Grants capped below the rule's tier whose holder nevertheless reaches it through a
  /// pivot: one candidate per grantor and grant.
  func readCapPivots(
    _ view: TraversalView, to targets: [AccessGraph.NodeIndex], minTier: Tier, index: PathIndex, plan: ReachPlan,
    only: Set<AccessGraph.NodeIndex>? = nil
  ) -> [Candidate] {
    let graph = view.graph
    // Group the capped grants by (grantee, cap): the reach after the grant depends on nothing else.
    var grantors: [BatchReach.Seed: [(source: Int, edge: Int)]] = [:]
    for s in 0..<graph.nodeCount where view.isPresent(s) && only?.contains(s) != false {
      for e in graph.outEdges(of: s) {
        let rule = view.rule(of: e)
        // A capped grant: the identity it gives is held below the rule's tier (a pivot's
        // cap is the tier it yields, not a cap on what was held).
        guard rule.isLive, rule.edgeClass != .pivot, let first = Holding.source.step(over: rule), first.isIdentity,
          first.tier < minTier
        else { continue }
        grantors[BatchReach.Seed(node: graph.target(of: e), tier: first.tier), default: []].append((s, e))
      }
    }
    let seeds = grantors.keys.sorted { ($0.node, $0.tier.rawValue) < ($1.node, $1.tier.rawValue) }
    let reached = reachedTargets(view, seeds: seeds, targets: targets, minTier: minTier, index: index, plan: plan)
    return zip(seeds, reached).flatMap { seed, found -> [Candidate] in
      grantors[seed]!.compactMap { grant in
        let targets = found.filter { $0.target != grant.source }
        guard !targets.isEmpty else { return nil }
        var candidate = Candidate(source: grant.source, targets: targets)
        candidate.prefix = (grant.edge, seed.node, seed.tier)
        return candidate
      }
    }
  }

  /// Credentials and service accounts that several agents hold, directly or through a
  /// credential; credentials with the same `fingerprint` count as one key. One candidate per
  /// agent, with every shared identity it holds.
  func sharedNonHumans(_ view: TraversalView, minAgents: Int, index: PathIndex) -> [Candidate] {
    let graph = view.graph
    // Per shared identity, its holders and the node each holds (a key under its own id).
    var holders: [Int: [Int: Int]] = [:]
    func isHeld(_ rule: EdgeRule) -> Bool { rule.isLive && rule.edgeClass == .inherit }
    for a in 0..<graph.nodeCount where view.categories[a] == .agent && view.isPresent(a) {
      for e in graph.outEdges(of: a) where isHeld(view.rule(of: e)) {
        let x = graph.target(of: e)
        guard view.isPresent(x) else { continue }
        switch view.categories[x] {
        case .credential:
          holders[x, default: [:]][a] = x
          for e2 in graph.outEdges(of: x) where isHeld(view.rule(of: e2)) && view.categories[graph.target(of: e2)] == .service {
            holders[graph.target(of: e2), default: [:]][a] = graph.target(of: e2)
          }
        case .service: holders[x, default: [:]][a] = x
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
      for other in ordered.dropFirst() {
        holders[ordered[0], default: [:]].merge(holders.removeValue(forKey: other) ?? [:]) { first, _ in first }
      }
    }
    var held: [Int: Set<Int>] = [:]
    var others: [Int: Set<Int>] = [:]
    for (_, agents) in holders where agents.count >= minAgents {
      for (a, node) in agents {
        held[a, default: []].insert(node)
        others[a, default: []].formUnion(agents.keys.filter { $0 != a })
      }
    }
    return held.keys.sorted { index.idRank[$0] < index.idRank[$1] }.map { a in
      let shared = held[a]!.sorted { index.idRank[$0] < index.idRank[$1] }
      var candidate = Candidate(source: a, targets: shared.map { Candidate.Reached(target: $0, tier: .read) })
      candidate.related = others[a]!.sorted { index.idRank[$0] < index.idRank[$1] }
      return candidate
    }
  }
}
