import AccessGraph
import Foundation
import PathFinder
import TestSupport
import Testing

@Suite("Tier semantics")
struct SemanticsTests {
  static let now = Timestamp.parse("2026-11-22T12:00:00Z")!

  func reach(_ sketch: String, from: String, at: Date = now) throws -> [String: Tier] {
    let view = TraversalView(graph: try Sketch.graph(sketch), at: at)
    let result = Reachability.forward(view, from: [view.graph.index(of: from)!])
    return Dictionary(uniqueKeysWithValues: result.reached.map { (view.graph.id(of: $0.node), $0.tier) })
  }

  @Test("inherit chains carry full privilege; a permission edge ends the path at its tier")
  func inheritAndPermission() throws {
    let r = try reach(
      """
      u: Human
      g: Group
      role: Role
      db: Resource
      other: Resource
      u -MemberOf-> g
      g -HasRole-> role
      role -CanAct-> db
      db -MemberOf-> other
      """, from: "u")
    #expect(r == ["g": .admin, "role": .admin, "db": .act])
  }

  @Test("a cap on any edge limits the effective tier; scopes derive a cap")
  func caps() throws {
    let r = try reach(
      """
      u: Human
      app: Application
      app2: Application
      db: Resource
      db2: Resource
      u -OAuthGrant-> app tier=read
      app -CanAdmin-> db
      u -OAuthGrant-> app2 scopes=Mail.Read|User.Read
      app2 -CanAct-> db2
      """, from: "u")
    #expect(r == ["app": .read, "db": .read, "app2": .read, "db2": .read])
  }

  @Test("a pivot needs its tier on the resource and yields the identity in full, past earlier caps")
  func pivots() throws {
    let r = try reach(
      """
      u: Human
      app: Application
      vault: Resource
      host: Resource
      key: Credential
      svc: ServiceAccount
      bot: Agent
      crown: Resource
      u -OAuthGrant-> app tier=read
      app -CanRead-> vault
      vault -Contains-> key
      key -AuthenticatesAs-> svc
      svc -CanAdmin-> crown
      app -CanRead-> host
      host -Hosts-> bot
      """, from: "u")
    #expect(r["key"] == .admin && r["svc"] == .admin && r["crown"] == .admin)
    #expect(r["host"] == .read)
    #expect(r["bot"] == nil, "Hosts needs act; read on the host yields nothing")
  }

  @Test("a pivot's own tier caps what it yields; requiresTier overrides the default")
  func pivotCapsAndRequirements() throws {
    let r = try reach(
      """
      u: Human
      vault: Resource
      key: Credential
      key2: Credential
      u -CanRead-> vault
      vault -Contains-> key tier=propose
      vault -Contains-> key2 requiresTier=act
      """, from: "u")
    #expect(r == ["vault": .read, "key": .propose])
  }

  @Test("a node is revisited when reached at a strictly higher tier")
  func revisitAtHigherTier() throws {
    let r = try reach(
      """
      u: Human
      r: Resource
      bot: Agent
      u -CanAct-> r
      r -Hosts-> bot
      bot -CanAdmin-> r
      """, from: "u")
    #expect(r == ["r": .admin, "bot": .admin])
  }

  @Test("elements expiring at or before --at do not exist; later ones make paths just-in-time")
  func expiryBoundary() throws {
    let sketch = """
      u: Human
      jit: Credential expires=2026-11-22T12:00:00Z
      role: Role
      db: Resource
      u -HasCredential-> jit
      jit -AuthenticatesAs-> role
      u -CanAct-> db expires=2026-11-22T12:00:01Z
      """
    #expect(try reach(sketch, from: "u") == ["db": .act])
    let before = Self.now.addingTimeInterval(-1)
    #expect(try reach(sketch, from: "u", at: before) == ["jit": .admin, "role": .admin, "db": .act])
    #expect(try reach(sketch, from: "u", at: Self.now.addingTimeInterval(1)) == [:])
  }

  @Test("unmapped kinds and class none are never traversed; self-loops change nothing")
  func untraversed() throws {
    let r = try reach(
      """
      u: Human
      x: Resource
      y: Group
      u -Knows-> x
      u -MemberOf-> u
      u -MemberOf-> y
      y -MemberOf-> y
      """, from: "u")
    #expect(r == ["y": .admin])
  }

