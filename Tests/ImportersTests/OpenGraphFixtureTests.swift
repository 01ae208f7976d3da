import AccessGraph
import Importers
import TestSupport
import Testing

@Suite("OpenGraph import of real samples")
struct OpenGraphFixtureTests {
  static let githound = Fixtures.path("bloodhound-opengraph/githound_sample_O_kgDOCoV2OQ.json")

  @Test("the GitHound sample imports: 338 nodes, 2,761 edges, two dangling GH_HasEnvironment edges reported")
  func githound() throws {
    let result = try InputLoader().load([Self.githound])
    #expect(result.graph.nodeCount == 338)
    #expect(result.graph.edgeCount == 2761)
    #expect(result.sources == [.init(file: Self.githound, format: .opengraph, nodes: 338, edges: 2763)])
    #expect(result.report.counts[.unresolvedEndpoint] == 2)
    #expect(result.report.samples.allSatisfy { $0.message.hasPrefix("GH_HasEnvironment start") })
    let org = result.graph.index(of: "O_kgDOCoV2OQ")!
    #expect(result.graph.kindNames(of: org) == ["GH_Organization"])
    #expect(result.graph.properties(of: org)["name"] == .string("SpecterTst"))
    #expect(result.graph.properties(of: org)["two_factor_requirement_enabled"] == .bool(true))
    #expect(result.graph.properties(of: org)["public_repos"] == .number("0"))
    #expect(throws: GraphBuildError.self) { try InputLoader(strict: true).load([Self.githound]) }
  }

  @Test("the shipped GitHound manifest accounts for every node and edge kind of the sample")
  func githoundManifest() throws {
    let manifest = try KindsManifestReader.parse(
      Fixtures.bytesAt(Fixtures.project("manifests/githound.json")), file: "githound.json")
    let graph = try InputLoader().load([
      Self.githound, Fixtures.path("bloodhound-opengraph/githound_saml_sample_O_kgDOCoV2OQ.json"),
    ]).graph
    for e in 0..<graph.edgeCount { #expect(manifest.maps(edgeKind: graph.kindName(of: e)), "\(graph.kindName(of: e))") }
    let unmappedNodes = (0..<graph.nodeCount).filter { manifest.category(forKinds: graph.kindNames(of: $0)) == .unknown }
    #expect(unmappedNodes.isEmpty)
    #expect(manifest.rule(forEdgeKind: "GH_CanWriteBranch") == EdgeKindRule(.permission, tier: .act))
    #expect(manifest.rule(forEdgeKind: "GH_HasSecret") == EdgeKindRule(.pivot, requiresTier: .act))
    #expect(manifest.rule(forEdgeKind: "GH_Contains").edgeClass == .none)
  }

  @Test("the OpenHound sample's edges all point at nodes it does not hold")
  func openhound() throws {
    let result = try InputLoader().load([Fixtures.path("bloodhound-opengraph/openhound_sample_graph.json")])
    #expect(result.graph.nodeCount == 3 && result.graph.edgeCount == 0)
    #expect(result.report.counts[.unresolvedEndpoint] == 3)
  }

  @Test("the documentation's minimal example imports its one Knows edge")
  func minimal() throws {
    let graph = try InputLoader().load([Fixtures.path("bloodhound-opengraph/bloodhound-docs_opengraph-minimal.json")]).graph
    #expect(graph.nodeIDs == ["123", "234"])
    #expect(graph.edgeCount == 1 && graph.kindName(of: 0) == "Knows")
  }

  @Test(
    "import, export, import gives an identical graph",
    arguments: [
      "bloodhound-opengraph/githound_sample_O_kgDOCoV2OQ.json", "hand-made/split-graph.zip",
    ])
  func roundTrip(fixture: String) throws {
    let first = try InputLoader().load([Fixtures.path(fixture)]).graph
    let text = OpenGraphWriter.json(for: first)
    var builder = GraphBuilder()
    _ = try InputLoader().loadDocument(Array(text.utf8), named: "export.json", into: &builder)
    let (second, report) = try builder.build(strict: true)
    #expect(report.isClean)
    #expect(second == first)
    #expect(OpenGraphWriter.json(for: second) == text)
  }

  @Test("one graph split across files and a zip archive resolves property and name matchers")
  func splitAcrossFiles() throws {
    for inputs in [
      [Fixtures.path("hand-made/edges.json"), Fixtures.path("hand-made/nodes.json")],
      [Fixtures.path("hand-made/split-graph.zip")],
    ] {
      let result = try InputLoader(strict: true).load(inputs)
      let graph = result.graph
      #expect(graph.nodeCount == 3 && graph.edgeCount == 2)
      let alice = graph.index(of: "arn:aws:iam::123456789012:user/alice")!
      #expect(graph.outEdges(of: alice).map { graph.id(of: graph.target(of: $0)) } == ["ops-bot"])
      let bot = graph.index(of: "ops-bot")!
      #expect(graph.properties(of: bot)["tags"] == .array([.string("prod"), .string("ops")]))
      #expect(graph.properties(ofEdge: graph.outEdges(of: bot).first!)["expires"] == .string("2030-01-01T00:00:00Z"))
    }
    let zipped = try InputLoader().load([Fixtures.path("hand-made/split-graph.zip")])
    #expect(zipped.sources.map(\.file).map { $0.split(separator: "!").last! } == ["export/edges.json", "export/nodes.json"])
  }

  @Test("a folder loads every JSON, YAML and zip below it, each by its content")
  func folder() throws {
    let result = try InputLoader().load([Fixtures.path("hand-made")])
    #expect(result.sources.count == 6)
    #expect(result.sources.map(\.format) == [.opengraph, .inventory, .opengraph, .opengraph, .opengraph, .opengraph])
    #expect(result.graph.nodeCount == 10)
    #expect(result.report.mergedNodes == 6)
    #expect(result.report.mergedEdges == 2)
  }

  @Test("UTF-16 with a byte-order mark reads like UTF-8")
  func utf16() throws {
    var builder = GraphBuilder()
    let summary = try InputLoader().loadDocument(try Fixtures.bytes("hand-made/utf16.json"), named: "utf16.json", into: &builder)
    #expect(summary.nodes == 3)
  }
}

extension Fixtures {
  static func bytesAt(_ path: String) throws -> [UInt8] {
    try Fixtures.bytes("../../" + path.dropFirst(Fixtures.root.path.count + 1))
  }
}
