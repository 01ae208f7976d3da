import AccessGraph

/// read-grant-pivot: grants capped below a tier whose holder still gets that tier through a
/// pivot.
extension RuleScanner {
  /// Grants capped below the rule's tier whose holder nevertheless reaches it through a
  /// pivot: one candidate per grantor and grant.
  func readCapPivots(to targets: [AccessGraph.NodeIndex], _ scope: CheckScope) -> [Candidate] {
    let (view, index, plan, only, minTier) = (scope.view, scope.index, scope.plan, scope.only, scope.floor)
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

  static func readCapPivotMessage(_ w: ExposureWords) -> String {
    let grant = w.graph.kindName(of: w.witness.edges[0])
    return
      "\(w.source)'s read-capped \(grant) to \(w.graph.id(of: w.witness.nodes[1])) leads to \(w.tier) on \(w.target)\(w.sensitivity) through a pivot"
  }
}
