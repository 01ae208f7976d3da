import AccessGraph
import Importers
import TestSupport
import Testing

/// Every malformed input ends in an `ImportError` naming the file, the place and the problem.
@Suite("Bad OpenGraph input")
struct BadInputTests {
  struct Case: CustomStringConvertible, Sendable {
    var name: String
    var text: [UInt8]
    var expected: String
    var description: String { name }

    init(_ name: String, _ text: String, _ expected: String) {
      self.name = name
      self.text = Array(text.utf8)
      self.expected = expected
    }

    init(_ name: String, bytes: [UInt8], _ expected: String) {
      self.name = name
      text = bytes
      self.expected = expected
    }
  }

  static let node = #"{"id": "a", "kinds": ["Human"]}"#

  static let cases: [Case] = [
    Case("empty file", "", "bad.json: file is empty"),
    Case(
      "binary file", bytes: [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01], "bad.json: binary file (it holds NUL bytes), not JSON"),
    Case(
      "not UTF-8", bytes: Array(#"{"graph": {"nodes": [{"id": ""#.utf8) + [0xC3, 0x28] + Array(#"", "kinds": ["A"]}]}}"#.utf8),
      "bad.json:1:29: malformed input: string is not valid UTF-8"),
    Case("truncated", #"{"graph": {"nodes": [{"id": "a", "kinds": ["Hu"#, "bad.json:1:44: malformed input: unterminated string"),
    Case(
      "truncated after a value", "{\"graph\": {\"nodes\": [\n\(node)",
      "bad.json:2:32: malformed input: unexpected end of file inside an array"),
    Case("trailing garbage", #"{"graph": {}} x"#, "bad.json:1:15: malformed input: unexpected 'x' after the end of the document"),
    Case(
      "missing comma", #"{"graph": {"nodes": [] "edges": []}}"#,
      "bad.json:1:24: malformed input: expected ',' or '}' after an object member, found '\"'"),
    Case("top level array", "[]", "bad.json: an empty list is not a format pathscan reads"),
    Case("array of numbers", "[1, 2]", "bad.json:1:2: at [0]: expected a list of MCP server manifests (objects with a name)"),
    Case("nodes not an array", #"{"graph": {"nodes": {}}}"#, "bad.json:1:21: at graph.nodes: expected an array, found an object"),
    Case(
      "id of wrong type", #"{"graph": {"nodes": [{"id": 7, "kinds": ["A"]}]}}"#,
      "bad.json:1:29: at graph.nodes[0].id: expected a string, found a number"),
    Case("missing id", #"{"graph": {"nodes": [{"kinds": ["A"]}]}}"#, "bad.json:1:22: at graph.nodes[0]: node has no 'id'"),
    Case(
      "missing kinds", "{\"graph\": {\"nodes\": [\(node), {\"id\": \"b\"}]}}",
      "bad.json:1:55: at graph.nodes[1]: node 'b' has no 'kinds'"),
    Case(
      "empty kinds", #"{"graph": {"nodes": [{"id": "a", "kinds": []}]}}"#,
      "bad.json:1:43: at graph.nodes[0].kinds: a node needs at least one kind"),
    Case(
      "four kinds", #"{"graph": {"nodes": [{"id": "a", "kinds": ["A","B","C","D"]}]}}"#,
      "bad.json:1:43: at graph.nodes[0].kinds: a node may have at most 3 kinds, this one has 4"),
    Case(
      "tag_ kind", #"{"graph": {"nodes": [{"id": "a", "kinds": ["A", "Tag_Tier_Zero"]}]}}"#,
      "bad.json:1:49: at graph.nodes[0].kinds[1]: kind 'Tag_Tier_Zero' starts with 'tag_', which OpenGraph reserves for BloodHound's own tags"
    ),
    Case(
      "nested property object", #"{"graph": {"nodes": [{"id": "a", "kinds": ["A"], "properties": {"x": {"y": 1}}}]}}"#,
      "bad.json:1:70: at graph.nodes[0].properties.x: property values may not be objects (OpenGraph allows strings, numbers, booleans and arrays of them); flatten it into separate keys"
    ),
    Case(
      "mixed array", #"{"graph": {"nodes": [{"id": "a", "kinds": ["A"], "properties": {"x": [1, "b"]}}]}}"#,
      "bad.json:1:74: at graph.nodes[0].properties.x[1]: arrays in properties must hold one type; this one mixes numbers and strings"
    ),
    Case(
      "edge without kind", #"{"graph": {"edges": [{"start": {"value": "a"}, "end": {"value": "b"}}]}}"#,
      "bad.json:1:22: at graph.edges[0]: edge has no 'kind'"),
    Case(
      "edge kind with spaces", #"{"graph": {"edges": [{"kind": "Can Read", "start": {"value": "a"}, "end": {"value": "b"}}]}}"#,
      "bad.json:1:31: at graph.edges[0].kind: edge kind 'Can Read' must be letters, digits and underscores only"),
    Case(
      "edge without end", #"{"graph": {"edges": [{"kind": "MemberOf", "start": {"value": "a"}}]}}"#,
      "bad.json:1:22: at graph.edges[0]: MemberOf edge has no 'end'"),
    Case(
      "bad match_by",
      #"{"graph": {"edges": [{"kind": "K", "start": {"value": "a", "match_by": "guess"}, "end": {"value": "b"}}]}}"#,
      "bad.json:1:72: at graph.edges[0].start.match_by: match_by is 'guess'; it must be id, name or property"),
    Case(
      "property match without matchers",
      #"{"graph": {"edges": [{"kind": "K", "start": {"match_by": "property"}, "end": {"value": "b"}}]}}"#,
      "bad.json:1:45: at graph.edges[0].start: match_by is property but there are no property_matchers"),
    Case(
      "mixed envelopes", #"{"graph": {"nodes": []}, "meta": {"type": "users"}}"#,
      "bad.json:1:34: at meta: mixes the legacy 'meta' envelope with the OpenGraph 'graph' envelope; a file holds one or the other"
    ),
    Case(
      "collector envelope without type", #"{"data": {}, "meta": {}}"#,
      "bad.json:1:22: at meta: collector JSON needs meta.type and a data array"),
    Case(
      "no graph", #"{"nodes": []}"#,
      "bad.json: JSON with top-level keys nodes is not a format pathscan reads (OpenGraph, YAML inventory, AWS IAM (with SCPs, resource policies, inventories), GCP IAM, Entra/Graph, Okta, SCIM, BloodHound collector (SharpHound, AzureHound), GitHub REST, Kubernetes RBAC, MCP client config (JSON or TOML), A2A agent card, MCP registry); give --input-format to read it as one"
    ),
    Case("deep nesting", String(repeating: "[", count: 600), "bad.json:1:513: malformed input: nesting deeper than 512 levels"),
    Case(
      "deep nesting inside", #"{"graph": {"x": "# + String(repeating: "[", count: 600),
      "bad.json:1:527: malformed input: nesting deeper than 512 levels"),
    Case(
      "bad escape", #"{"graph": {"nodes": [{"id": "a\q", "kinds": ["A"]}]}}"#,
      "bad.json:1:31: malformed input: invalid escape \\'q'"),
    Case(
      "lone surrogate", #"{"graph": {"nodes": [{"id": "\ud800", "kinds": ["A"]}]}}"#,
      "bad.json:1:30: malformed input: unpaired UTF-16 surrogate in \\u escape"),
    Case(
      "bad number", #"{"graph": {"nodes": [{"id": "a", "kinds": ["A"], "properties": {"n": 01}}]}}"#,
      "bad.json:1:70: malformed input: malformed number"),
  ]

  @Test("each malformed file fails with file, position and problem", arguments: cases)
  func rejects(_ c: Case) {
    var builder = GraphBuilder()
    do {
      _ = try InputLoader().loadDocument(c.text, named: "bad.json", into: &builder)
      Issue.record("accepted \(c.name)")
    } catch let error as ImportError {
      #expect(error.description == c.expected)
      #expect(error.file == "bad.json")
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test("every prefix of a valid file is rejected or, when complete, accepted; none crashes")
  func truncations() throws {
    let text = Array(
      #"{"graph": {"nodes": [{"id": "a", "kinds": ["Human"], "properties": {"n": -1.5e3, "t": [true]}}], "edges": [{"kind": "K", "start": {"value": "a"}, "end": {"value": "a"}}]}}"#
        .utf8)
    for cut in 0..<text.count {
      var builder = GraphBuilder()
      #expect(throws: ImportError.self) { try InputLoader().loadDocument(Array(text[..<cut]), named: "t.json", into: &builder) }
    }
    var builder = GraphBuilder()
    _ = try InputLoader().loadDocument(text, named: "t.json", into: &builder)
    #expect(try builder.build().graph.properties(of: 0)["n"] == .number("-1.5e3"))
  }

  @Test("a broken record in an otherwise good export is skipped and reported; strict fails")
  func partlyBrokenExport() throws {
    let text = #"""
      {"UserDetailList": [
        {"UserName": "alice", "Arn": "arn:aws:iam::111122223333:user/alice"},
        {"UserName": "broken"},
        {"UserName": "bob", "Arn": "arn:aws:iam::111122223333:user/bob"}],
       "GroupDetailList": [], "RoleDetailList": [], "Policies": []}
      """#
    let (graph, report) = try loadLeniently(text, named: "iam.json")
    #expect(graph.index(of: "arn:aws:iam::111122223333:user/alice") != nil)
    #expect(graph.index(of: "arn:aws:iam::111122223333:user/bob") != nil)
    #expect(report.counts[.skippedRecord] == 1)
    #expect(
      report.samples.map(\.description) == ["iam.json:3 (UserDetailList[1].Arn): malformed record: every user needs an Arn"])

    var strictBuilder = GraphBuilder()
    _ = try InputLoader().loadDocument(Array(text.utf8), named: "iam.json", into: &strictBuilder)
    #expect(throws: GraphBuildError.self) { try strictBuilder.build(strict: true) }
  }

  @Test("files from the progress threshold on are announced, then the graph build; small ones are not")
  func progress() throws {
    final class Lines { var all: [String] = [] }
    let lines = Lines()
    let big = Fixtures.path("aws-iam/moto_authz_details.json")
    let small = Fixtures.path("scim/scim2-models_rfc7643-8.1-user-minimal.json")
    var loader = InputLoader(progress: { lines.all.append($0) })
    loader.progressThreshold = 10_000
    _ = try loader.load([big, small])
    #expect(lines.all == ["reading \(big) (0 MB)", "building the graph"])
    lines.all = []
    _ = try loader.load([small])
    #expect(lines.all.isEmpty)
  }

  @Test("unreadable paths and archives are named")
  func unreadable() {
    #expect(throws: ImportError.unreadable(file: "/no/such/file.json", reason: "no such file or folder")) {
      try InputLoader().load(["/no/such/file.json"])
    }
  }
}
