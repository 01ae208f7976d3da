import AccessGraph
import Foundation
import TestSupport
import Testing

@testable import PathFinder

@Suite("Path search")
struct PathSearchTests {
  func paths(_ sketch: String, from: String, to: String, maxDepth: Int = 12, limit: Int = 100, budget: Int = 5_000_000)
    throws -> (lines: [String], cut: PathSearch.Cut?, paths: [PrivilegePath])
  {
    let view = TraversalView(graph: try Sketch.graph(sketch), at: Timestamp.parse("2026-11-22T12:00:00Z")!)
    let result = PathSearch(maxDepth: maxDepth, limit: limit, workBudget: budget)
      .run(view, from: try Selector.select(from, in: view), to: try Selector.select(to, in: view))
    let graph = view.graph
    let lines = result.paths.map { path in
      zip(path.nodes.dropLast(), path.edges).map { "\(graph.id(of: $0)) \(graph.kindName(of: $1)) " }.joined()
        + graph.id(of: path.nodes.last!) + " : \(path.tier)"
    }
    return (lines, result.cut, result.paths)
  }

  static let support = """
    alice: Human domain=support
    team: Group domain=support
    assistant: Agent domain=support
    triage: Agent domain=support
    key: Credential
    svc: ServiceAccount domain=iam
    role: Role domain=iam
    idp: Resource domain=iam sensitivity=critical
    alice -MemberOf-> team
    team -CanInvoke-> assistant
    assistant -CanInvoke-> triage
    assistant -HasCredential-> key
    triage -HasCredential-> key
    key -AuthenticatesAs-> svc
    svc -HasRole-> role
    role -CanAdmin-> idp
    """

  @Test("searches that share scratch tables find what fresh searches find, whatever came before")
  func sharedScratch() throws {
    var rng = SeededRandom(seed: 0x5C7A)
    var compared = 0
    for _ in 0..<40 {
      let n = Int.random(in: 4...12, using: &rng)
      let lines = BatchReachTests.randomEdges(nodes: n, edges: n...(n * 3), using: &rng)
      let view = TraversalView(graph: try Sketch.graph(lines.joined(separator: "\n")))
      var scratch = PathSearch.Scratch()
      let search = PathSearch(maxDepth: 6, limit: Int.random(in: 1...5, using: &rng), workBudget: 200)
      for _ in 0..<30 {
        let sources = [Int.random(in: 0..<n, using: &rng)]
        let targets = (0..<Int.random(in: 1...3, using: &rng)).map { _ in Int.random(in: 0..<n, using: &rng) }
        let shared = search.run(view, from: sources, to: targets, scratch: &scratch)
        let fresh = search.run(view, from: sources, to: targets)
        #expect(shared.paths == fresh.paths && shared.cut == fresh.cut && shared.work == fresh.work)
        compared += fresh.paths.count
      }
    }
    #expect(compared > 200)
  }

