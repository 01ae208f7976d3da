import Foundation

/// One finding as the state database keeps it: enough to tell new from old and to report
/// it, and nothing more (no property values, so no secret can end up here).
public struct StoredFinding: Sendable, Equatable, Codable {
  public var id: String
  public var rule: String
  public var severity: String
  public var source: String
  public var target: String
  public var tier: String
  public var message: String
  public var nodes: [String]
  public var edges: [String]

  /// What makes two runs' findings the same finding: the witness path may change between runs
  /// (a shorter one appears) while rule, source, target and tier stay.
  public var key: String { [rule, source, target, tier].joined(separator: "\u{1F}") }

  public init(
    id: String, rule: String, severity: String, source: String, target: String, tier: String, message: String, nodes: [String],
    edges: [String]
  ) {
    self.id = id
    self.rule = rule
    self.severity = severity
    self.source = source
    self.target = target
    self.tier = tier
    self.message = message
    self.nodes = nodes
    self.edges = edges
  }
}

/// A run recorded in the database.
public struct StoredRun: Sendable, Equatable {
  public var id: Int64
  public var recordedAt: String
  public var evaluatedAt: String
  public var inputs: [String]
  public var findingCount: Int
}

/// The baseline of earlier scans in one SQLite file: each snapshot is a run with its
/// findings, written in one transaction, so a file is never left half-written.
public final class FindingStore {
  private let connection: SQLiteConnection
  static let schemaVersion = "1"

  /// Opens (creating if needed) the state database at `path`.
  /// - Throws: `StorageError` when the file is not a SQLite database or not pathscan's.
  public init(path: String) throws {
    connection = try SQLiteConnection(path: path)
    try connection.execute(
      """
      CREATE TABLE IF NOT EXISTS pathscan_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT, recorded_at TEXT NOT NULL, evaluated_at TEXT NOT NULL, inputs TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS findings (
        run_id INTEGER NOT NULL REFERENCES runs(id), finding_key TEXT NOT NULL, id TEXT NOT NULL, rule TEXT NOT NULL,
        severity TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, tier TEXT NOT NULL, message TEXT NOT NULL,
        path TEXT NOT NULL, PRIMARY KEY (run_id, finding_key));
      INSERT OR IGNORE INTO pathscan_meta (key, value) VALUES ('schema', '\(Self.schemaVersion)');
      """)
    var version: String?
    try connection.query("SELECT value FROM pathscan_meta WHERE key = 'schema'") { version = $0[0] }
    guard version == Self.schemaVersion else {
      throw StorageError.incompatible(path, "schema version \(version ?? "none"), expected \(Self.schemaVersion)")
    }
  }

  /// Records a run and its findings atomically; returns the run.
  public func record(findings: [StoredFinding], evaluatedAt: String, inputs: [String]) throws -> StoredRun {
    let recordedAt = ISO8601DateFormatter().string(from: Date())
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    try connection.execute("BEGIN IMMEDIATE")
    do {
      try connection.query(
        "INSERT INTO runs (recorded_at, evaluated_at, inputs) VALUES (?, ?, ?)",
        [.text(recordedAt), .text(evaluatedAt), .text(inputs.joined(separator: "\n"))])
      let run = connection.lastInsertID
      for finding in findings {
        let path = String(decoding: try encoder.encode(["nodes": finding.nodes, "edges": finding.edges]), as: UTF8.self)
        try connection.query(
          "INSERT OR REPLACE INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          [
            .int(run), .text(finding.key), .text(finding.id), .text(finding.rule), .text(finding.severity), .text(finding.source),
            .text(finding.target), .text(finding.tier), .text(finding.message), .text(path),
          ])
      }
      try connection.execute("COMMIT")
      return StoredRun(id: run, recordedAt: recordedAt, evaluatedAt: evaluatedAt, inputs: inputs, findingCount: findings.count)
    } catch {
      try? connection.execute("ROLLBACK")
      throw error
    }
  }

  /// The most recent run, if any.
  public func latestRun() throws -> StoredRun? {
    var run: StoredRun?
    try connection.query(
      "SELECT r.id, r.recorded_at, r.evaluated_at, r.inputs, (SELECT COUNT(*) FROM findings f WHERE f.run_id = r.id) FROM runs r ORDER BY r.id DESC LIMIT 1"
    ) { c in
      run = StoredRun(
        id: Int64(c[0] ?? "0") ?? 0, recordedAt: c[1] ?? "", evaluatedAt: c[2] ?? "",
        inputs: (c[3] ?? "").split(separator: "\n").map(String.init),
        findingCount: Int(c[4] ?? "0") ?? 0)
    }
    return run
  }

  /// The findings of a run.
  public func findings(ofRun run: Int64) throws -> [StoredFinding] {
    var found: [StoredFinding] = []
    let decoder = JSONDecoder()
    try connection.query(
      "SELECT id, rule, severity, source, target, tier, message, path FROM findings WHERE run_id = ? ORDER BY finding_key",
      [.int(run)]
    ) { c in
      let path = (try? decoder.decode([String: [String]].self, from: Data((c[7] ?? "{}").utf8))) ?? [:]
      found.append(
        StoredFinding(
          id: c[0] ?? "", rule: c[1] ?? "", severity: c[2] ?? "", source: c[3] ?? "", target: c[4] ?? "", tier: c[5] ?? "",
          message: c[6] ?? "", nodes: path["nodes"] ?? [], edges: path["edges"] ?? []))
    }
    return found
  }

  /// What changed between a baseline and the current findings.
  public struct Difference: Sendable, Equatable {
    public var new: [StoredFinding]
    public var resolved: [StoredFinding]
    public var unchanged: Int
  }

  /// Compares `current` with `baseline` by finding key (rule, source, target, tier).
  /// - Complexity: O(n + m).
  public static func compare(baseline: [StoredFinding], current: [StoredFinding]) -> Difference {
    let before = Set(baseline.map(\.key))
    let now = Set(current.map(\.key))
    return Difference(
      new: current.filter { !before.contains($0.key) }, resolved: baseline.filter { !now.contains($0.key) },
      unchanged: current.filter { before.contains($0.key) }.count)
  }
}
