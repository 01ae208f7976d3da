import AccessGraph
import Foundation
import PathFinder
import TestSupport
import Testing

@Suite("Exposure, impact and risk")
struct ExposureImpactTests {
  static let at = Timestamp.parse("2026-11-22T12:00:00Z")!
  static let sketch = """
    alice: Human
    bob: Human
    bot: Agent
    svc: ServiceAccount
    app: Application
    team: Group
    db: Resource sensitivity=critical
    logs: Resource sensitivity=high
    wiki: Resource
    alice -MemberOf-> team
    bob -MemberOf-> team
    team -CanAdmin-> db
    bot -CanRead-> db
    svc -CanAct-> logs
    bot -CanAct-> logs
    app -CanAdmin-> wiki
    """

  func measures() throws -> (AccessGraph, ExposureImpact) {
    let graph = try Sketch.graph(Self.sketch)
    let view = TraversalView(graph: graph, at: Self.at)
    let targets = ["db", "logs", "wiki"].map { graph.index(of: $0)! }
    return (graph, ExposureImpact(view, targets: targets, sources: [graph.index(of: "team")!]))
  }

  @Test("exposure counts the identities reaching a target at each tier or above, by category")
  func exposure() throws {
    let (graph, m) = try measures()
    #expect(m.identitiesByCategory == [2, 1, 1, 1])
    #expect(m.identityCount == 5)
    let db = graph.index(of: "db")!
    #expect(m.exposure(of: db, atLeast: .read)?.byCategory == [2, 1, 0, 0])
    #expect(m.exposure(of: db, atLeast: .act)?.byCategory == [2, 0, 0, 0])
    #expect(m.exposure(of: db, atLeast: .admin)?.identities == 2)
    let logs = graph.index(of: "logs")!
    #expect(m.exposure(of: logs, atLeast: .act)?.byCategory == [0, 1, 1, 0])
    #expect(m.exposure(of: logs, atLeast: .admin)?.identities == 0)
    #expect(m.exposure(of: graph.index(of: "wiki")!, atLeast: .admin)?.byCategory == [0, 0, 0, 1])
    #expect(m.exposure(of: graph.index(of: "team")!, atLeast: .read) == nil)
  }

  @Test("impact weights the targets reached at act or above by sensitivity; a group given as a source has one too")
  func impact() throws {
    let (graph, m) = try measures()
    func impact(_ id: String) -> ExposureImpact.Impact? { m.impact(of: graph.index(of: id)!) }
    #expect(impact("alice") == .init(targets: 1, weighted: 3))
    #expect(impact("bot") == .init(targets: 1, weighted: 2))  // db only at read
    #expect(impact("app") == .init(targets: 1, weighted: 1))
    #expect(impact("team") == .init(targets: 1, weighted: 3))
    #expect(impact("db") == nil)
  }

  @Test("the risk score is the sum of its documented parts")
  func score() {
    let score = RiskScore(severity: .high, tier: .admin, path: nil, exposed: 2, identities: 5, impact: 3)
    // 15 · ln 3 / ln 6 = 9.2; 5 · log10 4 = 3.0.
    #expect([score.severity, score.tier, score.exposure, score.impact, score.path] as [Int] == [30, 20, 9, 3, 0])
    #expect(score.total == 62)
    let most = RiskScore(severity: .critical, tier: .admin, path: nil, exposed: 5, identities: 5, impact: 10_000)
    #expect(most.total == 90)
    #expect(RiskScore(severity: .info, tier: .read, path: nil, exposed: 0, identities: 0, impact: 0).total == 0)
  }

  @Test("triage ranks findings by risk, keeping the scan's order between equal scores")
  func ranking() throws {
    let graph = try Sketch.graph(Self.sketch)
    let view = TraversalView(graph: graph, at: Self.at)
    let rule = Rule(
      id: "any", title: "t", severity: .high,
      check: .reach(
        .init(
          from: Selector(known: "category:human|agent|service|application"), to: Selector(known: "category:resource"),
          minTier: .act)))
    let result = RuleScanner(rules: [rule]).scan(view)
    let triage = Triage(result, view: view)
    let ranked = zip(triage.result.findings, triage.scores).map { "\(graph.id(of: $0.source)) \($1.total)" }
    // alice and bob: admin on the critical db is critical (40), admin (20), two of five
    // identities reach it at admin (15 · ln 3 / ln 6 = 9), impact 3 (5 · log10 4 = 3),
    // standing and ungated (7): 79. app: high, admin, one of five (6), no sensitive target
    // (the wiki has no sensitivity: impact 0), 7: 63.
    // bot and svc: high, act (14), two of five at act (9), impact 2 (2), 7: 62.
    #expect(ranked == ["alice 79", "bob 79", "app 63", "bot 62", "svc 62"])
    #expect(triage.exposures[0].identities == 2 && triage.impacts[0] == .init(targets: 1, weighted: 3))
  }
}
