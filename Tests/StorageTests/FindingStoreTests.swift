import Foundation
import Storage
import TestSupport
import Testing

@Suite("State database")
struct FindingStoreTests {
  let scratch: TemporaryDirectory
  init() throws { scratch = try TemporaryDirectory("pathscan-store") }

  func temporary() -> String { scratch.path("state-\(UUID()).db") }

  func finding(_ source: String, rule: String = "r", tier: String = "admin") -> StoredFinding {
    StoredFinding(
      id: "PS-\(source)", rule: rule, severity: "high", source: source, target: "t", tier: tier, message: "m",
      nodes: [source, "t"], edges: ["CanAdmin"])
  }

  @Test("runs are recorded whole and read back exactly, latest first")
  func roundTrip() throws {
    let path = temporary()
    defer { try? FileManager.default.removeItem(atPath: path) }
    let store = try FindingStore(path: path)
    #expect(try store.latestRun() == nil)
    let first = try store.record(
      findings: [finding("a"), finding("b"), finding("a", rule: "other")], evaluatedAt: "2026-01-01T00:00:00Z", inputs: ["x.json"]
    )
    let second = try store.record(findings: [finding("c")], evaluatedAt: "2026-01-02T00:00:00Z", inputs: ["x.json", "y.json"])
    let reopened = try FindingStore(path: path)
    let latest = try #require(try reopened.latestRun())
    #expect(latest.id == second.id && latest.findingCount == 1 && latest.inputs == ["x.json", "y.json"])
    #expect(try reopened.findings(ofRun: first.id).map { "\($0.rule)/\($0.source)" } == ["other/a", "r/a", "r/b"])
    #expect(try reopened.findings(ofRun: second.id) == [finding("c")])
  }

  @Test("a database of schema 1 (one target a finding) is refused, not misread, and not changed")
  func schemaOne() throws {
    let path = temporary()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try sqlite(
      path,
      "CREATE TABLE pathscan_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO pathscan_meta VALUES ('schema', '1'); CREATE TABLE findings (run_id INTEGER);"
    )
    #expect {
      try FindingStore(path: path)
    } throws: { error in
      "\(error)".contains("state database of an earlier pathscan") && "\(error)".contains("take a new snapshot into a new file")
    }
    #expect(try sqlite(path, ".tables").split(whereSeparator: \.isWhitespace).sorted() == ["findings", "pathscan_meta"])
  }

  @Test("another program's SQLite file is refused before anything is written to it")
  func foreignDatabase() throws {
    let path = temporary()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try sqlite(path, "CREATE TABLE invoices (id INTEGER);")
    #expect {
      try FindingStore(path: path)
    } throws: { error in
      "\(error)" == "\(path): not a pathscan state database: it holds other tables (invoices); give pathscan a file of its own"
    }
    #expect(try sqlite(path, ".tables").trimmingCharacters(in: .whitespacesAndNewlines) == "invoices")
  }

  /// Runs the sqlite3 shell, which writes databases the way another program would.
  @discardableResult
  func sqlite(_ path: String, _ sql: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [path, sql]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }

  @Test("a file that is not a database is an error naming it, and is left alone")
  func notADatabase() throws {
    let path = temporary()
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data("not sqlite at all, just text that is long enough to be read as a header".utf8).write(to: URL(fileURLWithPath: path))
    #expect {
      try FindingStore(path: path)
    } throws: { error in
      "\(error)".hasPrefix("\(path): state database error: file is not a database")
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("not sqlite"))
  }
}
