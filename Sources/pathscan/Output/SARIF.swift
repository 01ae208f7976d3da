import AccessGraph
import Foundation
import PathFinder

/// SARIF 2.1.0, so code-scanning dashboards can take pathscan's findings.
///
/// Each finding is a result of its rule, located at the input file and line where its source
/// node is defined, with the witness path as a code flow of logical locations.
struct SARIFLog: Encodable {
  var version = "2.1.0"
  var schema = "https://json.schemastore.org/sarif-2.1.0.json"
  var runs: [Run]

  enum CodingKeys: String, CodingKey {
    case version
    case schema = "$schema"
    case runs
  }

  struct Run: Encodable {
    var tool: Tool
    var results: [Result]
  }

  struct Tool: Encodable {
    var driver: Driver
  }

  struct Driver: Encodable {
    var name = "pathscan"
    var version: String
    var informationUri = "https://github.com/pathscan/pathscan"
    var rules: [RuleDescriptor]
  }

  struct Message: Encodable {
    var text: String
  }

  struct RuleDescriptor: Encodable {
    var id: String
    var name: String
    var shortDescription: Message
    var fullDescription: Message
    var help: Message
    var defaultConfiguration: Configuration
    var properties: RuleProperties
  }

  struct Configuration: Encodable {
    var level: String
    var enabled: Bool
  }

  struct RuleProperties: Encodable {
    var tags: [String]
    var severity: String
    var securitySeverity: String

    enum CodingKeys: String, CodingKey {
      case tags, severity
      case securitySeverity = "security-severity"
    }
  }

  struct Result: Encodable {
    var ruleId: String
    var ruleIndex: Int
    var level: String
    var message: Message
    var locations: [Location]
    var partialFingerprints: [String: String]
    var codeFlows: [CodeFlow]
    var properties: ResultProperties
  }

  struct ResultProperties: Encodable {
    var findingId: String
    var severity: String
    var securitySeverity: String
    var exposures: [String]
    var tier: String
    var standing: Bool
    var gated: Bool
    var crossDomain: Bool
    var agentChain: Bool

    enum CodingKeys: String, CodingKey {
      case findingId, severity, exposures, tier, standing, gated, crossDomain, agentChain
      case securitySeverity = "security-severity"
    }
  }

  struct Location: Encodable {
    var physicalLocation: PhysicalLocation?
    var logicalLocations: [LogicalLocation]?
    var message: Message?
  }

  struct PhysicalLocation: Encodable {
    var artifactLocation: ArtifactLocation
    var region: Region?
  }

  struct ArtifactLocation: Encodable {
    var uri: String
  }

  struct Region: Encodable {
    var startLine: Int
  }

  struct LogicalLocation: Encodable {
    var name: String
    var fullyQualifiedName: String
    var kind: String
  }

  struct CodeFlow: Encodable {
    var threadFlows: [ThreadFlow]
  }

  struct ThreadFlow: Encodable {
    var locations: [ThreadFlowLocation]
  }

  struct ThreadFlowLocation: Encodable {
    var location: Location
  }

  /// A file path as a URI reference (spaces and other reserved characters escaped).
  static func uri(_ path: String) -> String {
    path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
  }

  /// The 0–10 score code-scanning dashboards sort by (GitHub reads `security-severity`:
  /// 9.0 and up is critical, 7.0 high, 4.0 medium, above 0 low).
  static func score(_ severity: String) -> String {
    switch severity {
    case "critical": "9.5"
    case "high": "8.0"
    case "medium": "5.5"
    case "low": "3.0"
    default: "0.0"
    }
  }

  static func level(_ severity: String) -> String {
    switch severity {
    case "critical", "high": "error"
    case "medium": "warning"
    default: "note"
    }
  }

  init(report: FindingReport, view: TraversalView, version: String) {
    let graph = view.graph
    let ruleIndex = Dictionary(uniqueKeysWithValues: report.rules.enumerated().map { ($1.id, $0) })
    let rules = report.rules.map { r in
      RuleDescriptor(
        id: r.id, name: r.id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(),
        shortDescription: Message(text: r.title), fullDescription: Message(text: r.title + "."),
        help: Message(text: r.remediation.isEmpty ? r.title : r.remediation),
        defaultConfiguration: Configuration(level: Self.level(r.severity), enabled: r.enabled),
        properties: RuleProperties(
          tags: ["security"] + r.frameworks, severity: r.severity, securitySeverity: Self.score(r.severity)))
    }
    let results = report.findings.map { item -> Result in
      let source = graph.index(of: item.source)!
      let origin = graph.origin(of: source)
      let physical = PhysicalLocation(
        artifactLocation: ArtifactLocation(uri: Self.uri(origin?.file ?? graph.sourceFiles.first ?? "input")),
        region: origin?.line.map { Region(startLine: $0) })
      let steps = item.nodes.enumerated().map { i, id in
        ThreadFlowLocation(
          location: Location(
            physicalLocation: nil,
            logicalLocations: [LogicalLocation(name: id, fullyQualifiedName: id, kind: "member")],
            message: Message(text: i == 0 ? "start: \(id)" : "\(item.edges[i - 1]) -> \(id)")))
      }
      return Result(
        ruleId: item.rule, ruleIndex: ruleIndex[item.rule] ?? 0, level: Self.level(item.severity),
        message: Message(text: item.message),
        locations: [
          Location(
            physicalLocation: physical,
            logicalLocations: [LogicalLocation(name: item.source, fullyQualifiedName: item.source, kind: "member")], message: nil)
        ],
        partialFingerprints: ["pathscanFindingId/v1": item.id],
        codeFlows: [CodeFlow(threadFlows: [ThreadFlow(locations: steps)])],
        properties: ResultProperties(
          findingId: item.id, severity: item.severity, securitySeverity: Self.score(item.severity),
          exposures: item.exposures.map(\.id), tier: item.tier, standing: item.standing, gated: item.gated,
          crossDomain: item.crossDomain, agentChain: item.agentChain))
    }
    runs = [Run(tool: Tool(driver: Driver(version: version, rules: rules)), results: results)]
  }
}
