import AccessGraph
import ArgumentParser
import Foundation
import PathFinder
import Storage

/// Why an acceptance could not be recorded or revoked.
enum AcceptanceError: Error, CustomStringConvertible {
  case noRun(String)
  case noExposure(String, run: Int64, db: String)
  case notAccepted(String, db: String)

  var description: String {
    switch self {
    case .noRun(let db):
      "\(db) holds no recorded run: record one with 'pathscan snapshot' or 'pathscan scan --db' first"
    case .noExposure(let what, let run, let db):
      "\(what) is no exposure of run \(run) in \(db) (the latest): nothing to accept"
    case .notAccepted(let id, let db): "\(db) holds no unrevoked acceptance of \(id)"
    }
  }
}

extension Pathscan {
  struct Accept: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Record that an exposure is accepted risk: who accepted it, why, and until when.",
      discussion: """
        The exposure must be in the latest run of --db. 'scan --db' and 'diff' then leave it out \
        of their listing and exit status and count it instead, until --until passes, the \
        acceptance is revoked, or the exposure's path changes; a higher tier or another target \
        is another exposure. Acceptances survive later runs.
        """)

    @Argument(help: "The exposure's id (PS-…), as scan, diff and report show it.")
    var id: String?

    @Option(help: "Instead of an id: the rule, with --source and --target.")
    var rule: String?
    @Option(help: "The exposure's source node id.")
    var source: String?
    @Option(help: "The exposure's target node id.")
    var target: String?
    @Option(help: "The exposure's tier (default: the highest recorded for rule, source and target).")
    var tier: String?

    @Option(help: "The state database.")
    var db: String
    @Option(help: "Who accepts it.")
    var by: String
    @Option(help: "Until when (RFC 3339 or a date); from then on it counts again.")
    var until: String
    @Option(help: "Why it is accepted.")
    var reason: String

    func validate() throws {
      let byParts = [rule, source, target].compactMap { $0 }
      if (id == nil) == (byParts.count < 3) {
        throw ValidationError("give an exposure id, or --rule, --source and --target (not both)")
      }
      if id == nil && !byParts.isEmpty && byParts.count < 3 { throw ValidationError("--rule, --source and --target go together") }
      guard let end = Timestamp.parse(until) else { throw ValidationError("--until '\(until)' is not an RFC 3339 time or date") }
      if end <= Date() { throw ValidationError("--until \(until) has passed: an acceptance must end in the future") }
      if by.trimmingCharacters(in: .whitespaces).isEmpty || reason.trimmingCharacters(in: .whitespaces).isEmpty {
        throw ValidationError("--by and --reason must say something")
      }
    }

    func run() throws {
      let store = try FindingStore(path: db)
      guard let latest = try store.latestRun() else { throw AcceptanceError.noRun(db) }
      let exposures = try store.findings(ofRun: latest.id)
      let exposure: StoredFinding?
      if let id {
        exposure = exposures.first { $0.id == id }
      } else {
        exposure = exposures.filter {
          $0.rule == rule && $0.source == source && $0.target == target && (tier ?? $0.tier) == $0.tier
        }
        .max { (Tier(name: $0.tier) ?? .read) < (Tier(name: $1.tier) ?? .read) }
      }
      guard let exposure else {
        throw AcceptanceError.noExposure(id ?? "\(rule!) \(source!) -> \(target!)", run: latest.id, db: db)
      }
      let end = Timestamp.format(Timestamp.parse(until)!)
      try store.accept(
        Acceptance(
          id: exposure.id, rule: exposure.rule, source: exposure.source, target: exposure.target, tier: exposure.tier,
          acceptedBy: by, acceptedAt: Timestamp.format(Date()), until: end, reason: reason, nodes: exposure.nodes))
      Console.out(
        "accepted \(exposure.id) (\(exposure.rule): \(exposure.source) -> \(exposure.target) at \(exposure.tier)) until \(end), by \(by)"
      )
    }
  }

  struct Accepted: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the accepted exposures: who accepted what, when, until when, and why.")

    @Option(help: "The state database.")
    var db: String

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    func run() throws {
      let store = try FindingStore(path: db, readOnly: true)
      let all = try store.acceptances()
      let now = Date()
      func status(_ a: Acceptance) -> String {
        if let revoked = a.revokedAt { return "revoked \(revoked)" + (a.revokedBy.map { " by \($0)" } ?? "") }
        return (Timestamp.parse(a.until) ?? now) <= now ? "expired" : "active"
      }
      switch format {
      case .json:
        struct Item: Encodable {
          var acceptance: Acceptance
          var status: String
        }
        Console.out(try JSONOutput.string(all.map { Item(acceptance: $0, status: status($0)) }))
      case .text:
        if all.isEmpty { return Console.out("no acceptances in \(db)") }
        Console.out(
          Table.render(
            header: ["ID", "RULE", "SOURCE", "TARGET", "TIER", "BY", "ACCEPTED", "UNTIL", "STATUS", "REASON"],
            rows: all.map {
              [$0.id, $0.rule, $0.source, $0.target, $0.tier, $0.acceptedBy, $0.acceptedAt, $0.until, status($0), $0.reason]
            }))
      }
    }
  }

  struct RevokeAcceptance: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "revoke-acceptance", abstract: "Revoke an acceptance: the exposure counts again from the next scan.")

    @Argument(help: "The accepted exposure's id (PS-…).")
    var id: String

    @Option(help: "The state database.")
    var db: String

    @Option(help: "Who revokes it.")
    var by: String

    func run() throws {
      let store = try FindingStore(path: db)
      guard try store.revokeAcceptance(id, by: by, at: Timestamp.format(Date())) else {
        throw AcceptanceError.notAccepted(id, db: db)
      }
      Console.out("revoked the acceptance of \(id)")
    }
  }
}

/// The acceptances in force for a scan: unrevoked, not yet expired at the evaluation time,
/// and with the path they were accepted on.
struct AcceptedRisk {
  let byID: [String: Acceptance]

  init(_ store: FindingStore, at time: Date) throws {
    byID = Dictionary(
      try store.acceptances().filter { $0.revokedAt == nil && (Timestamp.parse($0.until) ?? time) > time }.map { ($0.id, $0) },
      uniquingKeysWith: { _, later in later })
  }

  /// Whether `item` is accepted: its id has an acceptance in force, and its witness runs
  /// through the same nodes as when it was accepted.
  func covers(_ item: ExposureItem) -> Bool {
    guard let a = byID[item.id] else { return false }
    return a.nodes.isEmpty || item.path?.nodes == a.nodes
  }
}
