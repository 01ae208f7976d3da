import ArgumentParser
import Foundation
import PathFinder

extension Pathscan {
  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Combine the JSON of 'scan --shard I/N' runs into the JSON of the unsharded scan.",
      discussion: """
        Give every part exactly once, all of one graph at one evaluation time. Findings are \
        put back in the scan's order (highest risk first, then severity, rule, source, target \
        and id) and the summary is summed, so the result is what one 'scan --format json' of \
        the whole graph writes. The distribution itself is a batch engine's job; the README \
        shows a Kubernetes Indexed Job.
        """)

    @Argument(help: "The parts' JSON files (scan --shard I/N --format json -o FILE).")
    var parts: [String]

    @Option(name: .shortAndLong, help: "Write the merged JSON to this file instead of standard output.")
    var output: String?

    func validate() throws {
      if parts.isEmpty { throw ValidationError("give the JSON file of every part") }
    }

    func run() throws {
      let reports = try parts.map { path -> FindingReport in
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) } catch {
          throw MergeError.unreadable(path, error.localizedDescription)
        }
        do { return try JSONDecoder().decode(FindingReport.self, from: data) } catch {
          throw MergeError.notAScan(path, Self.describe(error))
        }
      }
      let merged = try Self.merge(reports, paths: parts)
      func emit(_ write: (String) throws -> Void) throws {
        try JSONOutput.stream(merged, write)
        try write("\n")
      }
      if let output {
        try AtomicFile.stream(to: output, emit)
        Console.error("wrote \(output): \(merged.summary.findings) findings from \(reports.count) parts")
      } else {
        try emit { Console.out($0, terminator: "") }
      }
    }

    /// The parts as one scan; each must be a part of the same sharded scan, every part once.
    static func merge(_ reports: [FindingReport], paths: [String]) throws -> FindingReport {
      guard let count = reports.first?.shard?.count else { throw MergeError.notAShard(paths[0]) }
      var seen: [Int: String] = [:]
      for (report, path) in zip(reports, paths) {
        guard let shard = report.shard else { throw MergeError.notAShard(path) }
        guard shard.count == count else { throw MergeError.mixed(path, "a part of \(shard.count), the first of \(count)") }
        if let other = seen[shard.index] { throw MergeError.mixed(path, "part \(shard.index) again (also \(other))") }
        seen[shard.index] = path
        let a = reports[0].summary
        let b = report.summary
        guard a.nodes == b.nodes, a.edges == b.edges, a.evaluatedAt == b.evaluatedAt, a.identities == b.identities else {
          throw MergeError.mixed(path, "another graph or evaluation time than \(paths[0])")
        }
        guard report.rules.map(\.id) == reports[0].rules.map(\.id) else {
          throw MergeError.mixed(path, "other rules than \(paths[0])")
        }
      }
      let missing = (1...count).filter { seen[$0] == nil }
      guard missing.isEmpty else { throw MergeError.missing(missing.map { "\($0)/\(count)" }) }
      var merged = reports[0]
      merged.shard = nil
      merged.findings = reports.flatMap(\.findings).sorted(by: Self.scanOrder)
      merged.summary.findings = reports.reduce(0) { $0 + $1.summary.findings }
      merged.summary.exposures = reports.reduce(0) { $0 + $1.summary.exposures }
      merged.summary.bySeverity = reports.reduce(into: [:]) { sum, r in sum.merge(r.summary.bySeverity, uniquingKeysWith: +) }
      for i in merged.rules.indices { merged.rules[i].findings = reports.reduce(0) { $0 + $1.rules[i].findings } }
      return merged
    }

    /// How `scan` orders findings: highest risk first, then most severe, then by rule,
    /// source, target and id.
    static func scanOrder(_ a: FindingReport.Item, _ b: FindingReport.Item) -> Bool {
      let (ra, rb) = (a.risk?.score ?? 0, b.risk?.score ?? 0)
      if ra != rb { return ra > rb }
      let (sa, sb) = (Severity(name: a.severity) ?? .info, Severity(name: b.severity) ?? .info)
      if sa != sb { return sa > sb }
      return (a.rule, a.source, a.target, a.id) < (b.rule, b.source, b.target, b.id)
    }

    private static func describe(_ error: Error) -> String {
      switch error as? DecodingError {
      case .dataCorrupted(let c)?: "not JSON (\(c.debugDescription))"
      case .keyNotFound(let key, let c)?: "no '\(key.stringValue)' at \(path(c))"
      case .typeMismatch(_, let c)?, .valueNotFound(_, let c)?: "\(c.debugDescription) at \(path(c))"
      default: "\(error)"
      }
    }

    private static func path(_ c: DecodingError.Context) -> String {
      c.codingPath.isEmpty ? "the top level" : c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
  }
}

/// Why shards could not be merged.
enum MergeError: Error, CustomStringConvertible {
  case unreadable(String, String)
  case notAScan(String, String)
  case notAShard(String)
  case mixed(String, String)
  case missing([String])

  var description: String {
    switch self {
    case .unreadable(let path, let why): "\(path): cannot read: \(why)"
    case .notAScan(let path, let why): "\(path): not the JSON of 'pathscan scan': \(why)"
    case .notAShard(let path): "\(path): not a part of a sharded scan (written without --shard)"
    case .mixed(let path, let why): "\(path): \(why)"
    case .missing(let parts): "parts missing: \(parts.joined(separator: ", "))"
    }
  }
}
