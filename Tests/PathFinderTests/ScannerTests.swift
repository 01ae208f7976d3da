import AccessGraph
import Foundation
import Importers
import PathFinder
import TestSupport
import Testing

@Suite("Scan rules")
struct ScannerTests {
  static let at = Timestamp.parse("2026-11-22T00:00:00Z")!

  /// (rule, source, target, tier, path as "a>b>c") for every finding.
  func scan(_ sketch: String, rules: [Rule] = RulePack.builtIn) throws -> [String] {
    let view = TraversalView(graph: try Sketch.graph(sketch), at: Self.at)
    let graph = view.graph
    return RuleScanner(rules: rules).scan(view).findings.map { f in
      "\(f.ruleID) \(graph.id(of: f.source))->\(graph.id(of: f.target)) \(f.path.tier) "
        + f.path.nodes.map(graph.id(of:)).joined(separator: ">")
    }
  }

  /// (rule, source, target, tier, severity) for every exposure, and the path that shows it.
  func exposures(_ sketch: String, rules: [Rule]) throws -> [String] {
    let view = TraversalView(graph: try Sketch.graph(sketch), at: Self.at)
    let graph = view.graph
    let scanner = RuleScanner(rules: rules)
    return scanner.scan(view).findings.flatMap { f in
      f.exposures.map { x in
        let path = scanner.witness(of: x, in: f, view: view).map { $0.nodes.map(graph.id(of:)).joined(separator: ">") } ?? "none"
        let key = f.key(of: x, in: graph)
        return "\(key.rule) \(key.source)->\(key.target) \(x.tier) \(x.severity) \(path)"
      }
    }
  }

  func only(_ id: String) -> [Rule] { RulePack.builtIn.filter { $0.id == id } }