  @Test("reverse reach answers who reaches a target, at the highest tier, from --min-tier up")
  func reverse() throws {
    let graph = try Sketch.graph(
      """
      a: Human
      b: Human
      c: Human
      app: Application
      db: Resource
      a -CanAdmin-> db
      b -OAuthGrant-> app tier=read
      app -CanAdmin-> db
      c -MemberOf-> a
      """)
    let view = TraversalView(graph: graph)
    let who = { (t: Tier) in
      Dictionary(
        uniqueKeysWithValues: Reachability.reverse(view, to: [graph.index(of: "db")!], minTier: t).map {
          (graph.id(of: $0.node), $0.tier)
        })
    }
    #expect(who(.read) == ["a": .admin, "c": .admin, "b": .read, "app": .admin])
    #expect(who(.act) == ["a": .admin, "c": .admin, "app": .admin])
  }

  @Test("scope words map to tiers; unknown scopes cap nothing")
  func scopes() {
    #expect(ScopeTiers.cap(for: ["User.Read", "openid"]) == .read)
    #expect(ScopeTiers.cap(for: ["Mail.Send", "User.Read"]) == .act)
    #expect(ScopeTiers.cap(for: ["RoleManagement.ReadWrite.Directory"]) == .admin)
    #expect(ScopeTiers.cap(for: ["User.Read", "frobnicate"]) == nil)
  }

  @Test("fast reach equals the reference traversal on thousands of random graphs", arguments: 0..<4)
  func matchesReference(batch: UInt64) throws {
    var rng = SeededRandom(seed: 0x5EED + batch)
    let kinds = [
      "MemberOf", "HasRole", "CanInvoke", "Owns", "CanRead", "CanPropose", "CanAct", "CanAdmin", "Contains", "Hosts", "RunsAs",
      "Knows",
    ]
    let tiers = ["read", "propose", "act", "admin"]
    for _ in 0..<750 {
      let n = Int.random(in: 2...8, using: &rng)
      var lines = (0..<n).map { "n\($0): \(["Human", "Agent", "Resource", "Group"].randomElement(using: &rng)!)" }
      for _ in 0..<Int.random(in: 0...(n * 3), using: &rng) {
        var line =
          "n\(Int.random(in: 0..<n, using: &rng)) -\(kinds.randomElement(using: &rng)!)-> n\(Int.random(in: 0..<n, using: &rng))"
        if Int.random(in: 0..<4, using: &rng) == 0 { line += " tier=\(tiers.randomElement(using: &rng)!)" }
        if Int.random(in: 0..<6, using: &rng) == 0 { line += " requiresTier=\(tiers.randomElement(using: &rng)!)" }
        lines.append(line)
      }
      let graph = try Sketch.graph(lines.joined(separator: "\n"))
      let view = TraversalView(graph: graph)
      var reverseExpected: [Int: [Int: Int]] = [:]
      // One engine, laid out in plan order, answers every source in turn: each run must forget
      // the one before. (Reachability.forward runs in node order.)
      var engine = ReachEngine(view, plan: ReachPlan(view))
      for s in 0..<n {
        var expected = ReferenceTraversal.reach(graph, from: s)
        expected[s] = nil
        let fast = Reachability.forward(view, from: [s])
        let got = Dictionary(uniqueKeysWithValues: fast.reached.map { ($0.node, Int($0.tier.rawValue)) })
        #expect(got == expected, "\(lines.joined(separator: "; ")) from n\(s)")
        let count = engine.run(from: [s])
        var reused: [Int: Int] = [:]
        for v in 0..<n where v != s { reused[v] = engine.tier(of: v).map { Int($0.rawValue) } }
        #expect(reused == expected && count == expected.count + 1, "\(lines.joined(separator: "; ")) reused, from n\(s)")
        for (t, tier) in expected { reverseExpected[t, default: [:]][s] = tier }
      }
      for t in 0..<n {
        let got = Dictionary(uniqueKeysWithValues: Reachability.reverse(view, to: [t]).map { ($0.node, Int($0.tier.rawValue)) })
        #expect(got == reverseExpected[t, default: [:]], "\(lines.joined(separator: "; ")) reverse to n\(t)")
      }
    }
  }
}
