import AccessGraph
import Foundation
import Importers
import TestSupport
import Testing
import ZIPFoundation

/// Reproducers of what a fuzz campaign found, each generated here: every one must end in an
/// error naming the file, never a crash, a hang or unbounded memory.
@Suite("Hostile input")
struct HostileInputTests {
  let scratch: TemporaryDirectory
  init() throws { scratch = try TemporaryDirectory("pathscan-hostile") }

  func temporary(_ name: String) -> URL { scratch.url.appendingPathComponent(name) }

  func load(_ text: String, named name: String, as format: InputFormat = .auto) throws {
    var builder = GraphBuilder()
    _ = try InputLoader(format: format).loadDocument(Array(text.utf8), named: name, into: &builder)
  }

  @Test("TOML the TOML library would abort on is refused first, with its line")
  func tomlAbort() {
    #expect(
      throws: ImportError.syntax(
        file: "config.toml", line: 3, column: 1,
        message: "a line starting with '[' must be a table header such as [mcp_servers.name]")
    ) { try self.load("a=1\n[mcp_servers]\n[\n", named: "config.toml") }
    #expect(throws: ImportError.self) { try self.load("[1, 2, {\"a\": 3}]", named: "list.json", as: .mcpConfig) }
    #expect(throws: ImportError.self) { try self.load("[mcp_servers.x]\ncommand = \"npx\n", named: "open.toml") }
  }

  @Test("a Codex config.toml that starts with its [mcp_servers.x] table is read as TOML")
  func codexConfig() throws {
    let text = """
      [mcp_servers.docs]
      command = "npx"
      args = [
        "-y", # the package
        "@acme/docs-mcp",
      ]

      [mcp_servers.docs.env]
      LOG_LEVEL = "debug"
      """
    var builder = GraphBuilder()
    let summary = try InputLoader().loadDocument(Array(text.utf8), named: "config.toml", into: &builder)
    #expect(summary.format == .mcpConfig)
    #expect(summary.nodes > 0)
  }

  @Test("a YAML alias bomb is refused before it expands, naming the alias")
  func yamlBomb() throws {
    var lines = [
      "humans:", "  alice: {}", "lol:", "  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]",
    ]
    var previous = "a"
    for name in "bcdefghi".map(String.init) {
      lines.append("  \(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
      previous = name
    }
    let started = Date()
    #expect {
      try self.load(lines.joined(separator: "\n"), named: "bomb.yaml", as: .inventory)
    } throws: { error in
      "\(error)".hasPrefix("bomb.yaml:10:") && "\(error)".contains("aliases expand to more than 100000 nodes")
    }
    #expect(Date().timeIntervalSince(started) < 2)
    // A few honest aliases are fine.
    try load("humans:\n  alice: &base {domain: support}\n  bob: *base\n", named: "ok.yaml", as: .inventory)
  }

  @Test("a zip bomb stops at the ratio limit; a stored member with a wrong CRC is refused")
  func zipBomb() throws {
    let bomb = temporary("bomb.zip")
    defer { try? FileManager.default.removeItem(at: bomb) }
    let archive = try Archive(url: bomb, accessMode: .create)
    let size: Int64 = 80 << 20
    let head = Data(#"{"graph": {"nodes": [], "edges": []}"#.utf8)
    try archive.addEntry(with: "g.json", type: .file, uncompressedSize: size, compressionMethod: .deflate) { position, chunk in
      position == 0 ? head : Data(repeating: 0x20, count: min(chunk, Int(size - position)))
    }
    #expect {
      try InputLoader().load([bomb.path])
    } throws: { error in
      "\(error)".contains("g.json: cannot read: refused to extract: a member expands more than 200 times")
    }

    let damaged = temporary("crc.zip")
    defer { try? FileManager.default.removeItem(at: damaged) }
    let text = Data(#"{"graph": {"nodes": [{"id": "a", "kinds": ["Human"]}], "edges": []}}"#.utf8)
    let stored = try Archive(url: damaged, accessMode: .create)
    try stored.addEntry(with: "g.json", type: .file, uncompressedSize: Int64(text.count), compressionMethod: .none) { p, n in
      text.subdata(in: Int(p)..<min(Int(p) + n, text.count))
    }
    var bytes = try Data(contentsOf: damaged)
    let at = try #require(bytes.range(of: Data(#""a""#.utf8)))
    bytes[at.lowerBound + 1] = UInt8(ascii: "b")
    try bytes.write(to: damaged)
    #expect {
      try InputLoader().load([damaged.path])
    } throws: { error in
      "\(error)".contains("g.json: cannot read: the member's CRC-32 is") && "\(error)".contains("it is damaged")
    }
  }

  @Test("an error line quotes at most a short excerpt of a megabyte value")
  func longValues() throws {
    let value = String(repeating: "x", count: 1 << 20)
    let text = """
      {"graph": {"nodes": [{"id": "a", "kinds": ["Human"]}], "edges": [{"kind": "MemberOf", "start": {"value": "a"},
       "end": {"match_by": "property", "property_matchers": [{"key": "name", "operator": "equals", "value": "\(value)"}]}}]}}
      """
    var builder = GraphBuilder()
    _ = try InputLoader().loadDocument(Array(text.utf8), named: "long.json", into: &builder)
    let report = try builder.build().report
    let lines = "\(report)".split(separator: "\n")
    #expect(lines.contains { $0.contains("unresolved endpoint") && $0.contains("(1048578 bytes)") })
    #expect(lines.allSatisfy { $0.count < 400 })
  }

  @Test("property matchers whose first value every node shares resolve through the most selective one")
  func sharedMatcherValues() throws {
    let n = 5_000
    let nodes = (0..<n).map { #"{"id": "u\#($0)", "kinds": ["Human"], "properties": {"tenant": "acme", "name": "user\#($0)"}}"# }
    let edges = (0..<n).map {
      #"{"kind": "MemberOf", "start": {"match_by": "property", "property_matchers": [{"key": "tenant", "operator": "equals", "value": "acme"}, {"key": "name", "operator": "equals", "value": "user\#($0)"}]}, "end": {"value": "u0"}}"#
    }
    let text = #"{"graph": {"nodes": ["# + nodes.joined(separator: ",") + #"], "edges": ["# + edges.joined(separator: ",") + "]}}"
    let started = Date()
    var builder = GraphBuilder()
    _ = try InputLoader().loadDocument(Array(text.utf8), named: "matchers.json", into: &builder)
    let (graph, report) = try builder.build()
    #expect(graph.edgeCount == n && report.isClean)
    // Quadratic resolution took 20 s for 20,000 edges; this bound only catches that.
    #expect(Date().timeIntervalSince(started) < 10)
  }
}
