import Foundation
import Storage
import Testing

@Suite("State database")
struct FindingStoreTests {
  func temporary() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("pathscan-\(UUID()).db").path }

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
    #expect(try reopened.findings(ofRun: first.id).map(\.key).count == 3)
    #expect(try reopened.findings(ofRun: second.id) == [finding("c")])
  }

  @Test("comparison by rule, source, target and tier")
  func compare() {
    let difference = FindingStore.compare(
      baseline: [finding("a"), finding("b")], current: [finding("b"), finding("c"), finding("a", tier: "read")])
    #expect(difference.new.map(\.source) == ["c", "a"])
    #expect(difference.resolved.map(\.source) == ["a"])
    #expect(difference.unchanged == 1)
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
