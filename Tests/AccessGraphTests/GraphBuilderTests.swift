import AccessGraph
import TestSupport
import Testing

@Suite("Building the compact graph")
struct GraphBuilderTests {
  @Test("edges may name nodes defined later; adjacency is sorted by target then kind name")
  func forwardReferencesAndOrder() throws {
    let graph = try Sketch.graph(
      """
      a -MemberOf-> c
      a -CanRead-> b
      a -CanAdmin-> b
      a: Human
      b: Resource
      c: Group
      """)
    #expect(graph.nodeIDs == ["a", "c", "b"])
    #expect(graph.nodeCount == 3 && graph.edgeCount == 3)
    let out = graph.outEdges(of: graph.index(of: "a")!)
    #expect(out.map { graph.id(of: graph.target(of: $0)) } == ["c", "b", "b"])
    #expect(out.map { graph.kindName(of: $0) } == ["MemberOf", "CanAdmin", "CanRead"])
    for e in 0..<graph.edgeCount { #expect(graph.source(of: e) == graph.index(of: "a")) }
  }

  @Test("reverse adjacency lists every in-edge with its source and edge id")
  func reverseAdjacency() throws {
    let graph = try Sketch.graph(
      """
      x: Human
      y: Human
      z: Group
      x -MemberOf-> z
      x -Owns-> z
      x -CanRead-> y
      y -MemberOf-> z
      z -MemberOf-> z
      """)
    let z = graph.index(of: "z")!
    let incoming = graph.inEdgeSlots(of: z).map { graph.inEdge(at: $0) }
    #expect(incoming.map { graph.id(of: $0.source) } == ["x", "x", "y", "z"])
    #expect(Set(incoming.map(\.edge)).count == 4)
    for (source, edge) in incoming {
      #expect(graph.target(of: edge) == z)
      #expect(graph.source(of: edge) == source)
    }
    var visited: [Int] = []
    graph.forEachInEdge(of: z) { _, edge in visited.append(edge) }
    #expect(visited == incoming.map(\.edge))
    #expect(graph.inEdgeSlots(of: graph.index(of: "x")!).isEmpty)
  }

  @Test("duplicate node ids merge kinds and properties; conflicts keep the first value and are reported")
  func duplicateNodes() throws {
    let (graph, report) = try Sketch.build(
      """
      bot: Agent owner=alice domain=support
      bot: Agent,ServiceAccount domain=iam team=blue
      """)
    let bot = graph.index(of: "bot")!
    #expect(graph.kindNames(of: bot) == ["Agent", "ServiceAccount"])
    #expect(graph.properties(of: bot)["domain"] == .string("support"))
    #expect(graph.properties(of: bot)["team"] == .string("blue"))
    #expect(report.mergedNodes == 1)
    #expect(report.counts[.conflictingProperty] == 1)
    #expect(report.samples.first?.message.contains("'domain'") == true)
    #expect(throws: GraphBuildError.self) {
      try Sketch.build("bot: Agent domain=a\nbot: Agent domain=b", strict: true)
    }
  }

  @Test("a merged node keeps at most three kinds")
  func kindLimitOnMerge() throws {
    let (graph, report) = try Sketch.build("n: A,B,C\nn: D")
    #expect(graph.kindNames(of: 0) == ["A", "B", "C"])
    #expect(report.counts[.tooManyKinds] == 1)
  }

  @Test("dangling edges are skipped and reported with file, line and record; strict fails")
  func danglingEdges() throws {
    let (graph, report) = try Sketch.build(
      """
      a: Human
      a -MemberOf-> ghost
      a -MemberOf-> a
      """)
    #expect(graph.edgeCount == 1)
    #expect(report.counts[.unresolvedEndpoint] == 1)
    #expect(report.samples.first?.description == "sketch:2 (edge 0): unresolved endpoint: MemberOf end 'ghost' matches no node")
    #expect(throws: GraphBuildError.self) { try Sketch.build("a: Human\na -MemberOf-> ghost", strict: true) }
  }

  @Test("repeated edges merge; parallel edges of different kinds stay apart")
  func repeatedEdges() throws {
    let (graph, report) = try Sketch.build(
      """
      a: Human
      b: Resource
      a -CanRead-> b note=x
      a -CanRead-> b extra=1
      a -CanAct-> b
      """)
    #expect(graph.edgeCount == 2)
    #expect(report.mergedEdges == 1)
    let read = graph.outEdges(of: 0).first { graph.kindName(of: $0) == "CanRead" }!
    #expect(graph.properties(ofEdge: read)["note"] == .string("x"))
    #expect(graph.properties(ofEdge: read)["extra"] == .number("1"))
  }

  @Test("property matchers resolve exactly one node, honour the kind filter, and report ambiguity")
  func propertyMatchers() throws {
    var builder = GraphBuilder()
    let here = SourceLocation(file: "t.json")
    try builder.addNode(id: "u1", kinds: ["User"], properties: Properties([("email", .string("a@x"))]), at: here)
    try builder.addNode(
      id: "u2", kinds: ["User"], properties: Properties([("email", .string("b@x")), ("team", .string("t"))]), at: here)
    try builder.addNode(
      id: "g1", kinds: ["Group"], properties: Properties([("email", .string("b@x")), ("team", .string("t"))]), at: here)
    let email = { (v: String) in EndpointReference.Matcher(key: "email", value: .string(v)) }
    try builder.addEdge(kind: "MemberOf", start: .properties([email("a@x")]), end: .id("g1"), properties: Properties(), at: here)
    try builder.addEdge(
      kind: "MemberOf", start: .properties([email("b@x")], kind: "User"), end: .id("g1"), properties: Properties(), at: here)
    try builder.addEdge(kind: "MemberOf", start: .properties([email("b@x")]), end: .id("g1"), properties: Properties(), at: here)
    try builder.addEdge(kind: "MemberOf", start: .id("u1", kind: "Group"), end: .id("g1"), properties: Properties(), at: here)
    let (graph, report) = try builder.build()
    #expect(graph.edgeCount == 2)
    #expect(Set((0..<graph.edgeCount).map { graph.id(of: graph.source(of: $0)) }) == ["u1", "u2"])
    #expect(report.counts[.ambiguousEndpoint] == 1)
    #expect(report.counts[.unresolvedEndpoint] == 1)
  }

  @Test("topology and kinds stay within 16 bytes an edge")
  func compactness() throws {
    var lines = (0..<200).map { "n\($0): Human" }
    for i in 0..<200 { for j in 1...10 { lines.append("n\(i) -MemberOf-> n\((i * 7 + j) % 200)") } }
    let graph = try Sketch.graph(lines.joined(separator: "\n"))
    #expect(graph.edgeCount == 2000)
    let perEdge = Double(graph.topologyBytes - 4 * 3 * (graph.nodeCount + 1) - 2 * graph.nodeCount) / Double(graph.edgeCount)
    #expect(perEdge == 10)
    #expect(Double(graph.topologyBytes) / Double(graph.edgeCount) <= 16)
  }
}
