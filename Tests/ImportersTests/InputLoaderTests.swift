import AccessGraph
import Foundation
import Importers
import TestSupport
import Testing

@Suite("Loading folders")
struct InputLoaderTests {
  let scratch: TemporaryDirectory
  init() throws { scratch = try TemporaryDirectory("pathscan-load") }

  func folder(_ files: [String: String]) throws -> URL {
    let url = scratch.url.appendingPathComponent("folder-\(UUID())")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
    return url
  }

  static let graph = #"{"graph": {"nodes": [{"id": "a", "kinds": ["Human"]}], "edges": []}}"#
  static let schema = #"{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "node", "type": "object"}"#

  @Test("a JSON file of no known format in a folder is skipped and listed; named alone or with --strict it fails")
  func skipsUnknownJSON() throws {
    let dir = try folder(["graph.json": Self.graph, "node.schema.json": Self.schema, "package.json": #"{"name": "x"}"#])
    defer { try? FileManager.default.removeItem(at: dir) }
    let loaded = try InputLoader().load([dir.path])
    #expect(loaded.graph.nodeCount == 1)
    #expect(loaded.sources.map { URL(fileURLWithPath: $0.file).lastPathComponent } == ["graph.json"])
    #expect(loaded.skippedFiles.count == 2)
    #expect(loaded.skippedFiles.allSatisfy { $0.contains("is not a format pathscan reads") })
    #expect(throws: ImportError.self) { try InputLoader(strict: true).load([dir.path]) }
    #expect(throws: ImportError.self) { try InputLoader().load([dir.appendingPathComponent("package.json").path]) }
  }

  @Test("malformed JSON in a folder still stops the load")
  func malformedStops() throws {
    let dir = try folder(["graph.json": Self.graph, "broken.json": #"{"graph": {"nodes": ["#])
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(throws: ImportError.self) { try InputLoader().load([dir.path]) }
  }
}
