import AccessGraph

/// A scan's findings ranked by risk, each with the exposure of its first target and the
/// impact of its source: what `scan`, the review report and the triage summary show.
public struct Triage: Sendable {
  /// The findings, highest risk first; equal scores keep the scan's order.
  public let result: RuleScanner.Result
  /// For each finding of `result`, in order.
  public let scores: [RiskScore]
  public let exposures: [ExposureImpact.Exposure]
  public let impacts: [ExposureImpact.Impact]
  /// The measures behind them, for every sensitive target and every identity.
  public let measures: ExposureImpact
  /// How many of `measures.targets`, from the first, are the ones `sensitive` picks (the
  /// others are the findings' own targets).
  public let sensitiveCount: Int

  /// Measures the targets that `sensitive` picks and every finding's targets, then scores
  /// and ranks the findings.
  /// - Complexity: that of `ExposureImpact`, plus O(f log f) for f findings.
  public init(
    _ result: RuleScanner.Result, view: TraversalView, sensitive: Selector = RulePack.sensitive, plan: ReachPlan? = nil
  ) {
    var targets = sensitive.select(in: view)
    sensitiveCount = targets.count
    var seen = Set(targets)
    for f in result.findings { for x in f.exposures where seen.insert(x.target).inserted { targets.append(x.target) } }
    let measures = ExposureImpact(
      view, targets: targets, sources: result.findings.map(\.source), impactCount: sensitiveCount, plan: plan)
    let none = ExposureImpact.Exposure(byCategory: ExposureImpact.identityCategories.map { _ in 0 })
    let scored = result.findings.map { f -> (RiskScore, ExposureImpact.Exposure, ExposureImpact.Impact) in
      let first = f.exposures[0]
      let exposure = measures.exposure(of: first.target, atLeast: first.tier) ?? none
      let impact = measures.impact(of: f.source) ?? ExposureImpact.Impact(targets: 0, weighted: 0)
      let score = RiskScore(
        severity: first.severity, tier: first.tier, path: f.path, exposed: exposure.identities,
        identities: measures.identityCount, impact: impact.weighted)
      return (score, exposure, impact)
    }
    let totals = scored.map(\.0.total)
    let order = totals.indices.sorted { a, b in totals[a] != totals[b] ? totals[a] > totals[b] : a < b }
    var ranked = result
    ranked.findings = order.map { result.findings[$0] }
    self.result = ranked
    scores = order.map { scored[$0].0 }
    exposures = order.map { scored[$0].1 }
    impacts = order.map { scored[$0].2 }
    self.measures = measures
  }
}
