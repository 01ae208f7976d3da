import AccessGraph
import ArgumentParser
import Foundation
import PathFinder

extension Pathscan {
  struct ChokePointsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "chokepoints",
      abstract: "List the grants whose removal removes the most exposures, and a small set that removes as many as it can.",
      discussion: """
        Edges are proposed by how many witness paths run over them and each is then verified: \
        the number shown is what a re-analysis of the graph without the edge finds (exact and \
        incremental: only sources with a witness over the edge are scanned again). Beyond \
        200,000 exposures only each finding's first is considered, since the others would each \
        need a witness search first; the output says so. With \
        --budget K, a greedy hitting set: it picks the edge on the most witnesses of what is \
        still exposed, re-analyses, and repeats, so an exposure with a second path is not \
        counted as cut. The best budgeted cut is NP-hard in general; this is no more than a \
        good one, and says so.
        """)

    @OptionGroup var input: InputOptions
    @OptionGroup var rules: RulesOptions

    @Option(help: "Only exposures whose source this selector picks.")
    var from: String?
    @Option(help: "Only exposures whose target this selector picks.")
    var to: String?
    @Option(name: .customLong("min-severity"), help: "Only exposures at or above this severity.")
    var minSeverity: SeverityArgument = SeverityArgument(.high)
    @Option(help: "How many single edges to list.")
    var top = 10
    @Option(help: "Also build a set of at most this many edges.")
    var budget: Int?
    @Option(help: "Output format.")
    var format: OutputFormat = .text

    func validate() throws {
      if top < 1 { throw ValidationError("--top must be at least 1") }
      if let budget, budget < 1 { throw ValidationError("--budget must be at least 1") }
    }

    struct Output: Encodable {
      struct Cut: Encodable {
        var edges: [String]
        var removes: Int
        var removed: [String]
        var witnessPaths: Int
      }
      var considered: Int
      /// Whether only each finding's first exposure was considered.
      var firstExposuresOnly: Bool
      var verified: String
      var chokePoints: [Cut]
      var budgeted: [Cut]
    }

    func run() throws {
      let analysis = try input.load()
      let pack = try rules.pack(over: analysis.view, quiet: input.quiet)
      let sources = try from.map { Set(try analysis.select($0, option: "--from").map(analysis.graph.id(of:))) }
      let targets = try to.map { Set(try analysis.select($0, option: "--to").map(analysis.graph.id(of:))) }
      let threshold = minSeverity.severity
      let result = ChokePoints(
        analysis.view, scanner: RuleScanner(rules: pack),
        include: { key, exposure in
          exposure.severity >= threshold && sources.map { $0.contains(key.source) } != false
            && targets.map { $0.contains(key.target) } != false
        }, top: top, budget: budget,
        progress: { [quiet = input.quiet] line in if !quiet { Console.error(line) } })
      func cut(_ c: ChokePoints.Cut) -> Output.Cut {
        Output.Cut(
          edges: c.edges.map(\.description), removes: c.removed.count, removed: c.removed.sorted().map(\.id),
          witnessPaths: c.witnessHits)
      }
      switch format {
      case .json:
        Console.out(
          try JSONOutput.string(
            Output(
              considered: result.considered.count, firstExposuresOnly: result.firstOnly,
              verified: "each count is a re-analysis without the edges",
              chokePoints: result.ranked.map(cut), budgeted: result.budgeted.map(cut))))
      case .text:
        var lines = [
          "\(result.considered.count) exposures at or above \(threshold) considered"
            + (result.firstOnly ? " (each finding's first: more than 200,000 exposures in all)" : "")
        ]
        if result.ranked.isEmpty {
          lines.append("no single edge removes any of them")
        } else {
          lines.append("choke points (each count verified by re-analysing the graph without the edge):")
          for (i, c) in result.ranked.enumerated() {
            lines.append(
              "  \(i + 1). \(c.edges[0])  removes \(c.removed.count) of \(result.considered.count) (on \(c.witnessHits) witness paths)"
            )
          }
        }
        if let budget {
          let removed = result.budgeted.last?.removed.count ?? 0
          lines.append(
            "a set of at most \(budget) edges (greedy hitting set over witness paths, re-analysed after each pick) removes \(removed) of \(result.considered.count):"
          )
          for c in result.budgeted { lines.append("  + \(c.edges.last!)  (\(c.removed.count) removed so far)") }
        }
        Console.out(lines.joined(separator: "\n"))
      }
    }
  }
}