  @Test("agent-chain-escalation: only the tier gained by invoking another agent counts")
  func agentChain() throws {
    let sketch = """
      a1: Agent
      a2: Agent
      a3: Agent
      db: Resource sensitivity=critical
      logs: Resource sensitivity=high
      a1 -CanInvoke-> a2
      a2 -CanAdmin-> db
      a1 -CanAct-> logs
      a3 -CanInvoke-> a1
      """
    #expect(
      try scan(sketch, rules: only("agent-chain-escalation")) == [
        "agent-chain-escalation a1->db admin a1>a2>db",
        "agent-chain-escalation a3->db admin a3>a1>a2>db",
      ])
  }

  @Test("nhi-standing-privilege: just-in-time and non-sensitive access do not count")
  func standing() throws {
    let sketch = """
      bot: Agent
      app: Application
      db: Resource sensitivity=high
      wiki: Resource sensitivity=low
      vault: Resource sensitivity=critical
      bot -CanAdmin-> db expires=2027-01-01T00:00:00Z
      bot -CanAdmin-> wiki
      app -CanRead-> vault
      app -CanAct-> db
      """
    #expect(try scan(sketch, rules: only("nhi-standing-privilege")) == ["nhi-standing-privilege app->db act app>db"])
  }

  @Test("support-to-iam-secops: support identities reaching IAM or secops resources at act")
  func crossDomain() throws {
    let sketch = """
      s: Human domain=support
      i: Human domain=iam
      g: Group domain=support
      idp: Resource domain=iam
      soc: Resource domain=secops
      s -MemberOf-> g
      g -CanAct-> idp
      g -CanRead-> soc
      i -CanAdmin-> idp
      """
    #expect(try scan(sketch, rules: only("support-to-iam-secops")) == ["support-to-iam-secops s->idp act s>g>idp"])
  }

  @Test("confused-deputy: one exposure per human and target they gain through an agent")
  func deputy() throws {
    let sketch = """
      h1: Human
      h2: Human
      h3: Human
      bot: Agent
      db: Resource sensitivity=critical
      h1 -CanInvoke-> bot
      h2 -CanInvoke-> bot
      h3 -CanInvoke-> bot
      h3 -CanAdmin-> db
      bot -CanAdmin-> db
      """
    #expect(
      try exposures(sketch, rules: only("confused-deputy")) == [
        "confused-deputy h1->db admin critical h1>bot>db", "confused-deputy h2->db admin critical h2>bot>db",
      ])
    let view = TraversalView(graph: try Sketch.graph(sketch), at: Self.at)
    let f = try #require(RuleScanner(rules: only("confused-deputy")).scan(view).findings.first)
    #expect(f.message == "agent bot lets h1 reach db (critical) at admin, which they cannot reach without agents")
  }

  @Test("a source's exposures come in one order: most severe, then worst target, then id; each through its own deputy")
  func exposuresAreOrdered() throws {
    // One human, seven deputies, one critical target each, plus two deputies sharing a
    // target: candidates come out of dictionaries, so without a full order the list would
    // change from run to run.
    var lines = ["h: Human", "shared: Resource sensitivity=critical", "minor: Resource sensitivity=high"]
    for i in (1...7).reversed() {
      lines += [
        "bot\(i): Agent", "db\(i): Resource sensitivity=critical", "h -CanInvoke-> bot\(i)", "bot\(i) -CanAdmin-> db\(i)",
      ]
    }
    lines += ["bot8: Agent", "bot9: Agent", "h -CanInvoke-> bot8", "h -CanInvoke-> bot9"]
    lines += ["bot8 -CanAdmin-> shared", "bot9 -CanAdmin-> shared", "bot9 -CanAdmin-> minor"]
    let found = try exposures(lines.joined(separator: "\n"), rules: only("confused-deputy"))
    #expect(
      found
        == (1...7).map { "confused-deputy h->db\($0) admin critical h>bot\($0)>db\($0)" } + [
          "confused-deputy h->shared admin critical h>bot8>shared", "confused-deputy h->minor admin high h>bot9>minor",
        ])
  }

  @Test("read-grant-pivot: each grantor of a read-capped grant that pivots to admin is its own finding")
  func readPivot() throws {
    let sketch = """
      u1: Human
      u2: Human
      app: Application
      vault: Resource
      key: Credential
      svc: ServiceAccount
      crown: Resource sensitivity=critical
      u1 -CanInvoke-> app scopes=files.read
      u2 -CanInvoke-> app tier=read
      app -CanRead-> vault
      vault -Contains-> key
      key -AuthenticatesAs-> svc
      svc -CanAdmin-> crown
      """
    let found = try exposures(sketch, rules: only("read-grant-pivot"))
    #expect(
      found.filter { $0.contains("->crown ") } == [
        "read-grant-pivot u1->crown admin critical u1>app>vault>key>svc>crown",
        "read-grant-pivot u2->crown admin critical u2>app>vault>key>svc>crown",
      ])
  }

  @Test("unowned-nhi-critical and disabled-owner-paths")
  func ownership() throws {
    let sketch = """
      gone: Human disabled=true
      kept: Agent owner=gone
      orphan: ServiceAccount
      owned: ServiceAccount owner=someone
      db: Resource sensitivity=critical
      kept -CanRead-> db
      orphan -CanAct-> db
      owned -CanAdmin-> db
      gone -CanRead-> db
      """
    #expect(try scan(sketch, rules: only("unowned-nhi-critical")) == ["unowned-nhi-critical orphan->db act orphan>db"])
    #expect(
      try scan(sketch, rules: only("disabled-owner-paths")) == [
        "disabled-owner-paths gone->db read gone>db", "disabled-owner-paths kept->db read kept>db",
      ])
  }

  @Test("shared-nhi: one key under two ids (same fingerprint) and a service reached through keys")
  func shared() throws {
    let sketch = """
      a1: Agent
      a2: Agent
      a3: Agent
      k1: Credential fingerprint=sha256:ab12
      k2: Credential fingerprint=sha256:ab12
      k3: Credential
      svc: ServiceAccount
      a1 -HasCredential-> k1
      a2 -HasCredential-> k2
      a3 -HasCredential-> k3
      k3 -AuthenticatesAs-> svc
      a1 -CanAssume-> svc
      """
    #expect(
      try exposures(sketch, rules: only("shared-nhi")) == [
        "shared-nhi a1->k1 read medium a1>k1", "shared-nhi a1->svc read medium a1>svc", "shared-nhi a2->k2 read medium a2>k2",
        "shared-nhi a3->svc read medium a3>k3>svc",
      ])
  }

  @Test("finding ids are stable across runs and differ between rules and paths")
  func stableIDs() throws {
    let graph = try Sketch.graph("a: Agent\ndb: Resource sensitivity=critical\na -CanAdmin-> db")
    let view = TraversalView(graph: graph, at: Self.at)
    let first = RuleScanner().scan(view).findings.map(\.id)
    let second = RuleScanner().scan(TraversalView(graph: graph, at: Self.at)).findings.map(\.id)
    #expect(first == second)
    #expect(Set(first).count == first.count)
    #expect(first.allSatisfy { $0.hasPrefix("PS-") && $0.count == 15 })
  }

  @Test("a custom reach rule with path requirements")
  func customRule() throws {
    let rule = Rule(
      id: "gated-admin", title: "t", severity: .low,
      check: .reach(
        .init(
          from: Selector(known: "category:human"), to: Selector(known: "category:resource"), minTier: .admin,
          require: .init(gated: true))))
    let sketch = """
      a: Human
      b: Human
      db: Resource
      a -CanAdmin-> db requiresApproval=true
      b -CanAdmin-> db
      """
    #expect(try scan(sketch, rules: [rule]) == ["gated-admin a->db admin a>db"])
  }

  @Test("an exposure found by its id alone is the scan's exposure, with the same severity and witness")
  func findByID() throws {
    let graph = try InputLoader().load([Fixtures.project("examples/support-escalation.json")]).graph
    let view = TraversalView(graph: graph, at: Self.at)
    let scanner = RuleScanner()
    let scan = scanner.scan(view)
    var checked = 0
    for finding in scan.findings {
      for exposure in finding.exposures {
        let id = finding.key(of: exposure, in: graph).id
        let (found, located) = try #require(scanner.finding(withID: id, in: view))
        #expect(found.key(of: located, in: graph) == finding.key(of: exposure, in: graph))
        #expect(located.severity == exposure.severity)
        #expect(scanner.witness(of: located, in: found, view: view) == scanner.witness(of: exposure, in: finding, view: view))
        checked += 1
      }
    }
    #expect(checked == 46)
    #expect(scanner.finding(withID: "PS-000000000000", in: view) == nil)
  }
}

