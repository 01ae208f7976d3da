import AccessGraph
import PathFinder
import TestSupport
import Testing

@Suite("Witness tables")
struct ShortestWitnessTableTests {
  @Test("walking a table gives the breadth-first search's path from every start, tier and start tier", arguments: 0..<3)
  func matchesSearch(batch: UInt64) throws {
    var rng = SeededRandom(seed: 0x7AB1E + batch)
    var found = 0
    var raised = 0
    for _ in 0..<100 {
      let n = Int.random(in: 3...12, using: &rng)
      let lines = BatchReachTests.randomEdges(nodes: n, edges: n...(n * 3), using: &rng)
      let view = TraversalView(graph: try Sketch.graph(lines.joined(separator: "\n")))
      let inEdges = LiveInEdges(view)
      var workspace = ShortestWitness.Workspace(nodeCount: n)
      for target in 0..<n {
        for tier in Tier.allCases {
          for asIdentity in [false, true] {
            let table = ShortestWitness.Table(view, to: target, atLeast: tier, asIdentity: asIdentity, inEdges: inEdges)
            for source in 0..<n {
              for start in Tier.allCases {
                let searched = ShortestWitness.path(
                  view, from: source, to: target, atLeast: tier, startTier: start, asIdentity: asIdentity,
                  workspace: &workspace)
                let walked = table.path(view, from: source, startTier: start, workspace: &workspace)
                #expect(
                  walked == searched,
                  "\(lines.joined(separator: "; ")) n\(source) at \(start) → n\(target) at \(tier), identity \(asIdentity)")
                if searched != nil { found += 1 }
                if let searched, start < tier, searched.tier >= tier { raised += 1 }
              }
            }
          }
        }
      }
    }
    #expect(found > 5_000)
    // Witnesses that start capped and still arrive above the cap: through a pivot.
    #expect(raised > 50)
  }

  @Test("the walk takes the first edge, in edge order, of the shortest paths")
  func firstEdgeWins() throws {
    let view = TraversalView(
      graph: try Sketch.graph(
        """
        alice: Human
        a: Group
        b: Group
        db: Resource
        alice -MemberOf-> b
        alice -MemberOf-> a
        a -CanAdmin-> db
        b -CanAdmin-> db
        alice -CanRead-> db
        """))
    let graph = view.graph
    let ids = { (p: PrivilegePath?) in p?.nodes.map { graph.id(of: $0) } ?? [] }
    var workspace = ShortestWitness.Workspace(nodeCount: graph.nodeCount)
    let admin = ShortestWitness.Table(view, to: graph.index(of: "db")!, atLeast: .admin, inEdges: LiveInEdges(view))
    let alice = graph.index(of: "alice")!
    let expected = ShortestWitness.path(view, from: alice, to: graph.index(of: "db")!, atLeast: .admin)
    #expect(ids(admin.path(view, from: alice, workspace: &workspace)) == ids(expected))
    #expect(ids(expected).count == 3)
    // Read is one edge away.
    let read = ShortestWitness.Table(view, to: graph.index(of: "db")!, atLeast: .read, inEdges: LiveInEdges(view))
    #expect(ids(read.path(view, from: alice, workspace: &workspace)) == ["alice", "db"])
    // Held as a target, db cannot be reached as an identity.
    let asIdentity = ShortestWitness.Table(
      view, to: graph.index(of: "db")!, atLeast: .read, asIdentity: true, inEdges: LiveInEdges(view))
    #expect(asIdentity.path(view, from: alice, workspace: &workspace) == nil)
  }
}
