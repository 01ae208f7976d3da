import Foundation
import TestSupport
import Testing

@testable import pathscan

@Suite("pathscan snapshot and diff")
struct BaselineCommandTests {
  let example = CommandRunner.example

  @Test("a diff against the latest snapshot reports new findings with exit 3 and resolved ones with 0")
  func cycle() throws {
    let db = FileManager.default.temporaryDirectory.appendingPathComponent("pathscan-state-\(UUID()).db").path
    defer { try? FileManager.default.removeItem(atPath: db) }
    let later = ["--at", "2027-03-02T00:00:00Z", "-q"]
    let now = ["--at", "2026-11-22T00:00:00Z", "-q"]
    let snapshot = CommandRunner.run(["snapshot", example, "--db", db] + later)
    #expect(snapshot.status == 0 && snapshot.out.hasPrefix("recorded run 1 in \(db): 16 findings"))
    let diff = CommandRunner.run(["diff", example, "--db", db, "--format", "json"] + now)
    #expect(diff.status == 3)
    let output = try JSONSerialization.jsonObject(with: Data(diff.out.utf8)) as! [String: Any]
    #expect(
      (output["new"] as! [[String: Any]]).map { $0["rule"] as! String }.sorted() == [
        "read-grant-pivot", "support-to-iam-secops", "unowned-nhi-critical",
      ])
    #expect(CommandRunner.run(["diff", example, "--db", db, "--fail-on", "critical"] + now).status == 0)
    #expect(CommandRunner.run(["diff", example, "--db", db, "--update"] + now).status == 3)
    let settled = CommandRunner.run(["diff", example, "--db", db] + now)
    #expect(settled.status == 0 && settled.out.hasPrefix("0 new, 0 resolved, 19 unchanged findings (against run 2"))
  }
}
