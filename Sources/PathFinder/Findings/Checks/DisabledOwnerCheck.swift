import AccessGraph

/// disabled-owner-paths: disabled humans, and the non-human identities they own, that still
/// reach sensitive targets.
extension RuleScanner {
  func disabledOwnerCandidates(to: Selector, _ scope: CheckScope) -> [Candidate] {
    let view = scope.view
    let graph = view.graph
    let disabledHumans = (0..<graph.nodeCount).filter { view.categories[$0] == .human && view.isDisabled($0) }
    let disabledIDs = Set(disabledHumans.map(graph.id(of:)))
    let owner = graph.propertyKey(named: "owner")
    let owned = (0..<graph.nodeCount).filter { n in
      view.categories[n].isNonHuman && graph.property(owner, of: n).map { disabledIDs.contains($0.matchText) } == true
    }
    let seeds = scope.kept(disabledHumans + owned).map { BatchReach.Seed(node: $0) }
    return allTargets(
      view, sources: seeds, targets: to.select(in: view), minTier: scope.floor, index: scope.index, plan: scope.plan)
  }

  static func disabledOwnerMessage(_ w: ExposureWords) -> String {
    let owner =
      w.graph.property("owner", of: w.finding.source).map { " (owned by disabled \($0.matchText))" } ?? " (disabled)"
    return "\(w.source)\(owner) still reaches \(w.target)\(w.sensitivity) at \(w.tier)"
  }
}
