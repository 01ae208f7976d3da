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
        Each exposure (rule, source, target, tier) is its own finding: a new target, a higher \
        tier or a new source is new, a different path to the same target is not. Exit status 3 \
        when a new finding is at or above --fail-on (default: any new finding); 0 otherwise. \
        With --update, this scan becomes the new baseline. Without an earlier snapshot every \
        finding is new. Exposures an acceptance covers ('pathscan accept') are left out and \
        counted.
        """)

    @OptionGroup var input: InputOptions
    @OptionGroup var baseline: BaselineOptions

    @Option(name: .customLong("fail-on"), help: "Exit with status 3 when a new finding is at or above this severity.")
    var failOn: SeverityArgument = SeverityArgument(.info)

    @Flag(help: "Record this scan as the new baseline after comparing.")
    var update = false

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Option(name: .customLong("from-run"), help: "Compare with this recorded run instead of the latest.")
    var fromRun: Int64?

    @Option(
      name: .customLong("to-run"),
      help: "Compare two recorded runs without scanning: --from-run (default: the run before) against this one.")
    var toRun: Int64?

    func validate() throws {
      if toRun != nil && update { throw ValidationError("--to-run compares recorded runs; it records nothing, so drop --update") }
      if toRun == nil && input.inputs.isEmpty {
        throw ValidationError("give the inputs to scan, or --to-run to compare two recorded runs")
      }
    }

    struct Output: Encodable {
      var baselineRun: Int64?
      var new: [ExposureItem]
      var resolved: [ExposureItem]
      var unchanged: Int
      /// New exposures left out because an acceptance in force covers them.
      var accepted: Int
    }

    func run() throws {
      if let toRun { return try compareRuns(toRun) }
      let analysis = try input.load()
      let current = try baseline.scan(analysis, quiet: input.quiet)
      // Without --update nothing is written, so the file is opened read-only (a baseline on
      // a read-only medium can be compared), and a missing file is no baseline, not created.
      let exists = FileManager.default.fileExists(atPath: baseline.db)
      let store = exists || update ? try FindingStore(path: baseline.db, readOnly: !update) : nil
      let previous = try fromRun.map { id in try store.flatMap { try $0.run(id) } ?? { throw noRun(id) }() } ?? store?.latestRun()
      let before = try previous.map { try store!.findings(ofRun: $0.id) } ?? []
      let beforeKeys = Dictionary(before.compactMap { s in Finding.Key(s).map { ($0, s) } }, uniquingKeysWith: { a, _ in a })
      let change = Finding.Key.difference(before: Set(beforeKeys.keys), after: current.keys)
      let risk = try store.map { try AcceptedRisk($0, at: analysis.view.at) }
      let added = change.added.sorted().map(current.item)
      let new = added.filter { !(risk?.covers($0) ?? false) }
      let resolved = change.removed.sorted().map { ExposureItem(beforeKeys[$0]!, rules: current.rules) }
      let unchanged = current.keys.count - change.added.count
      if update {
        _ = try store!.record(findings: current.stored, evaluatedAt: Timestamp.format(analysis.view.at), inputs: input.inputs)
      }
      try report(
        new: new, resolved: resolved, unchanged: unchanged, accepted: added.count - new.count, against: previous, heading: nil)
    }

    func noRun(_ id: Int64) -> ValidationError { ValidationError("\(baseline.db) holds no run \(id)") }

    /// Two recorded runs compared, as a scan would be against the earlier.
    func compareRuns(_ to: Int64) throws {
      let store = try FindingStore(path: baseline.db, readOnly: true)
      guard let later = try store.run(to) else { throw noRun(to) }
      let earlier = try fromRun.map { id in try store.run(id) ?? { throw noRun(id) }() } ?? store.run(before: to)
      let rules = try baseline.rules.pack()
      func keyed(_ stored: [StoredFinding]) -> [Finding.Key: StoredFinding] {
        Dictionary(stored.compactMap { s in Finding.Key(s).map { ($0, s) } }, uniquingKeysWith: { a, _ in a })
      }
      let before = keyed(try earlier.map { try store.findings(ofRun: $0.id) } ?? [])
      let after = keyed(try store.findings(ofRun: later.id))
      let change = Finding.Key.difference(before: Set(before.keys), after: Set(after.keys))
      let risk = try AcceptedRisk(store, at: Timestamp.parse(later.evaluatedAt) ?? Date())
      let added = change.added.sorted().map { ExposureItem(after[$0]!, rules: rules) }
      let new = added.filter { !risk.covers($0) }
      let resolved = change.removed.sorted().map { ExposureItem(before[$0]!, rules: rules) }
      try report(
        new: new, resolved: resolved, unchanged: after.count - change.added.count, accepted: added.count - new.count,
        against: earlier,
        heading: "run \(later.id) of \(later.recordedAt)")
    }

    func report(
      new: [ExposureItem], resolved: [ExposureItem], unchanged: Int, accepted: Int, against previous: StoredRun?,
      heading: String?
    ) throws {
      switch format {
      case .json:
        Console.out(
          try JSONOutput.string(
            Output(baselineRun: previous?.id, new: new, resolved: resolved, unchanged: unchanged, accepted: accepted)))
      case .text:
        let against = previous.map { "run \($0.id) of \($0.recordedAt)" } ?? "no earlier snapshot"
        let what = heading.map { "\($0): " } ?? ""
        let left = accepted > 0 ? "; \(accepted) new but accepted, left out" : ""
        Console.out(
          "\(what)\(new.count) new, \(resolved.count) resolved, \(unchanged) unchanged exposures (against \(against))\(left)")
        for item in new { Console.out(item.lines(sign: "+").joined(separator: "\n")) }
        for item in resolved { Console.out(item.lines(sign: "-").joined(separator: "\n")) }
      }
      let threshold = failOn.severity
      if new.contains(where: { (Severity(name: $0.severity) ?? .info) >= threshold }) { throw ExitCode(3) }
    }

  }
}
