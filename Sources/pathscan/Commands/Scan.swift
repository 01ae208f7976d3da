import AccessGraph
import ArgumentParser
import Foundation
import PathFinder
import Storage

extension Pathscan {
  struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run the rule pack over the whole graph and report findings.",
      discussion: """
        Built-in rules: \(RulePack.builtIn.map(\.id).joined(separator: ", ")). \
        A YAML rules file (--rules) can add rules, change severities and disable built-ins; \
        see the README. The unit of a finding is one exposure (rule, source, target, tier) with \
        a stable id and its own severity; a finding groups one source's exposures under a rule \
        and shows the shortest path to the first, with the evidence of every edge. Findings \
        come highest risk first: a 0–100 score from the severity, the tier, the exposure (how \
        many identities reach the target at that tier) and the impact (how many sensitive \
        targets the source reaches), and the path's flags; docs/semantics.md gives the table. \
        The text report ends with the most exposed sensitive targets and the top choke \
        points. With --fail-on, exit status 3 when any exposure is at or above that severity.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
      case text, json, sarif, markdown
    }

    @OptionGroup var input: InputOptions

    @OptionGroup var rules: RulesOptions

    @Option(help: "Output format (\(Format.allCases.map(\.rawValue).joined(separator: ", "))).")
    var format: Format = .text

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(name: .customLong("min-severity"), help: "Only report findings at or above this severity.")
    var minSeverity: SeverityArgument = SeverityArgument(.info)

    @Option(name: .customLong("fail-on"), help: "Exit with status 3 when a finding is at or above this severity.")
    var failOn: SeverityArgument?

    @Flag(
      name: .customLong("all-exposures"),
      help: "List every exposure of each finding in JSON and SARIF, not only the first \(FindingReport.defaultExposureLimit).")
    var allExposures = false

    @Option(help: "Report only the N findings of highest risk (the summary still counts them all).")
    var top: Int?

    @Option(
      name: .customLong("choke-points"),
      help: ArgumentHelp(
        "End the text report with this many choke points (0: none; default 5 when at most \(Self.autoChokeLimit) findings are reported).",
        discussion:
          "Measured against each finding's first exposure, and each verified by re-analysing the sources whose witnesses cross the edge, which on a large graph takes minutes; 'pathscan chokepoints' measures every exposure and has the options."
      ))
    var chokePoints: Int?

    /// Above this many reported findings the text report leaves choke points out unless
    /// --choke-points asks: each verification re-scans the sources whose witnesses cross it.
    static let autoChokeLimit = 2_000

    @Flag(name: .customLong("list-rules"), help: "List the rules (after --rules) and exit.")
    var listRules = false

    @Option(help: "Record this scan as a run in this SQLite state database (created if missing).")
    var db: String?

    /// What a scheduled scan alerts on.
    enum Alert: String, ExpressibleByArgument, CaseIterable {
      /// Exposures at or above --min-severity that the latest recorded run did not have.
      case new
    }

    @Option(
      name: .customLong("alert-on"),
      help: ArgumentHelp(
        "With --db: exit 3 when an exposure at or above --min-severity is new since the latest recorded run, listing them on standard error.",
        discussion: "The run is recorded first, so an alert never loses it."))
    var alertOn: Alert?

    @OptionGroup(title: "Alert delivery") var webhooks: WebhookOptions

    @Option(
      help: ArgumentHelp(
        "Scan only the I-th of N parts of the sources (I/N), for 'pathscan merge'.",
        discussion:
          "Sources are split by a hash of their id, so every finding is in exactly one part; merging the parts' JSON gives the unsharded scan's JSON.",
        valueName: "I/N"))
    var shard: ShardArgument?

    func validate() throws {
      if alertOn != nil && db == nil { throw ValidationError("--alert-on compares with the last run: give --db FILE") }
      if !webhooks.urls.isEmpty && alertOn == nil { throw ValidationError("--webhook posts alerts: give --alert-on new") }
      if let top, top < 1 { throw ValidationError("--top must be at least 1") }
      if shard != nil && (db != nil || top != nil) {
        throw ValidationError("--shard scans a part of the graph: record and rank the merged result instead of --db or --top")
      }
      if let chokePoints, chokePoints < 0 { throw ValidationError("--choke-points must be 0 or more") }
    }

    func run() throws {
      if listRules {
        let pack = try rules.pack()
        Console.out(
          Table.render(
            header: ["RULE", "SEVERITY", "ENABLED", "TITLE"],
            rows: pack.map { [$0.id, $0.severity.description, $0.enabled ? "yes" : "no", $0.title] }))
        return
      }
      let analysis = try input.load()
      let quiet = input.quiet
      let pack = try rules.pack(over: analysis.view, quiet: quiet)
      let progress: @Sendable (String) -> Void = { line in if !quiet { Console.error(line) } }
      let scanner = RuleScanner(rules: pack)
      let result =
        shard.map { scanner.scan(analysis.view, sources: $0.shard.sources(in: analysis.graph), progress: progress) }
        ?? scanner.scan(analysis.view, progress: progress)
      var filtered = result.atOrAbove(minSeverity.severity)
      // With a state database: acceptances in force leave their exposures out, and the run is
      // recorded whole (accepted exposures too), so that acceptances survive it.
      var fresh: [ExposureItem] = []
      var accepted = Set<Finding.Key>()
      var delivered = true
      if let db {
        let store = try FindingStore(path: db)
        let outcome = ScanOutcome(result: result, scanner: scanner, rules: pack, view: analysis.view)
        let risk = try AcceptedRisk(store, at: analysis.view.at)
        accepted = Set(outcome.keys.filter { risk.byID[$0.id] != nil && risk.covers(outcome.item($0)) })
        filtered.findings.removeAll { f in
          f.exposures.allSatisfy { accepted.contains(f.key(of: $0, in: analysis.graph)) }
        }
        let acceptedIDs = Set(accepted.map(\.id))
        let (run, added) = try record(outcome, in: store)
        fresh = added.filter { !acceptedIDs.contains($0.id) }
        if alertOn == .new && !fresh.isEmpty && !webhooks.urls.isEmpty {
          delivered = try webhooks.deliver(fresh, run: run, minSeverity: minSeverity.severity, store: store)
        }
      }
      var started = Date()
      let triage = Triage(filtered, view: analysis.view)
      if !quiet {
        Console.error(
          String(
            format: "exposure and impact: %d identities, %d targets (%.2f s)", triage.measures.identityCount,
            triage.measures.targets.count, Date().timeIntervalSince(started)))
      }
      var report = FindingReport(
        triage: triage, rules: pack, view: analysis.view,
        exposureLimit: allExposures ? nil : max(FindingReport.defaultExposureLimit, format == .markdown ? 21 : 0), top: top)
      report.shard = shard.map { FindingReport.Shard(index: $0.shard.index, count: $0.shard.count) }
      // A shard's choke points would count only its part; the merged scan has them all.
      let chokePoints = self.chokePoints ?? (filtered.findings.count <= Self.autoChokeLimit ? 5 : 0)
      if format == .text && self.chokePoints == nil && chokePoints == 0 && shard == nil {
        report.chokePointsLeftOut = true
      }
      if format == .text && chokePoints > 0 && shard == nil {
        started = Date()
        // Each reported finding's first exposure, whose witness the scan has: a graph's
        // millions of further exposures would each need a witness search first.
        let considered = Set(filtered.findings.map { $0.key(of: $0.exposures[0], in: analysis.graph) }).subtracting(accepted)
        let cuts = ChokePoints(
          analysis.view, scanner: scanner, result: result,
          include: { key, _ in considered.contains(key) }, top: chokePoints, budget: nil, candidates: 2 * chokePoints,
          firstOnly: true)
        report.chokePoints = cuts.ranked.map {
          FindingReport.ChokePoint(edge: $0.edges[0].description, removes: $0.removed.count, of: cuts.considered.count)
        }
        if !quiet {
          Console.error(
            String(
              format: "choke points: %d exposures, %d edges verified (%.2f s)", cuts.considered.count, cuts.verified,
              Date().timeIntervalSince(started)))
        }
      }
      // JSON is written as it is encoded; the other formats are built whole.
      func emit(_ write: (String) throws -> Void) throws {
        switch format {
        case .text: try write(FindingText.text(report))
        case .markdown: try write(FindingText.markdown(report))
        case .json: try JSONOutput.stream(report, write)
        case .sarif:
          try write(JSONOutput.string(SARIFLog(report: report, view: analysis.view, version: Pathscan.configuration.version)))
        }
        try write("\n")
      }
      if let output {
        try AtomicFile.stream(to: output, emit)
        if !quiet { Console.error("wrote \(output): \(FindingText.headline(report))") }
      } else {
        try emit { Console.out($0, terminator: "") }
      }
      if !accepted.isEmpty && !quiet {
        Console.error(
          "\(accepted.count) accepted exposure\(accepted.count == 1 ? "" : "s") left out (see 'pathscan accepted --db \(db!)')")
      }
      if alertOn == .new && !fresh.isEmpty {
        Console.error(
          "\(fresh.count) new exposure\(fresh.count == 1 ? "" : "s") at or above \(minSeverity.severity) since the last run:")
        for item in fresh { Console.error(item.lines(sign: "+").joined(separator: "\n")) }
        throw ExitCode(delivered ? 3 : WebhookOptions.failedStatus)
      }
      if let failOn, filtered.findings.contains(where: { $0.severity >= failOn.severity }) {
        throw ExitCode(3)
      }
    }
  }
}

extension Pathscan.Scan {
  /// Records the scan as a run and returns it with the exposures at or above --min-severity
  /// that the run before it did not have (all of them on the first run).
  func record(_ outcome: ScanOutcome, in store: FindingStore) throws -> (StoredRun, [ExposureItem]) {
    let previous = try store.latestRun()
    let stored = try previous.map { try store.findings(ofRun: $0.id) } ?? []
    let before = Set(stored.compactMap { Finding.Key($0) })
    let run = try store.record(findings: outcome.stored, evaluatedAt: Timestamp.format(outcome.view.at), inputs: input.inputs)
    // Severity first: an item finds its witness afresh, and a first run makes every exposure new.
    let added = Finding.Key.difference(before: before, after: outcome.keys).added.filter { key in
      let (f, x) = outcome.places[key]!
      return outcome.result.findings[f].exposures[x].severity >= minSeverity.severity
    }
    return (run, added.sorted().map(outcome.item))
  }
}

/// A severity given on the command line.
struct SeverityArgument: ExpressibleByArgument {
  var severity: Severity
  init(_ severity: Severity) { self.severity = severity }
  init?(argument: String) {
    guard let severity = Severity(name: argument) else { return nil }
    self.severity = severity
  }
  static var allValueStrings: [String] { Severity.allCases.map(\.description) }
  var defaultValueDescription: String { severity.description }
}

/// `I/N` on the command line: the I-th of N parts.
struct ShardArgument: ExpressibleByArgument {
  var shard: SourceShard
  init?(argument: String) {
    let parts = argument.split(separator: "/")
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), 1 <= i, i <= n, n <= 100_000 else { return nil }
    shard = SourceShard(index: i, count: n)
  }
}