  @Test("paths come fewest edges first, ties ordered by the sequence of node ids")
  func ordering() throws {
    let found = try paths(Self.support, from: "alice", to: "idp")
    #expect(
      found.lines == [
        "alice MemberOf team CanInvoke assistant HasCredential key AuthenticatesAs svc HasRole role CanAdmin idp : admin",
        "alice MemberOf team CanInvoke assistant CanInvoke triage HasCredential key AuthenticatesAs svc HasRole role CanAdmin idp : admin",
      ])
    #expect(found.cut == nil)
    let first = found.paths[0]
    #expect(first.standing && !first.gated && first.crossDomain && !first.agentChain)
    #expect(found.paths[1].agentChain)
  }

  @Test("a path may pass through other targets; it ends at each one it reaches")
  func passThroughTargets() throws {
    let found = try paths(Self.support, from: "alice", to: "kind:Agent")
    #expect(
      found.lines == [
        "alice MemberOf team CanInvoke assistant : admin", "alice MemberOf team CanInvoke assistant CanInvoke triage : admin",
      ])
  }

  @Test("of parallel edges only the one giving the highest tier counts; gates and expiry show in the flags")
  func parallelEdges() throws {
    let found = try paths(
      """
      u: Human
      db: Resource
      u -CanRead-> db
      u -CanAdmin-> db requiresApproval=true
      u -CanAct-> db expires=2027-01-01T00:00:00Z
      """, from: "u", to: "db")
    #expect(found.lines == ["u CanAdmin db : admin"])
    #expect(found.paths[0].gated && found.paths[0].standing)
    let jit = try paths("u: Human\ndb: Resource\nu -CanAct-> db expires=2027-01-01T00:00:00Z", from: "u", to: "db")
    #expect(!jit.paths[0].standing && !jit.paths[0].gated)
  }

  @Test("an edge under undecided policy conditions is traversed and flags its paths conditional")
  func conditionalEdges() throws {
    let found = try paths(
      """
      u: Human
      role: Role
      db: Resource
      u -CanAssume-> role conditional=true
      role -CanAdmin-> db
      """, from: "u", to: "db")
    #expect(found.lines == ["u CanAssume role CanAdmin db : admin"])
    #expect(found.paths[0].conditional && found.paths[0].standing && !found.paths[0].gated)
    let plain = try paths("u: Human\ndb: Resource\nu -CanAct-> db", from: "u", to: "db")
    #expect(!plain.paths[0].conditional)
  }

  @Test("returning to a node at a higher tier is a path of its own: every reached tier has a witness")
  func witnessForRevisit() throws {
    let found = try paths(
      """
      u: Human
      r: Resource
      bot: Agent
      u -CanAct-> r
      r -Hosts-> bot
      bot -CanAdmin-> r
      """, from: "u", to: "r")
    #expect(found.lines == ["u CanAct r : act", "u CanAct r Hosts bot CanAdmin r : admin"])
  }

  @Test("the limit cuts the list and says so; max depth bounds the length")
  func limitAndDepth() throws {
    let cut = try paths(Self.support, from: "alice", to: "idp", limit: 1)
    #expect(cut.lines.count == 1 && cut.cut == .limit)
    let shallow = try paths(Self.support, from: "alice", to: "idp", maxDepth: 5)
    #expect(shallow.lines.isEmpty && shallow.cut == nil)
  }

  @Test("an exploding graph of nested groups stops at the work budget instead of hanging")
  func explodingGraph() throws {
    // Ten layers of ten groups, each member of every group in the next layer: 10^10 paths.
    var lines = ["u: Human", "db: Resource"]
    for layer in 0..<10 { for i in 0..<10 { lines.append("g\(layer)_\(i): Group") } }
    for i in 0..<10 { lines.append("u -MemberOf-> g0_\(i)") }
    for layer in 0..<9 { for i in 0..<10 { for j in 0..<10 { lines.append("g\(layer)_\(i) -MemberOf-> g\(layer + 1)_\(j)") } } }
    for i in 0..<10 { lines.append("g9_\(i) -CanAdmin-> db") }
    let big = try paths(lines.joined(separator: "\n"), from: "u", to: "db", limit: 1_000_000, budget: 200_000)
    #expect(big.cut == .workBudget)
    #expect(!big.lines.isEmpty)
    #expect(
      big.lines.first
        == "u MemberOf g0_0 MemberOf g1_0 MemberOf g2_0 MemberOf g3_0 MemberOf g4_0 MemberOf g5_0 MemberOf g6_0 MemberOf g7_0 MemberOf g8_0 MemberOf g9_0 CanAdmin db : admin"
    )
    let few = try paths(lines.joined(separator: "\n"), from: "u", to: "db", limit: 5)
    #expect(few.cut == .limit && few.lines.count == 5)
  }

  @Test("on random graphs the best path to each node has exactly the tier reach reports", arguments: 0..<2)
  func witnessesMatchReach(batch: UInt64) throws {
    var rng = SeededRandom(seed: 0xFACE + batch)
    let kinds = ["MemberOf", "CanInvoke", "CanRead", "CanAct", "CanAdmin", "Contains", "Hosts"]
    for _ in 0..<300 {
      let n = Int.random(in: 2...6, using: &rng)
      var lines = (0..<n).map { "n\($0): Human" }
      for _ in 0..<Int.random(in: 1...(n * 2), using: &rng) {
        var line =
          "n\(Int.random(in: 0..<n, using: &rng)) -\(kinds.randomElement(using: &rng)!)-> n\(Int.random(in: 0..<n, using: &rng))"
        if Int.random(in: 0..<4, using: &rng) == 0 { line += " tier=\(["read", "act"].randomElement(using: &rng)!)" }
        lines.append(line)
      }
      let view = TraversalView(graph: try Sketch.graph(lines.joined(separator: "\n")))
      let reach = Reachability.forward(view, from: [0])
      for (node, tier) in reach.reached {
        let found = PathSearch(maxDepth: 8 * n, limit: 100_000).run(view, from: [0], to: [node])
        #expect(found.paths.map(\.tier).max() == tier, "\(lines.joined(separator: "; ")) to n\(node)")
      }
    }
  }
}
