import AccessGraph
import PathFinder

/// Everything a scan reports, in the shape every output format starts from.
struct FindingReport: Codable {
  struct Item: Codable {
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
    /// With triage: the risk score (0–100) and its parts, the identities exposed to the
    /// first target at its tier, and what the source reaches downstream.
    var risk: Risk?
    var exposure: TargetExposure?
    var impact: SourceImpact?
  }

  struct Risk: Codable {
    var score: Int
    var severity: Int
    var tier: Int
    var exposure: Int
    var impact: Int
    var path: Int

    init(_ score: RiskScore) {
      self.score = score.total
      severity = score.severity
      tier = score.tier
      exposure = score.exposure
      impact = score.impact
      path = score.path
    }
  }

  /// Identities that reach a target at a tier or above.
  struct TargetExposure: Codable {
    var identities: Int
    /// Of all identities in the graph.
    var share: Double
    var byCategory: [String: Int]

    init(_ exposure: ExposureImpact.Exposure, of total: Int) {
      identities = exposure.identities
      share = total > 0 ? Double(exposure.identities) / Double(total) : 0
      byCategory = Dictionary(
        uniqueKeysWithValues: zip(ExposureImpact.identityCategories, exposure.byCategory).filter { $0.1 > 0 }.map {
          ("\($0.0)", $0.1)
        })
    }
  }

  /// Sensitive targets a source reaches at act or above.
  struct SourceImpact: Codable {
    var targets: Int
    /// Weighted by sensitivity: critical 3, high 2, else 1.
    var weighted: Int
  }

  /// A sensitive target and how exposed it is.
  struct ExposedTarget: Codable {
    var id: String
    var sensitivity: String?
    /// Identities reaching it at act or above, and at admin.
    var act: TargetExposure
    var admin: TargetExposure
  }

  struct Exposure: Codable {
    var id: String
    var target: String
    var tier: String
    var severity: String
  }

  struct RuleInfo: Codable {
    var id: String
    var title: String
    var severity: String
    var enabled: Bool
    var frameworks: [String]
    var remediation: String
    var findings: Int
  }

  struct Summary: Codable {
    var nodes: Int
    var edges: Int
    var findings: Int
    /// (rule, source, target, tier) exposures the findings hold.
    var exposures: Int
    var bySeverity: [String: Int]
    var evaluatedAt: String
    /// With triage: present identities (humans, agents, service accounts, applications), and
    /// the sensitive targets most of them reach at act or above.
    var identities: Int?
    var mostExposed: [ExposedTarget]?
  }

  /// A grant whose removal takes exposures away, verified by re-analysis.
  struct ChokePoint: Codable {
    var edge: String
    var removes: Int
    var of: Int
  }

  /// Which part of a sharded scan this is (`scan --shard`), for `pathscan merge`.
  struct Shard: Codable, Equatable {
    var index: Int
    var count: Int
  }

  var summary: Summary
  var findings: [Item]
  var rules: [RuleInfo]
  var shard: Shard?
  /// With triage in the text report: the top choke points of the reported exposures.
  var chokePoints: [ChokePoint]?
  /// Whether the text report left choke points out for the number of findings.
  var chokePointsLeftOut = false

  enum CodingKeys: String, CodingKey {
    case summary, findings, rules, shard, chokePoints
  }

  /// Exposures listed per finding unless a command asks for all.
  static let defaultExposureLimit = 10

  /// The report of a ranked scan: findings highest risk first, each with its measures.
  /// With `top`, only the first `top` findings are listed; the summary counts them all.
  init(
    triage: Triage, rules: [Rule], view: TraversalView, exposureLimit: Int? = defaultExposureLimit, top: Int? = nil,
    mostExposed: Int = 10
  ) {
    self.init(result: triage.result, rules: rules, view: view, exposureLimit: exposureLimit, top: top)
    let total = triage.measures.identityCount
    for i in findings.indices {
      findings[i].risk = Risk(triage.scores[i])
      findings[i].exposure = TargetExposure(triage.exposures[i], of: total)
      findings[i].impact = SourceImpact(targets: triage.impacts[i].targets, weighted: triage.impacts[i].weighted)
    }
    summary.identities = total
    let measures = triage.measures
    let graph = view.graph
    // The sensitive targets alone: the findings' other targets differ from shard to shard.
    let atAct = measures.targets.prefix(triage.sensitiveCount).compactMap { t in
      measures.exposure(of: t, atLeast: .act).map { (t, $0) }
    }.filter { $0.1.identities > 0 }
    summary.mostExposed = atAct.sorted { a, b in
      a.1.identities != b.1.identities ? a.1.identities > b.1.identities : graph.id(of: a.0) < graph.id(of: b.0)
    }.prefix(mostExposed).map { t, act in
      ExposedTarget(
        id: graph.id(of: t), sensitivity: graph.property("sensitivity", of: t)?.matchText,
        act: TargetExposure(act, of: total),
        admin: TargetExposure(measures.exposure(of: t, atLeast: .admin)!, of: total))
    }
  }

  init(
    result: RuleScanner.Result, rules: [Rule], view: TraversalView, exposureLimit: Int? = defaultExposureLimit,
    top: Int? = nil
  ) {
    let graph = view.graph
    let byID = Dictionary(uniqueKeysWithValues: rules.map { ($0.id, $0) })
    findings = result.findings.prefix(top ?? result.findings.count).map { f in
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
      nodes: graph.nodeCount, edges: graph.edgeCount, findings: result.findings.count,
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
