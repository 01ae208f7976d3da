import Foundation
import TestSupport
import Testing

@Suite("pathscan accept, accepted and revoke-acceptance")
struct AcceptCommandTests {
  let example = CommandRunner.example
  let at = ["--at", "2026-11-22T00:00:00Z"]
  let chain = "PS-111ae6653ce3"  // agent-chain-escalation support-assistant -> payments-db
  let standing = "PS-4bc1ea2f689d"  // nhi-standing-privilege billing-agent -> payments-db

  func scan(_ input: String, db: String, at time: [String]) -> CommandRunner.Output {
    CommandRunner.run(["scan", input, "--db", db, "--min-severity", "critical"] + time)
  }

  @Test("accepted exposures leave scan's listing until they expire, are revoked, or their path changes")
  func lifecycle() throws {
    let folder = try TemporaryDirectory()
    let db = folder.path("state.db")
    #expect(scan(example, db: db, at: at).status == 0)
    let why = ["--db", db, "--by", "sec-lead@example.com", "--until", "2030-01-01", "--reason", "vendor fix due in Q1"]
    let byID = CommandRunner.run(["accept", chain] + why)
    #expect(byID.status == 0)
    #expect(
      byID.out.hasPrefix(
        "accepted \(chain) (agent-chain-escalation: support-assistant -> payments-db at admin) until 2030-01-01T00:00:00Z"))
    let byParts = CommandRunner.run(
      ["accept", "--rule", "nhi-standing-privilege", "--source", "billing-agent", "--target", "payments-db"] + why)
    #expect(byParts.status == 0 && byParts.out.hasPrefix("accepted \(standing) "))
    let unknown = CommandRunner.run(["accept", "PS-000000000000"] + why)
    #expect(unknown.status == 1 && unknown.err.contains("PS-000000000000 is no exposure of run 1 in \(db)"))
    let past = CommandRunner.run(["accept", chain, "--db", db, "--by", "x", "--until", "2020-01-01", "--reason", "r"])
    #expect(past.status == 1 && past.err.contains("has passed"))

    let listed = CommandRunner.run(["accepted", "--db", db])
    #expect(listed.status == 0)
    #expect(listed.out.contains(chain) && listed.out.contains(standing) && listed.out.contains("vendor fix due in Q1"))
    #expect(listed.out.components(separatedBy: "active").count == 3)

    // Left out, and counted; the run is still recorded with them.
    let hidden = scan(example, db: db, at: at)
    #expect(hidden.status == 0)
    #expect(!hidden.out.contains(chain) && !hidden.out.contains(standing))
    #expect(hidden.out.hasPrefix("16 findings"), "\(hidden.out.prefix(80))")
    #expect(hidden.err.contains("2 accepted exposures left out (see 'pathscan accepted --db \(db)')"))
    // After --until they count again.
    let expired = scan(example, db: db, at: ["--at", "2030-06-01T00:00:00Z", "-q"])
    #expect(expired.out.contains(chain) && expired.out.contains(standing))

    // Another path to the same target is not what was accepted.
    let copy = folder.path("shortcut.json")
    let text = try String(contentsOfFile: example, encoding: .utf8).replacingOccurrences(
      of: #"{"kind": "CanInvoke", "start": {"value": "triage-agent"}, "end": {"value": "billing-agent"}},"#,
      with:
        #"{"kind": "CanInvoke", "start": {"value": "triage-agent"}, "end": {"value": "billing-agent"}}, {"kind": "CanInvoke", "start": {"value": "support-assistant"}, "end": {"value": "billing-agent"}},"#
    )
    try Data(text.utf8).write(to: URL(fileURLWithPath: copy))
    let rerouted = scan(copy, db: db, at: at + ["-q"])
    #expect(rerouted.out.contains(chain) && !rerouted.out.contains(standing))

    let revoked = CommandRunner.run(["revoke-acceptance", chain, "--db", db, "--by", "auditor"])
    #expect(revoked.status == 0)
    let after = scan(example, db: db, at: at + ["-q"])
    #expect(after.out.contains(chain) && !after.out.contains(standing))
    #expect(CommandRunner.run(["accepted", "--db", db]).out.contains("revoked"))
    let twice = CommandRunner.run(["revoke-acceptance", chain, "--db", db, "--by", "auditor"])
    #expect(twice.status == 1 && twice.err.contains("holds no unrevoked acceptance of \(chain)"))
  }

  @Test("a database of an earlier schema is migrated forward step by step on writing, and its runs still compare")
  func migration() throws {
    let folder = try TemporaryDirectory()
    let db = folder.path("v2.db")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [
      db,
      """
      CREATE TABLE pathscan_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, recorded_at TEXT NOT NULL, evaluated_at TEXT NOT NULL, inputs TEXT NOT NULL);
      CREATE TABLE exposures (run_id INTEGER NOT NULL REFERENCES runs(id), id TEXT NOT NULL, finding_id TEXT NOT NULL,
        rule TEXT NOT NULL, severity TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, tier TEXT NOT NULL,
        message TEXT NOT NULL, path TEXT NOT NULL, PRIMARY KEY (run_id, rule, source, target, tier));
      INSERT INTO pathscan_meta VALUES ('schema', '2');
      INSERT INTO runs VALUES (1, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 'old.json');
      INSERT INTO exposures VALUES (1, 'PS-4bc1ea2f689d', 'PS-4bc1ea2f689d', 'nhi-standing-privilege', 'critical',
        'billing-agent', 'payments-db', 'admin', 'billing-agent reaches payments-db (critical) at admin', '{}');
      """,
    ]
    try process.run()
    process.waitUntilExit()
    // Read-only use reads it as it is: no acceptances yet.
    #expect(CommandRunner.run(["accepted", "--db", db]).out.hasPrefix("no acceptances"))
    let diff = CommandRunner.run(["diff", example, "--db", db, "--update", "--fail-on", "critical"] + at + ["-q"])
    #expect(diff.out.contains("1 unchanged exposures (against run 1 of 2026-11-01T00:00:00Z)"), "\(diff.out.prefix(200))")
    let schema = Process()
    let pipe = Pipe()
    schema.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    schema.arguments = [
      db, "SELECT value FROM pathscan_meta WHERE key = 'schema'; SELECT count(*) FROM runs; SELECT count(*) FROM deliveries;",
    ]
    schema.standardOutput = pipe
    try schema.run()
    schema.waitUntilExit()
    #expect(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "4\n2\n0\n")
    #expect(
      CommandRunner.run(["accept", standing, "--db", db, "--by", "a", "--until", "2031-01-01", "--reason", "r"]).status == 0)
  }
}
