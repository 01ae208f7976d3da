import Foundation
import TestSupport
import Testing

@testable import pathscan

@Suite("pathscan snapshot and diff")
struct BaselineCommandTests {
  let example = CommandRunner.example
  let now = ["--at", "2026-11-22T00:00:00Z", "-q"]

  let scratch: TemporaryDirectory
  init() throws { scratch = try TemporaryDirectory("pathscan-baseline") }

  func temporary(_ name: String) -> String { scratch.path(name) }

  @Test("a diff against the latest snapshot reports new exposures with exit 3 and resolved ones with 0")
  func cycle() throws {
    let db = temporary("state.db")
    defer { try? FileManager.default.removeItem(atPath: db) }
    // After the SIEM token lapses, the paths through it are gone.
    let later = ["--at", "2027-03-02T00:00:00Z", "-q"]
    let snapshot = CommandRunner.run(["snapshot", example, "--db", db] + later)
    #expect(
      snapshot.status == 0 && snapshot.out.hasPrefix("recorded run 1 in \(db): 39 exposures in 27 findings"), "\(snapshot.out)")
    let diff = CommandRunner.run(["diff", example, "--db", db, "--format", "json"] + now)
    #expect(diff.status == 3)
    let output = try JSONSerialization.jsonObject(with: Data(diff.out.utf8)) as! [String: Any]
    let new = (output["new"] as! [[String: Any]]).map { "\($0["rule"]!) \($0["source"]!)->\($0["target"]!)" }
    #expect(new.contains("read-grant-pivot alice->siem") && new.contains("support-to-iam-secops crm-app->siem"))
    #expect(new.allSatisfy { $0.hasSuffix("->siem") || $0.hasSuffix("->svc-siem") || $0.hasSuffix("->key-siem-admin") })
    #expect(CommandRunner.run(["diff", example, "--db", db, "--fail-on", "critical"] + now).status == 0)
    #expect(CommandRunner.run(["diff", example, "--db", db, "--update"] + now).status == 3)
    let settled = CommandRunner.run(["diff", example, "--db", db] + now)
    #expect(settled.status == 0 && settled.out.hasPrefix("0 new, 0 resolved, 46 unchanged exposures (against run 2"))
  }

  @Test("a new target for a source that already had findings is new: an agent gains admin on the SIEM")
  func newTarget() throws {
    let db = temporary("state.db")
    let copy = temporary("copy.json")
    defer {
      try? FileManager.default.removeItem(atPath: db)
      try? FileManager.default.removeItem(atPath: copy)
    }
    try withSIEMAdmin(copy)
    #expect(CommandRunner.run(["snapshot", example, "--db", db] + now).status == 0)
    let diff = CommandRunner.run(["diff", copy, "--db", db, "--fail-on", "high"] + now)
    #expect(diff.status == 3)
    #expect(diff.out.hasPrefix("15 new, 0 resolved, 46 unchanged exposures"))
    #expect(diff.out.contains("[critical] nhi-standing-privilege: billing-agent reaches siem (critical) at admin"))
    #expect(diff.out.contains("    path: billing-agent -[CanAdmin]-> siem  [admin, standing, cross-domain]"))
  }

  /// The example with billing-agent given admin on the SIEM, written to `copy`.
  func withSIEMAdmin(_ copy: String) throws {
    var text = try String(contentsOfFile: example, encoding: .utf8)
    text = text.replacingOccurrences(
      of: #"{"kind": "CanAdmin", "start": {"value": "billing-agent"}, "end": {"value": "payments-db"}}"#,
      with:
        #"{"kind": "CanAdmin", "start": {"value": "billing-agent"}, "end": {"value": "payments-db"}}, {"kind": "CanAdmin", "start": {"value": "billing-agent"}, "end": {"value": "siem"}}"#
    )
    try Data(text.utf8).write(to: URL(fileURLWithPath: copy))
  }

  @Test("the one-line cron job: scan --db --alert-on new records each run and exits 3 only on what is new")
  func alertOnNew() throws {
    let folder = try TemporaryDirectory()
    let db = folder.path("state.db")
    let copy = folder.path("copy.json")
    try withSIEMAdmin(copy)
    let cron = ["--db", db, "--alert-on", "new", "--min-severity", "critical", "--format", "json"] + now
    let first = CommandRunner.run(["scan", example] + cron)
    #expect(first.status == 3)
    #expect(first.err.hasPrefix("26 new exposures at or above critical since the last run:"), "\(first.err)")
    let again = CommandRunner.run(["scan", example] + cron)
    #expect(again.status == 0 && again.err.isEmpty)
    let changed = CommandRunner.run(["scan", copy] + cron)
    #expect(changed.status == 3)
    #expect(changed.err.contains("[critical] nhi-standing-privilege: billing-agent reaches siem (critical) at admin"))
    #expect(!changed.err.contains("payments-db"))
    // Every run was recorded, the alerting ones too: run 3 against run 2 is the new grant.
    let runs = CommandRunner.run(["diff", "--db", db, "--to-run", "3", "--fail-on", "critical"])
    #expect(runs.status == 3)
    #expect(runs.out.hasPrefix("run 3 of "), "\(runs.out)")
    #expect(runs.out.contains("15 new, 0 resolved, 46 unchanged exposures (against run 2 of "))
    let same = CommandRunner.run(["diff", "--db", db, "--from-run", "1", "--to-run", "2"])
    #expect(same.status == 0 && same.out.contains("0 new, 0 resolved, 46 unchanged"))
    let missing = CommandRunner.run(["diff", "--db", db, "--to-run", "9"])
    #expect(missing.status == 1 && missing.err.contains("holds no run 9"))
    #expect(CommandRunner.run(["scan", example, "--alert-on", "new"] + now).status == 1)
  }

  @Test(
    "a snapshot killed with SIGKILL at any moment leaves the earlier runs intact and no half-written one; two at once both land")
  func killedMidWrite() throws {
    let binary = Fixtures.project(".build/debug/pathscan")
    try #require(FileManager.default.isExecutableFile(atPath: binary), "build the tool first (swift build --build-tests)")
    let folder = try TemporaryDirectory()
    // 80 agents with standing admin on 80 sensitive resources: 6,400 exposures a run.
    var nodes: [String] = []
    var edges: [String] = []
    for a in 0..<80 { nodes.append(#"{"id": "agent-\#(a)", "kinds": ["Agent"]}"#) }
    for r in 0..<80 {
      nodes.append(#"{"id": "db-\#(r)", "kinds": ["Resource"], "properties": {"sensitivity": "high"}}"#)
      for a in 0..<80 { edges.append(#"{"kind": "CanAdmin", "start": {"value": "agent-\#(a)"}, "end": {"value": "db-\#(r)"}}"#) }
    }
    let input = try folder.write(
      "big.json",
      Data(#"{"graph": {"nodes": [\#(nodes.joined(separator: ","))], "edges": [\#(edges.joined(separator: ","))]}}"#.utf8))
    let db = folder.path("state.db")
    func snapshot() throws -> Process {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: binary)
      process.arguments = ["snapshot", input, "--db", db, "-q"]
      process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
      try process.run()
      return process
    }
    let started = Date()
    let first = try snapshot()
    first.waitUntilExit()
    #expect(first.terminationStatus == 0)
    let whole = Date().timeIntervalSince(started)
    let perRun = try sqliteShell(db, "SELECT count(*) FROM exposures WHERE run_id = 1;")
    #expect(Int(perRun.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 6400)
    var killed = 0
    for fraction in [0.3, 0.6, 0.8, 0.9, 0.95, 1.0] {
      let child = try snapshot()
      Thread.sleep(forTimeInterval: whole * fraction)
      kill(child.processIdentifier, SIGKILL)
      child.waitUntilExit()
      if child.terminationReason == .uncaughtSignal { killed += 1 }
      #expect(try sqliteShell(db, "PRAGMA integrity_check;") == "ok")
      // Every run present is whole: a killed one left no row at all.
      let counts = try sqliteShell(db, "SELECT count(*) FROM exposures GROUP BY run_id;").split(separator: "\n")
      #expect(Set(counts).count == 1 && counts.first.map(String.init) == perRun.trimmingCharacters(in: .newlines))
    }
    #expect(killed >= 1, "the kills should land while the snapshot runs")
    // Two runs at once on one file: the second waits for the first (busy timeout), both land.
    let before = Int(try sqliteShell(db, "SELECT count(*) FROM runs;")) ?? 0
    let pair = [try snapshot(), try snapshot()]
    for child in pair { child.waitUntilExit() }
    #expect(pair.allSatisfy { $0.terminationStatus == 0 })
    #expect(Int(try sqliteShell(db, "SELECT count(*) FROM runs;")) == before + 2)
  }

  @Test("a database written by the previous schema is refused with a message, not misread")
  func previousSchema() throws {
    let db = temporary("old.db")
    defer { try? FileManager.default.removeItem(atPath: db) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [
      db,
      "CREATE TABLE pathscan_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO pathscan_meta VALUES ('schema', '1');",
    ]
    try process.run()
    process.waitUntilExit()
    let diff = CommandRunner.run(["diff", example, "--db", db] + now)
    #expect(diff.status == 1)
    #expect(diff.err.contains("state database of an earlier pathscan"))
  }

  @Test("diff without --update writes nothing: the database is opened read-only and a missing one is not created")
  func readOnly() throws {
    let db = temporary("state.db")
    defer { try? FileManager.default.removeItem(atPath: db) }
    #expect(CommandRunner.run(["diff", example, "--db", db] + now).status == 3)
    #expect(!FileManager.default.fileExists(atPath: db))
    #expect(CommandRunner.run(["snapshot", example, "--db", db] + now).status == 0)
    let before = try Data(contentsOf: URL(fileURLWithPath: db))
    #expect(CommandRunner.run(["diff", example, "--db", db] + now).status == 0)
    #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    let journal = try FileManager.default.contentsOfDirectory(atPath: (db as NSString).deletingLastPathComponent)
      .filter { $0.hasPrefix((db as NSString).lastPathComponent + "-") }
    #expect(journal.isEmpty)
  }
}
