import AccessGraph

/// What a scan hands every kind of check: the graph, its plan, the sources asked about and
/// the rule's lowest reported tier.
struct CheckScope {
  let view: TraversalView
  let index: PathIndex
  let plan: ReachPlan
  /// The sources to report on, or nil for all.
  let only: Set<AccessGraph.NodeIndex>?
  /// The lowest tier the rule reports.
  let floor: Tier

  /// `nodes` without those outside `only`.
  func kept(_ nodes: [AccessGraph.NodeIndex]) -> [AccessGraph.NodeIndex] { only.map { o in nodes.filter(o.contains) } ?? nodes }
}

/// What a finding's sentence is made of: the ids, tier and witness one exposure names.
struct ExposureWords {
  let finding: Finding
  let exposure: Finding.Exposure
  let witness: PrivilegePath
  let view: TraversalView

  var graph: AccessGraph { view.graph }
  var source: String { graph.id(of: finding.source) }
  var target: String { graph.id(of: exposure.target) }
  var tier: Tier { exposure.tier }
  /// ` (critical)` when the target has a sensitivity, else nothing.
  var sensitivity: String { RuleScanner.sensitivity(of: exposure.target, in: graph).map { " (\($0))" } ?? "" }
  /// The agents on the witness, in path order.
  var agents: [String] { witness.nodes.filter { view.categories[$0] == .agent }.map(graph.id(of:)) }
}

extension RuleScanner {
  /// The candidates of one rule, of the sources in `only` when it is set. Each kind of check
  /// finds them in its own file under Checks/.
  func candidates(
    for rule: Rule, in view: TraversalView, index: PathIndex, plan: ReachPlan, only: Set<AccessGraph.NodeIndex>? = nil
  ) -> [Candidate] {
    let scope = CheckScope(view: view, index: index, plan: plan, only: only, floor: rule.reportedTier)
    switch rule.check {
    case .reach(let check): return reachCandidates(check, scope)
    case .agentChainEscalation(let to, _): return agentChainCandidates(to: to, scope)
    case .confusedDeputy(let to, _): return deputies(to: to.select(in: view), scope)
    case .readCapPivot(let to, _): return readCapPivots(to: to.select(in: view), scope)
    case .disabledOwnerPaths(let to, _): return disabledOwnerCandidates(to: to, scope)
    case .sharedNonHuman(let minAgents):
      return sharedNonHumans(view, minAgents: minAgents, index: index).filter { only?.contains($0.source) ?? true }
    }
  }

  /// What one exposure of `finding` says, in a sentence, given its witness `path`.
  /// - Complexity: O(length of the path).
  public static func message(
    rule: Rule, finding f: Finding, exposure: Finding.Exposure, path witness: PrivilegePath, view: TraversalView
  ) -> String {
    let words = ExposureWords(finding: f, exposure: exposure, witness: witness, view: view)
    switch rule.check {
    case .reach: return reachMessage(words)
    case .agentChainEscalation: return agentChainMessage(words)
    case .confusedDeputy: return deputyMessage(words)
    case .readCapPivot: return readCapPivotMessage(words)
    case .disabledOwnerPaths: return disabledOwnerMessage(words)
    case .sharedNonHuman: return sharedNonHumanMessage(words)
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
    // Each target's sensitivity read once, not once a comparison, its key looked up once.
    let sensitivity = graph.propertyKey(named: "sensitivity")
    let keyed = targets.map { t in
      (t, graph.property(sensitivity, of: t).flatMap { order[$0.matchText] } ?? 4, index.idRank[t])
    }
    return keyed.sorted { a, b in a.1 != b.1 ? a.1 < b.1 : a.2 < b.2 }.map(\.0)
  }

}
