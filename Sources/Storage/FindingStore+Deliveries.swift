import Foundation

/// One webhook delivery of a run's alert, as recorded: where (the endpoint without its
/// path or query, which may hold a token), how it went, and how many tries it took.
public struct Delivery: Sendable, Equatable {
  public var runID: Int64
  /// `scheme://host[:port]` and a short digest of the whole URL, so two hooks on one host
  /// stay apart without the URL's secret part being kept.
  public var endpoint: String
  public var attempts: Int
  public var delivered: Bool
  public var httpStatus: Int?
  public var error: String?
  /// How many new exposures the alert carried.
  public var exposures: Int
  public var finishedAt: String

  public init(
    runID: Int64, endpoint: String, attempts: Int, delivered: Bool, httpStatus: Int?, error: String?, exposures: Int,
    finishedAt: String
  ) {
    self.runID = runID
    self.endpoint = endpoint
    self.attempts = attempts
    self.delivered = delivered
    self.httpStatus = httpStatus
    self.error = error
    self.exposures = exposures
    self.finishedAt = finishedAt
  }
}

extension FindingStore {
  /// Records how one delivery went.
  public func record(_ d: Delivery) throws {
    try connection.query(
      "INSERT INTO deliveries (run_id, endpoint, attempts, delivered, http_status, error, exposures, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      [
        .int(d.runID), .text(d.endpoint), .int(Int64(d.attempts)), .int(d.delivered ? 1 : 0),
        d.httpStatus.map { .int(Int64($0)) } ?? .null, d.error.map { .text($0) } ?? .null, .int(Int64(d.exposures)),
        .text(d.finishedAt),
      ])
  }

  /// The deliveries of a run, or of every run, in the order they were recorded. A file of an
  /// older schema (opened read-only, not migrated) has none.
  public func deliveries(ofRun run: Int64? = nil) throws -> [Delivery] {
    guard let schema = fileSchema, Int(schema) ?? 0 >= 4 else { return [] }
    var found: [Delivery] = []
    try connection.query(
      "SELECT run_id, endpoint, attempts, delivered, http_status, error, exposures, finished_at FROM deliveries \(run == nil ? "" : "WHERE run_id = ?") ORDER BY id",
      run.map { [.int($0)] } ?? []
    ) { c in
      found.append(
        Delivery(
          runID: Int64(c[0] ?? "0") ?? 0, endpoint: c[1] ?? "", attempts: Int(c[2] ?? "0") ?? 0, delivered: c[3] == "1",
          httpStatus: c[4].flatMap { Int($0) }, error: c[5], exposures: Int(c[6] ?? "0") ?? 0, finishedAt: c[7] ?? ""))
    }
    return found
  }
}
