import AccessGraph
import Foundation
import PathFinder
import TestSupport
import Testing

@Suite("Choke points")
struct ChokePointsTests {
  static let at = Timestamp.parse("2026-11-22T12:00:00Z")!
  let rule = Rule(
    id: "admin", title: "t", severity: .high,
    check: .reach(.init(from: Selector(known: "category:human"), to: Selector(known: "category:resource"), minTier: .admin)))

  @Test("the shared grant ranks first; the budgeted set cuts everything; every count is what re-analysis finds")
  func ranking() throws {
    let graph = try Sketch.graph(
      """
      alice: Human
      bob: Human
      carol: Human
      team: Group
      db: Resource
      alice -MemberOf-> team
      bob -MemberOf-> team
      team -CanAdmin-> db
      carol -CanAdmin-> db
      """)
    let view = TraversalView(graph: graph, at: Self.at)
    let scanner = RuleScanner(rules: [rule])
    let cuts = ChokePoints(view, scanner: scanner, include: { _, _ in true }, top: 3, budget: 2)
    #expect(cuts.considered.count == 3)
    #expect(cuts.ranked.map { "\($0.edges[0]) \($0.removed.count)" }.first == "team -[CanAdmin]-> db 2")
    #expect(Set(cuts.ranked.dropFirst().map { $0.removed.count }) == [1])
    #expect(cuts.budgeted.map { $0.edges.map(\.description) }.last == ["team -[CanAdmin]-> db", "carol -[CanAdmin]-> db"])
    #expect(cuts.budgeted.last?.removed == cuts.considered)
    // Against the deliberately simple reference: two full scans with the edges removed.
    for cut in cuts.ranked + cuts.budgeted {
      let (removed, _) = try WhatIfTests.twoScans(view, GraphChanges(removeEdges: cut.edges), scanner: scanner)
      #expect(removed == cut.removed)
    }
  }

  @Test("an exposure with a second path is not counted as cut by one of them")
  func secondPath() throws {
    let graph = try Sketch.graph(
      """
      alice: Human
      team: Group
      ops: Group
      db: Resource
      alice -MemberOf-> team
      alice -MemberOf-> ops
      team -CanAdmin-> db
      ops -CanAdmin-> db
      """)
    let view = TraversalView(graph: graph, at: Self.at)
    let cuts = ChokePoints(view, scanner: RuleScanner(rules: [rule]), include: { _, _ in true }, top: 5, budget: 2)
    #expect(cuts.ranked.isEmpty)
    #expect(cuts.budgeted.count == 2 && cuts.budgeted[0].removed.isEmpty && cuts.budgeted[1].removed.count == 1)
  }

  @Test(
    "on random graphs under the built-in rules, every single and budgeted cut removes what two full scans say",
    arguments: 0..<3)
  func equalsTwoScans(batch: UInt64) throws {
    var rng = SeededRandom(seed: 0xC40C + batch)
    var cut = 0
    for _ in 0..<150 {
      let (nodes, edges) = WhatIfTests.randomSketch(using: &rng)
      let view = TraversalView(graph: try Sketch.graph((nodes + edges).joined(separator: "\n")), at: WhatIfTests.at)
      let scanner = RuleScanner()
      let cuts = ChokePoints(view, scanner: scanner, include: { _, _ in true }, top: 3, budget: 3)
      for c in cuts.ranked + cuts.budgeted {
        let (removed, _) = try WhatIfTests.twoScans(view, GraphChanges(removeEdges: c.edges), scanner: scanner)
        #expect(c.removed == removed.intersection(cuts.considered), "\(c.edges)")
        cut += c.removed.count
      }
    }
    #expect(cut > 50)
  }
}
