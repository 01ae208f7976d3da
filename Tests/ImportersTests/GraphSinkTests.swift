import AccessGraph
import Testing

@testable import Importers

@Suite("Graph sink")
struct GraphSinkTests {
  func built(_ sink: GraphSink) throws -> (graph: AccessGraph, counts: (nodes: Int, edges: Int)) {
    var builder = GraphBuilder()
    let counts = try sink.emit(into: &builder)
    return (try builder.build().graph, counts)
  }

  @Test("first wins keeps the first record of an id; merge properties adds what the first lacks")
  func nodePolicies() throws {
    for policy in [GraphSink.NodePolicy.firstWins, .mergeProperties] {
      var sink = GraphSink(file: "f", nodes: policy)
      sink.node("a", ["Human"], Properties([("name", .string("Ann"))]))
      sink.node("a", ["Human"], Properties([("name", .string("Other")), ("email", .string("ann@x"))]))
      let (graph, counts) = try built(sink)
      let properties = graph.properties(of: try #require(graph.index(of: "a")))
      #expect(counts.nodes == 1 && properties["name"] == .string("Ann"))
      #expect(properties["email"] == (policy == .mergeProperties ? .string("ann@x") : nil))
    }
  }

  @Test("accumulate folds a repeated edge's evidence into one edge; first wins drops it; keep all passes both on")
  func edgePolicies() throws {
    let union: (inout Properties, Properties) -> Void = { kept, again in
      kept["technique"] = .array([kept["technique"]!, again["technique"]!])
    }
    for (policy, edges, technique) in [
      (GraphSink.EdgePolicy.accumulate(merge: union), 1, PropertyValue.array([.string("one"), .string("two")])),
      (.firstWins, 1, .string("one")),
    ] {
      var sink = GraphSink(file: "f", edges: policy)
      sink.node("a", ["Human"])
      sink.node("b", ["Resource"])
      sink.edge("CanAct", "a", "b", Properties([("technique", .string("one"))]))
      sink.edge("CanAct", "a", "b", Properties([("technique", .string("two"))]))
      let (graph, counts) = try built(sink)
      #expect(counts.edges == edges && graph.edgeCount == 1)
      #expect(graph.edge("a", "CanAct", "b")?["technique"] == technique)
    }
    var all = GraphSink(file: "f")
    all.edge("CanAct", "a", "b")
    all.edge("CanAct", "a", "b")
    #expect(all.counts.edges == 2)
  }

  @Test("a reference is a node the summary does not count; an area's node is given once for many edges")
  func referencesAndAreas() throws {
    var sink = GraphSink(file: "f", nodes: .firstWins)
    let area = GraphSink.Area(id: "admin", kinds: ["Resource"], properties: Properties([("sensitivity", .string("critical"))]))
    sink.reference("g", ["Group"])
    sink.node("a", ["Human"])
    sink.edge("MemberOf", "a", "g")
    sink.edge("CanAdmin", "a", toArea: area)
    sink.edge("CanAdmin", "g", toArea: area)
    let (graph, counts) = try built(sink)
    #expect(counts.nodes == 2 && counts.edges == 3)
    #expect(graph.nodeCount == 3 && graph.edge("g", "CanAdmin", "admin") != nil)
  }
}
