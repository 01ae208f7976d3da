import AccessGraph
import PathFinder
import Storage

/// A scan kept with what it was run on, so that any of its exposures can be reported in
/// full (with a witness found on demand) by `diff` and `whatif`.
struct ScanOutcome {
  let result: RuleScanner.Result
  let scanner: RuleScanner
  let rules: [Rule]
  let view: TraversalView
  /// Where each exposure is: its finding and its place in that finding's exposures.
  let places: [Finding.Key: (finding: Int, exposure: Int)]

  init(rules: [Rule], view: TraversalView, progress: (@Sendable (String) -> Void)? = nil) throws {
    let scanner = RuleScanner(rules: rules)
    self.init(result: scanner.scan(view, progress: progress), scanner: scanner, rules: rules, view: view)
  }

  init(result: RuleScanner.Result, scanner: RuleScanner, rules: [Rule], view: TraversalView) {
    var places: [Finding.Key: (Int, Int)] = [:]
    for (f, finding) in result.findings.enumerated() {
      for (x, exposure) in finding.exposures.enumerated() { places[finding.key(of: exposure, in: view.graph)] = (f, x) }
    }
    self.init(result: result, scanner: scanner, rules: rules, view: view, places: places)
  }

  /// The outcome for only the exposures in `places` (what a what-if reports), without a
  /// key for every other one.
  init(
    result: RuleScanner.Result, scanner: RuleScanner, rules: [Rule], view: TraversalView,
    places: [Finding.Key: (finding: Int, exposure: Int)]
  ) {
    self.result = result
    self.scanner = scanner
    self.rules = rules
    self.view = view
    self.places = places
  }

  var keys: Set<Finding.Key> { Set(places.keys) }

  /// One exposure in full; its path is found afresh unless it is its finding's first.
  func item(_ key: Finding.Key) -> ExposureItem {
    let (f, x) = places[key]!
    let finding = result.findings[f]
    let exposure = finding.exposures[x]
    let path = scanner.witness(of: exposure, in: finding, view: view)
    let rule = rules.first { $0.id == key.rule }
    let message =
      x == 0
      ? finding.message
      : rule.flatMap { rule in
        path.map { RuleScanner.message(rule: rule, finding: finding, exposure: exposure, path: $0, view: view) }
      }
        ?? ExposureItem.message(key, sensitivity: sensitivity(exposure.target))
    return ExposureItem(
      id: key.id, finding: finding.id, rule: key.rule, title: rule?.title ?? key.rule, severity: exposure.severity.description,
      source: key.source, target: key.target, tier: key.tier.description, message: message,
      path: path.map { PathJSON($0, in: view) })
  }

  private func sensitivity(_ n: AccessGraph.NodeIndex) -> String? { view.graph.property("sensitivity", of: n)?.matchText }

  /// Every exposure in the state database's form: the witness path kept for each finding's
  /// first exposure (the others' paths are found when reported).
  var stored: [StoredFinding] {
    result.findings.flatMap { finding in
      let path = PathJSON(finding.path, in: view)
      return finding.exposures.enumerated().map { x, exposure in
        let key = finding.key(of: exposure, in: view.graph)
        return StoredFinding(
          id: key.id, finding: finding.id, rule: key.rule, severity: exposure.severity.description,
          source: key.source, target: key.target, tier: exposure.tier.description,
          message: x == 0
            ? finding.message
            : ExposureItem.message(key, sensitivity: sensitivity(exposure.target)),
          nodes: x == 0 ? path.nodes : [], edges: x == 0 ? path.edges : [], flags: x == 0 ? path.flags : [])
      }
    }
  }
}

/// One exposure (rule, source, target, tier) in full, as `diff` and `whatif` list them.
struct ExposureItem: Encodable, Equatable {
  var id: String
  /// The id of the finding that lists it (its source's exposures under the rule).
  var finding: String
  var rule: String
  var title: String
  var severity: String
  var source: String
  var target: String
  var tier: String
  var message: String
  /// The witness; nil only when a stored exposure was not its finding's first.
  var path: PathJSON?

  init(
    id: String, finding: String, rule: String, title: String, severity: String, source: String, target: String, tier: String,
    message: String, path: PathJSON?
  ) {
    self.id = id
    self.finding = finding
    self.rule = rule
    self.title = title
    self.severity = severity
    self.source = source
    self.target = target
    self.tier = tier
    self.message = message
    self.path = path
  }

  /// A stored exposure, as an earlier run recorded it.
  init(_ stored: StoredFinding, rules: [Rule]) {
    self.init(
      id: stored.id, finding: stored.finding, rule: stored.rule,
      title: rules.first { $0.id == stored.rule }?.title ?? stored.rule,
      severity: stored.severity, source: stored.source, target: stored.target, tier: stored.tier, message: stored.message,
      path: stored.nodes.isEmpty
        ? nil
        : PathJSON(
          nodes: stored.nodes, edges: stored.edges, tier: stored.tier, standing: !stored.flags.contains("just-in-time"),
          gated: stored.flags.contains("gated"), crossDomain: stored.flags.contains("cross-domain"),
          agentChain: stored.flags.contains("agent chain"), conditional: stored.flags.contains("conditional")))
  }

  static func message(_ key: Finding.Key, sensitivity: String?) -> String {
    "\(key.source) reaches \(key.target)\(sensitivity.map { " (\($0))" } ?? "") at \(key.tier)"
  }

  /// `+ PS-… [high] rule: message` and, indented below, the path.
  func lines(sign: String) -> [String] {
    ["\(sign) \(id) [\(severity)] \(rule): \(message)"] + (path.map { ["    path: \(PathText.line($0))"] } ?? [])
  }
}

extension Finding.Key {
  /// The key of a stored exposure, or nil when its tier is not a tier's name.
  init?(_ stored: StoredFinding) {
    guard let tier = Tier(name: stored.tier) else { return nil }
    self.init(rule: stored.rule, source: stored.source, target: stored.target, tier: tier)
  }
}
