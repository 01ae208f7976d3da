import ArgumentParser
import Foundation
import PathFinder
import Storage

/// The options `snapshot` and `diff` share: the state database and the rules.
struct BaselineOptions: ParsableArguments {
  @Option(help: "The SQLite file that keeps the baseline (created if missing).")
  var db: String

  @OptionGroup var rules: RulesOptions

  /// Scans the loaded graph with the rule pack.
  func scan(_ analysis: Analysis, quiet: Bool) throws -> ScanOutcome {
    try ScanOutcome(rules: try rules.pack(over: analysis.view, quiet: quiet), view: analysis.view) { line in
      if !quiet { Console.error(line) }
    }
  }
}

extension Pathscan {
  struct Snapshot: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Scan and record the findings as the new baseline in a SQLite file.",
      discussion:
        "Each snapshot is one run, written in one transaction; 'pathscan diff' compares a later scan with the latest run.")

    @OptionGroup var input: InputOptions
    @OptionGroup var baseline: BaselineOptions

    func run() throws {
      let analysis = try input.load()
      let outcome = try baseline.scan(analysis, quiet: input.quiet)
      let store = try FindingStore(path: baseline.db)
      let run = try store.record(
        findings: outcome.stored, evaluatedAt: Timestamp.format(analysis.view.at), inputs: input.inputs)
      Console.out(
        "recorded run \(run.id) in \(baseline.db): \(run.findingCount) exposures in \(outcome.result.findings.count) findings")
    }
  }

  struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Scan and report the findings that are new (or resolved) since the latest snapshot.",
      discussion: """
        Each exposure (rule, source, target, tier) is its own finding: a new target, a higher
        tier or a new source is new, a different path to the same target is not. Exit status 3 when a new finding is at
        or above --fail-on (default: any new finding); 0 otherwise. With --update, this scan
        becomes the new baseline. Without an earlier snapshot every finding is new.
        """)

    @OptionGroup var input: InputOptions
    @OptionGroup var baseline: BaselineOptions

    @Option(name: .customLong("fail-on"), help: "Exit with status 3 when a new finding is at or above this severity.")
    var failOn: SeverityArgument = SeverityArgument(.info)

    @Flag(help: "Record this scan as the new baseline after comparing.")
    var update = false

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    struct Output: Encodable {
      var baselineRun: Int64?
      var new: [ExposureItem]
      var resolved: [ExposureItem]
      var unchanged: Int
    }

    func run() throws {
      let analysis = try input.load()
      let current = try baseline.scan(analysis, quiet: input.quiet)
      // Without --update nothing is written, so the file is opened read-only (a baseline on
      // a read-only medium can be compared), and a missing file is no baseline, not created.
      let exists = FileManager.default.fileExists(atPath: baseline.db)
      let store = exists || update ? try FindingStore(path: baseline.db, readOnly: !update) : nil
      let previous = try store?.latestRun()
      let before = try previous.map { try store!.findings(ofRun: $0.id) } ?? []
      let beforeKeys = Dictionary(before.compactMap { s in Finding.Key(s).map { ($0, s) } }, uniquingKeysWith: { a, _ in a })
      let change = Finding.Key.difference(before: Set(beforeKeys.keys), after: current.keys)
      let new = change.added.sorted().map(current.item)
      let resolved = change.removed.sorted().map { ExposureItem(beforeKeys[$0]!, rules: current.rules) }
      let unchanged = current.keys.count - change.added.count
      if update {
        _ = try store!.record(findings: current.stored, evaluatedAt: Timestamp.format(analysis.view.at), inputs: input.inputs)
      }
      switch format {
      case .json:
        Console.out(try JSONOutput.string(Output(baselineRun: previous?.id, new: new, resolved: resolved, unchanged: unchanged)))
      case .text:
        let against = previous.map { "run \($0.id) of \($0.recordedAt)" } ?? "no earlier snapshot"
        Console.out("\(new.count) new, \(resolved.count) resolved, \(unchanged) unchanged exposures (against \(against))")
        for item in new { Console.out(item.lines(sign: "+").joined(separator: "\n")) }
        for item in resolved { Console.out(item.lines(sign: "-").joined(separator: "\n")) }
      }
      let threshold = failOn.severity
      if new.contains(where: { (Severity(name: $0.severity) ?? .info) >= threshold }) { throw ExitCode(3) }
    }
  }
}
