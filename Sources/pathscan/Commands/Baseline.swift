import ArgumentParser
import Foundation
import PathFinder
import Storage

/// The options `snapshot` and `diff` share: the state database and the rules.
struct BaselineOptions: ParsableArguments {
  @Option(help: "The SQLite file that keeps the baseline (created if missing).")
  var db: String

  @Option(help: "A YAML rules file laid over the built-in rules.")
  var rules: String?

  /// Scans the loaded graph and returns its findings in the database's form.
  func findings(_ analysis: Analysis, quiet: Bool) throws -> [StoredFinding] {
    let pack = try rules.map { try RulesFile.load($0, over: RulePack.builtIn) } ?? RulePack.builtIn
    let result = try RuleScanner(rules: pack).scan(analysis.view) { line in if !quiet { Console.error(line) } }
    return FindingReport(result: result, rules: pack, view: analysis.view).findings.map {
      StoredFinding(
        id: $0.id, rule: $0.rule, severity: $0.severity, source: $0.source, target: $0.target, tier: $0.tier, message: $0.message,
        nodes: $0.nodes, edges: $0.edges)
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
      let findings = try baseline.findings(analysis, quiet: input.quiet)
      let store = try FindingStore(path: baseline.db)
      let run = try store.record(findings: findings, evaluatedAt: Timestamp.format(analysis.view.at), inputs: input.inputs)
      Console.out("recorded run \(run.id) in \(baseline.db): \(run.findingCount) findings")
    }
  }

  struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Scan and report the findings that are new (or resolved) since the latest snapshot.",
      discussion: """
        Findings match by rule, source, target and tier. Exit status 3 when a new finding is at
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
      var new: [StoredFinding]
      var resolved: [StoredFinding]
      var unchanged: Int
    }

    func run() throws {
      let analysis = try input.load()
      let current = try baseline.findings(analysis, quiet: input.quiet)
      let store = try FindingStore(path: baseline.db)
      let previous = try store.latestRun()
      let before = try previous.map { try store.findings(ofRun: $0.id) } ?? []
      let difference = FindingStore.compare(baseline: before, current: current)
      if update {
        _ = try store.record(findings: current, evaluatedAt: Timestamp.format(analysis.view.at), inputs: input.inputs)
      }
      switch format {
      case .json:
        Console.out(
          try JSONOutput.string(
            Output(baselineRun: previous?.id, new: difference.new, resolved: difference.resolved, unchanged: difference.unchanged)
          ))
      case .text:
        let against = previous.map { "run \($0.id) of \($0.recordedAt)" } ?? "no earlier snapshot"
        Console.out(
          "\(difference.new.count) new, \(difference.resolved.count) resolved, \(difference.unchanged) unchanged findings (against \(against))"
        )
        for (sign, list) in [("+", difference.new), ("-", difference.resolved)] {
          for f in list {
            Console.out("\(sign) \(f.id) [\(f.severity)] \(f.rule): \(f.message)")
          }
        }
      }
      let threshold = failOn.severity
      if difference.new.contains(where: { (Severity(name: $0.severity) ?? .info) >= threshold }) { throw ExitCode(3) }
    }
  }
}
