import AccessGraph
import PathFinder

/// Everything a scan reports, in the shape every output format starts from.
struct FindingReport: Encodable {
  struct Item: Encodable {
    var id: String
    var rule: String
    var title: String
    var severity: String
    var message: String
    var source: String
    var target: String
    var nodes: [String]
    var edges: [String]
    var tier: String
    var standing: Bool
    var gated: Bool
    var conditional: Bool?
    var crossDomain: Bool
    var agentChain: Bool
    var names: [String?]
    var steps: [PathStep]
    var targetCount: Int
    var furtherPaths: Int
    var furtherPathsCut: Bool
    var related: [String]
    var frameworks: [String]
    /// The (target, tier) exposures of the source under the rule, most severe first (the first
    /// `exposureLimit` of them unless all were asked for); each is its own finding for `diff`,
    /// `whatif` and the state database.
    var exposures: [Exposure]
    /// How many exposures the finding holds in all.
    var exposureCount: Int
  }

  struct Exposure: Encodable {
    var id: String
    var target: String
    var tier: String
    var severity: String
  }

  struct RuleInfo: Encodable {
    var id: String
    var title: String
    var severity: String
    var enabled: Bool
    var frameworks: [String]
    var remediation: String
    var findings: Int
  }

  struct Summary: Encodable {
    var nodes: Int
    var edges: Int
    var findings: Int
    /// (rule, source, target, tier) exposures the findings hold.
    var exposures: Int
    var bySeverity: [String: Int]
    var evaluatedAt: String
  }

  var summary: Summary
  var findings: [Item]
  var rules: [RuleInfo]

  /// Exposures listed per finding unless a command asks for all.
  static let defaultExposureLimit = 10

  init(result: RuleScanner.Result, rules: [Rule], view: TraversalView, exposureLimit: Int? = defaultExposureLimit) {
    let graph = view.graph
    let byID = Dictionary(uniqueKeysWithValues: rules.map { ($0.id, $0) })
    findings = result.findings.map { f in
      let path = PathJSON(f.path, in: view)
      let rule = byID[f.ruleID]
      return Item(
        id: f.id, rule: f.ruleID, title: rule?.title ?? f.ruleID, severity: f.severity.description, message: f.message,
        source: graph.id(of: f.source), target: graph.id(of: f.target), nodes: path.nodes, edges: path.edges, tier: path.tier,
        standing: path.standing, gated: path.gated, conditional: path.conditional, crossDomain: path.crossDomain,
        agentChain: path.agentChain,
        names: path.names ?? [], steps: path.steps ?? [],
        targetCount: f.targetCount, furtherPaths: f.furtherPaths, furtherPathsCut: f.furtherPathsCut,
        related: f.related.map(graph.id(of:)), frameworks: rule?.frameworks ?? [],
        exposures: f.exposures.prefix(exposureLimit ?? f.exposures.count).map {
          Exposure(
            id: f.key(of: $0, in: graph).id, target: graph.id(of: $0.target), tier: $0.tier.description,
            severity: $0.severity.description)
        }, exposureCount: f.exposures.count)
    }
    let counts = Dictionary(grouping: result.findings, by: \.ruleID).mapValues(\.count)
    self.rules = rules.map {
      RuleInfo(
        id: $0.id, title: $0.title, severity: $0.severity.description, enabled: $0.enabled, frameworks: $0.frameworks,
        remediation: $0.remediation, findings: counts[$0.id] ?? 0)
    }
    summary = Summary(
      nodes: graph.nodeCount, edges: graph.edgeCount, findings: findings.count,
      exposures: result.findings.reduce(0) { $0 + $1.exposures.count },
      bySeverity: Dictionary(grouping: result.findings, by: { $0.severity.description }).mapValues(\.count),
      evaluatedAt: Timestamp.format(view.at))
  }
}

extension FindingReport.Item {
  /// The witness in the path form every output shares.
  var path: PathJSON {
    PathJSON(
      nodes: nodes, edges: edges, tier: tier, standing: standing, gated: gated, crossDomain: crossDomain, agentChain: agentChain,
      names: names, steps: steps, conditional: conditional == true)
  }
}
