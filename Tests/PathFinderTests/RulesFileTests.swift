import AccessGraph
import Foundation
import PathFinder
import TestSupport
import Testing
import YAMLDocuments

@Suite("Rules file")
struct RulesFileTests {
  static let view = TraversalView(
    graph: try! Sketch.graph(
      """
      bot: Agent
      arn:aws:iam::1:role/pay: Role
      payments-db: Resource
      ledger: Resource
      bot -CanAdmin-> payments-db
      bot -CanAdmin-> ledger
      bot -CanAct-> arn:aws:iam::1:role/pay
      """),
    at: Timestamp.parse("2026-11-22T00:00:00Z")!)

  /// (rule, source, target) of every finding of the file's own rules.
  func findings(_ yaml: String) throws -> [String] {
    let rules = try RulesFile.parse(yaml, file: "rules.yaml", over: [])
    let graph = Self.view.graph
    return RuleScanner(rules: rules).scan(Self.view).findings.map {
      "\($0.ruleID) \(graph.id(of: $0.source)) -> \(graph.id(of: $0.target))"
    }
  }

  @Test("a plain id selects that node, and an id with colons is taken whole")
  func plainIDs() throws {
    let yaml = """
      rules:
        - id: payments
          from: "category:agent"
          to: payments-db
          min_tier: admin
        - id: role
          from: bot
          to: "arn:aws:iam::1:role/pay"
      """
    #expect(try findings(yaml) == ["payments bot -> payments-db", "role bot -> arn:aws:iam::1:role/pay"])
  }

  @Test("a built-in rule takes a new target and tier; the selectors it does not take are errors at their place")
  func overlays() throws {
    let rules = try RulesFile.parse(
      "rules:\n  - id: agent-chain-escalation\n    to: payments-db\n    min_tier: admin\n", file: "rules.yaml",
      over: RulePack.builtIn)
    let chain = try #require(rules.first { $0.id == "agent-chain-escalation" })
    #expect(chain.check.to?.text == "payments-db" && chain.check.minTier == .admin)
    let notTaken = #expect(throws: YAMLDocumentError.self) {
      try RulesFile.parse("rules:\n  - id: agent-chain-escalation\n    from: bot\n", file: "rules.yaml", over: RulePack.builtIn)
    }
    #expect(notTaken?.description == "rules.yaml:3:11: rule 'agent-chain-escalation' does not take from")
    let error = #expect(throws: YAMLDocumentError.self) {
      try RulesFile.parse("rules:\n  - id: mine\n    from: \"kind:Agent,oops\"\n", file: "rules.yaml", over: [])
    }
    #expect(error?.description.hasPrefix("rules.yaml:3:11: selector 'kind:Agent,oops': term 'oops'") == true)
  }

  @Test("a changes file's errors name the changes file and the place")
  func changesFile() throws {
    let scratch = try TemporaryDirectory("pathscan-changes")
    let dir = scratch.url
    let missing = dir.appendingPathComponent("none.yaml").path
    let unreadable = #expect(throws: YAMLDocumentError.self) { try ChangesFile.load(missing) }
    #expect(unreadable?.description == "\(missing): cannot read the changes file")
    let file = dir.appendingPathComponent("changes.yaml")
    try Data("remove_edges:\n  - {from: bot, kind: CanAdmin, to: ledger}\nadd_edge: []\n".utf8).write(to: file)
    let error = #expect(throws: YAMLDocumentError.self) { try ChangesFile.load(file.path) }
    #expect(error?.description.hasPrefix("\(file.path):3:1: unknown key 'add_edge'; did you mean add_edges?") == true)
    try Data("remove_edges:\n  - {from: bot, kind: CanAdmin, to: ledger}\n".utf8).write(to: file)
    #expect(try ChangesFile.load(file.path).removeEdges == [.init(from: "bot", kind: "CanAdmin", to: "ledger")])
  }
}
