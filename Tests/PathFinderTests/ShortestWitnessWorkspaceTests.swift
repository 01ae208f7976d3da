import AccessGraph
import TestSupport
import Testing

@testable import PathFinder

@Suite("Witness workspaces")
struct ShortestWitnessWorkspaceTests {
  @Test("a workspace hands back the table and distances asked for, kept or new, over many targets in any order")
  func keptTables() throws {
    var rng = SeededRandom(seed: 0x5EA7)
    let n = 12
    let lines = BatchReachTests.randomEdges(nodes: n, edges: 30...36, using: &rng)
    let view = TraversalView(graph: try Sketch.graph(lines.joined(separator: "\n")))
    let inEdges = LiveInEdges(view)
    var workspace = ShortestWitness.Workspace(nodeCount: n)
    var reused = 0
    for _ in 0..<400 {
      let target = Int.random(in: 0..<n, using: &rng)
      let tier = Tier.allCases.randomElement(using: &rng)!
      let asIdentity = Bool.random(using: &rng)
      let wasKept = workspace.tables.contains {
        $0.table.target == target && $0.table.tier == tier && $0.table.asIdentity == asIdentity
      }
      let table = workspace.table(view, to: target, atLeast: tier, asIdentity: asIdentity, inEdges: inEdges)
      if wasKept { reused += 1 }
      // The table just used is the last to go.
      #expect(workspace.tables.last?.table.target == target && workspace.tables.last?.table.tier == tier)
      #expect(workspace.tables.count <= ShortestWitness.Workspace.tablesKept)
      #expect(table.target == target && table.tier == tier && table.asIdentity == asIdentity)
      let source = Int.random(in: 0..<n, using: &rng)
      #expect(
        table.path(view, from: source, workspace: &workspace)
          == ShortestWitness.path(view, from: source, to: target, atLeast: tier, asIdentity: asIdentity))
      #expect(workspace.distances(view, to: target, inEdges: inEdges) == PathSearch.distances(view, to: [target]))
    }
    // Some asks find their table kept; most, over 96 kinds of table, do not.
    #expect(reused > 0 && reused < 100)
  }
}
