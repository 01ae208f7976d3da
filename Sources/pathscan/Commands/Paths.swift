import AccessGraph
import ArgumentParser
import PathFinder

extension Pathscan {
  struct Paths: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List privilege paths between two selections, fewest edges first.",
      discussion: """
        A path may pass through other targets and ends at a matching one. It returns to a node \
        only at a strictly higher tier. Of parallel edges between two nodes only the one giving \
        the highest tier counts. Ties in length are ordered by the sequence of node ids.
        """)

    @OptionGroup var input: InputOptions

    @Option(help: "Where paths start (a node id or key:value selector).")
    var from: String

    @Option(help: "Where paths end (a node id or key:value selector).")
    var to: String

    @OptionGroup var depth: DepthOptions

    @Option(help: "The most paths to list.")
    var limit = 100

    @Option(name: .customLong("min-tier"), help: "Only list paths whose effective tier is at least this.")
    var minTier: TierArgument = .read

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    func validate() throws {
      guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    struct Output: Encodable {
      var from: String
      var to: String
      var maxDepth: Int
      var limit: Int
      var count: Int
      var cut: String?
      var paths: [PathJSON]
    }

    func run() throws {
      let maxDepth = depth.maxDepth
      let analysis = try input.load()
      let sources = try analysis.select(from, option: "--from")
      let targets = try analysis.select(to, option: "--to")
      let result = PathSearch(maxDepth: maxDepth, limit: limit).run(analysis.view, from: sources, to: targets)
      let paths = result.paths.filter { $0.tier >= minTier.tier }
      let output = Output(
        from: from, to: to, maxDepth: maxDepth, limit: limit, count: paths.count, cut: result.cut?.rawValue,
        paths: paths.map { PathJSON($0, in: analysis.view) })
      switch format {
      case .json: Console.out(try JSONOutput.string(output))
      case .text:
        Console.out("\(paths.count) path\(paths.count == 1 ? "" : "s") from \(from) to \(to) (max depth \(maxDepth))")
        for (i, path) in paths.enumerated() { Console.out("\(i + 1). \(PathText.line(PathJSON(path, in: analysis.view)))") }
        switch result.cut {
        case .limit?: Console.out("cut: more paths exist than --limit \(limit)")
        case .workBudget?:
          Console.out("cut: the search stopped after \(result.work) edge expansions; narrow --from/--to or lower --max-depth")
        case nil: break
        }
      }
    }
  }
}
