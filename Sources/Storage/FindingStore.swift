import Foundation

/// One exposure (rule, source, target, tier) as the state database keeps it: enough to tell
/// new from old and to report it, and nothing more (no property values, so no secret can end
/// up here). The path is the witness when the exposure was its finding's first, else empty.
public struct StoredFinding: Sendable, Equatable, Codable {
  public var id: String
  /// The id of the finding (a source's exposures under one rule) that listed it.
  public var finding: String
  public var rule: String
  public var severity: String
  public var source: String
  public var target: String
  public var tier: String
  public var message: String
  public var nodes: [String]
  public var edges: [String]
  /// The path's flags: `just-in-time`, `gated`, `cross-domain`, `agent chain`.
  public var flags: [String]

  public init(
    id: String, finding: String? = nil, rule: String, severity: String, source: String, target: String, tier: String,
    message: String, nodes: [String],
    edges: [String], flags: [String] = []
  ) {
    self.flags = flags
    self.id = id
    self.finding = finding ?? id
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
  let connection: SQLiteConnection
  static let schemaVersion = "4"

  /// How each schema becomes the next: the statements that take version N to N + 1, applied
  /// in one transaction on opening for writing. Read-only use reads the older schema as it is.
  static let migrations: [String: String] = [
    // 3: accepted risk.
    "2": """
    CREATE TABLE IF NOT EXISTS acceptances (
      id TEXT PRIMARY KEY, rule TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, tier TEXT NOT NULL,
      accepted_by TEXT NOT NULL, accepted_at TEXT NOT NULL, until TEXT NOT NULL, reason TEXT NOT NULL,
      path TEXT NOT NULL, revoked_at TEXT, revoked_by TEXT);
    """,
    // 4: webhook deliveries.
    "3": """
    CREATE TABLE IF NOT EXISTS deliveries (
      id INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL REFERENCES runs(id), endpoint TEXT NOT NULL,
      attempts INTEGER NOT NULL, delivered INTEGER NOT NULL, http_status INTEGER, error TEXT, exposures INTEGER NOT NULL,
      finished_at TEXT NOT NULL);
    """,
  ]

  /// The schema this file holds (nil for a new file).
  private(set) var fileSchema: String?

  /// Opens (creating if needed) the state database at `path`.
  /// - Throws: `StorageError` when the file is not a SQLite database or not pathscan's.
  public init(path: String, readOnly: Bool = false) throws {
    connection = try SQLiteConnection(path: path, readOnly: readOnly)
    // Read what the file holds before writing anything, so that neither another program's
    // database nor an earlier pathscan's is changed by opening it.
    var tables: [String] = []
    try connection.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
      tables.append($0[0] ?? "")
    }
    if tables.contains("pathscan_meta") {
      var version: String?
      try connection.query("SELECT value FROM pathscan_meta WHERE key = 'schema'") { version = $0[0] }
      if version == "1" {
        // Schema 1 kept one target a finding, so it cannot tell which of today's exposures
        // are new: reading it would report every further target as new.
        throw StorageError.outdated(
          path,
          "it was written by an earlier pathscan that recorded one target per finding, so its runs cannot be compared with exposures; take a new snapshot into a new file"
        )
      }
      guard let version, version == Self.schemaVersion || Self.migrations[version] != nil else {
        throw StorageError.incompatible(path, "schema version \(version ?? "none"), expected \(Self.schemaVersion)")
      }
      fileSchema = version
    } else if !tables.isEmpty {
      throw StorageError.incompatible(
        path, "it holds other tables (\(tables.sorted().prefix(5).joined(separator: ", "))); give pathscan a file of its own")
    } else if readOnly {
      throw StorageError.incompatible(path, "it holds no pathscan tables; take a snapshot first")
    }
    if readOnly { return }
    try migrate()
    try connection.execute(
      """
      CREATE TABLE IF NOT EXISTS pathscan_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT, recorded_at TEXT NOT NULL, evaluated_at TEXT NOT NULL, inputs TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS exposures (
        run_id INTEGER NOT NULL REFERENCES runs(id), id TEXT NOT NULL, finding_id TEXT NOT NULL, rule TEXT NOT NULL,
        severity TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, tier TEXT NOT NULL, message TEXT NOT NULL,
        path TEXT NOT NULL, PRIMARY KEY (run_id, rule, source, target, tier));
      \(Self.migrations["2"]!)
      \(Self.migrations["3"]!)
      INSERT OR IGNORE INTO pathscan_meta (key, value) VALUES ('schema', '\(Self.schemaVersion)');
      """)
    fileSchema = Self.schemaVersion
  }

  /// Takes an older file forward, one version a step, all in one transaction.
  private func migrate() throws {
    guard var version = fileSchema, version != Self.schemaVersion else { return }
    try connection.execute("BEGIN IMMEDIATE")
    do {
      while let step = Self.migrations[version] {
        try connection.execute(step)
        version = String((Int(version) ?? 0) + 1)
      }
      try connection.query("UPDATE pathscan_meta SET value = ? WHERE key = 'schema'", [.text(version)])
      try connection.execute("COMMIT")
      fileSchema = version
    } catch {
      try? connection.execute("ROLLBACK")
      throw error
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
        let path = String(
          decoding: try encoder.encode(["nodes": finding.nodes, "edges": finding.edges, "flags": finding.flags]), as: UTF8.self)
        try connection.query(
          "INSERT OR REPLACE INTO exposures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          [
            .int(run), .text(finding.id), .text(finding.finding), .text(finding.rule), .text(finding.severity),
            .text(finding.source),
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
  public func latestRun() throws -> StoredRun? { try run(where: "", []) }

  /// The run with this id, if recorded.
  public func run(_ id: Int64) throws -> StoredRun? { try run(where: "WHERE r.id = ?", [.int(id)]) }

  /// The latest run recorded before run `id`, if any.
  public func run(before id: Int64) throws -> StoredRun? { try run(where: "WHERE r.id < ?", [.int(id)]) }

  private func run(where condition: String, _ parameters: [SQLiteConnection.Value]) throws -> StoredRun? {
    var run: StoredRun?
    try connection.query(
      "SELECT r.id, r.recorded_at, r.evaluated_at, r.inputs, (SELECT COUNT(*) FROM exposures f WHERE f.run_id = r.id) FROM runs r \(condition) ORDER BY r.id DESC LIMIT 1",
      parameters
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
      "SELECT id, finding_id, rule, severity, source, target, tier, message, path FROM exposures WHERE run_id = ? ORDER BY rule, source, target, tier",
      [.int(run)]
    ) { c in
      let path = (try? decoder.decode([String: [String]].self, from: Data((c[8] ?? "{}").utf8))) ?? [:]
      found.append(
        StoredFinding(
          id: c[0] ?? "", finding: c[1] ?? "", rule: c[2] ?? "", severity: c[3] ?? "", source: c[4] ?? "", target: c[5] ?? "",
          tier: c[6] ?? "", message: c[7] ?? "", nodes: path["nodes"] ?? [], edges: path["edges"] ?? [],
          flags: path["flags"] ?? []))
    }
    return found
  }
}