extension ScannerTests {
  @Test("with no budget for the bounded search, every witness is the shortest one, read off shared tables", arguments: 0..<2)
  func exactWitnessesFromTables(batch: UInt64) throws {
    var rng = SeededRandom(seed: 0x7AB5 + batch)
    let rule = Rule(
      id: "any", title: "t", severity: .low,
      check: .reach(.init(from: Selector(known: "category:human"), to: Selector(known: "category:resource"), minTier: .read)))
    var scanner = RuleScanner(rules: [rule])
    scanner.witnessBudget = 0
    var compared = 0
    for _ in 0..<60 {
      // Six humans and six resources: more targets than a workspace keeps tables for.
      let lines = BatchReachTests.randomEdges(nodes: 12, edges: 20...40, using: &rng).map { line in
        line.hasSuffix(": Human") && Int(line.dropFirst().prefix { $0 != ":" })! >= 6
          ? line.replacingOccurrences(of: "Human", with: "Resource") : line
      }
      let view = TraversalView(graph: try Sketch.graph(lines.joined(separator: "\n")), at: Self.at)
      for finding in scanner.scan(view).findings {
        for exposure in finding.exposures {
          let expected = ShortestWitness.path(view, from: finding.source, to: exposure.target, atLeast: exposure.tier)
          #expect(scanner.witness(of: exposure, in: finding, view: view) == expected, "\(lines.joined(separator: "; "))")
          compared += 1
        }
        let first = ShortestWitness.path(
          view, from: finding.source, to: finding.target, atLeast: finding.exposures[0].tier)
        #expect(finding.path == first)
      }
    }
    #expect(compared > 300)
  }
}
