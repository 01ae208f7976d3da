import AccessGraph

/// A reach rule: identities selected by `from` that reach what `to` selects.
extension RuleScanner {
  func reachCandidates(_ check: Rule.ReachCheck, _ scope: CheckScope) -> [Candidate] {
    let v = scope.view.excluding(check.require.exclusions)
    let sources = scope.kept(check.from.select(in: v))
    return allTargets(
      v, sources: sources.map { BatchReach.Seed(node: $0) }, targets: check.to.select(in: v), minTier: scope.floor,
      index: scope.index, plan: scope.plan
    )
    .map {
      var c = $0
      c.require = check.require
      c.exclusions = check.require.exclusions
      return c
    }
  }

  static func reachMessage(_ w: ExposureWords) -> String {
    "\(w.source) reaches \(w.target)\(w.sensitivity) at \(w.tier)"
  }
}
