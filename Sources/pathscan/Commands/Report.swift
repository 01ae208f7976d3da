import ArgumentParser
import Foundation
import PathFinder

extension Pathscan {
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write an access-review report: scope, counts, and each finding with its diagram, evidence and a decision box.",
      discussion: """
        HTML (the default) is one self-contained file: inline SVG and CSS, no script, nothing \
        fetched from the network; it reads offline and prints to PDF from a browser. Markdown \
        writes the diagrams as SVG files in a folder beside the report (REPORT-diagrams/). \
        Findings come highest risk first (the score 'pathscan scan' ranks by, shown with its \
        exposure and impact); --top (default 50) bounds how many are shown, and the report \
        says how many more exist.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
      case html, markdown
    }

    @OptionGroup var input: InputOptions
    @OptionGroup var rules: RulesOptions

    @Option(name: .shortAndLong, help: "The report file to write.")
    var output: String

    @Option(help: "Report format (html, markdown).")
    var format: Format = .html

    @Option(help: "How many findings to show, highest risk first.")
    var top = 50

    @Option(name: .customLong("min-severity"), help: "Only report findings at or above this severity.")
    var minSeverity: SeverityArgument = SeverityArgument(.info)

    func validate() throws {
      if top < 1 { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
      let analysis = try input.load()
      let pack = try rules.pack(over: analysis.view, quiet: input.quiet)
      let quiet = input.quiet
      let result = RuleScanner(rules: pack).scan(analysis.view) { line in if !quiet { Console.error(line) } }
        .atOrAbove(minSeverity.severity)
      let triage = Triage(result, view: analysis.view)
      let report = FindingReport(triage: triage, rules: pack, view: analysis.view)
      var diagrams: [String: String] = [:]
      for (item, finding) in zip(report.findings, triage.result.findings).prefix(top) {
        diagrams[item.id] = try ReviewReport.svg(item, in: analysis.view, path: finding.path)
      }
      let review = ReviewReport(
        report: report, inputs: ReviewReport.digests(input.inputs), top: top, version: Pathscan.configuration.version,
        diagrams: diagrams)
      switch format {
      case .html:
        try AtomicFile.write(Data(review.html.utf8), to: output)
      case .markdown:
        let folder = (output as NSString).deletingPathExtension + "-diagrams"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (id, svg) in diagrams { try AtomicFile.write(Data(svg.utf8), to: folder + "/" + id + ".svg") }
        try AtomicFile.write(Data(review.markdown(diagramFolder: (folder as NSString).lastPathComponent).utf8), to: output)
      }
      if !quiet {
        Console.error("wrote \(output): \(min(top, report.findings.count)) of \(report.findings.count) findings")
      }
    }
  }
}
