import AccessGraph
import ArgumentParser
import Foundation
import PathFinder
import Rendering

extension Pathscan {
  struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Draw a finding's path, or the paths between two selections, with Graphviz.",
      discussion: """
        The format follows the output file's ending: .svg, .png, .pdf, or .dot for the DOT text.
        Nodes are shaped and coloured by category; edges are labelled with their kind and
        coloured by the tier held after them, dashed when just-in-time, marked when gated.
        """)

    @OptionGroup var input: InputOptions

    @Option(help: "The id of a finding (from 'pathscan scan') whose path to draw.")
    var finding: String?

    @Option(help: "Where paths start (with --to).")
    var from: String?

    @Option(help: "Where paths end (with --from).")
    var to: String?

    @OptionGroup var rules: RulesOptions

    @Option(help: "With --from/--to: the most paths to draw.")
    var limit = 5

    @Option(name: .customLong("max-depth"), help: "With --from/--to: the most edges a path may have.")
    var maxDepth = 12

    @Option(name: .shortAndLong, help: "The diagram file to write (.svg, .png, .pdf or .dot).")
    var output: String

    func validate() throws {
      switch (finding, from, to) {
      case (.some, nil, nil), (nil, .some, .some): break
      default: throw ValidationError("give either --finding ID, or both --from and --to")
      }
      _ = try DiagramFormat(fileName: output)
      guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
      let format = try DiagramFormat(fileName: output)
      let analysis = try input.load()
      let view = analysis.view
      let paths: [PrivilegePath]
      let title: String
      if let finding {
        let pack = try rules.pack(over: view, quiet: input.quiet)
        let scanner = RuleScanner(rules: pack)
        let result = try scanner.scan(view)
        // A finding's id is its first exposure's; any exposure's id draws that exposure.
        let graph = view.graph
        guard let found = result.findings.first(where: { f in f.exposures.contains { f.key(of: $0, in: graph).id == finding } }),
          let exposure = found.exposures.first(where: { found.key(of: $0, in: graph).id == finding }),
          let path = scanner.witness(of: exposure, in: found, view: view)
        else {
          throw ValidationError("no finding '\(finding)' in this graph at this time; list them with 'pathscan scan'")
        }
        let rule = pack.first { $0.id == found.ruleID }
        paths = [path]
        title = "\(finding) \(rule?.title ?? found.ruleID) [\(exposure.severity)]"
      } else if let from, let to {
        let result = PathSearch(maxDepth: maxDepth, limit: limit).run(
          view, from: try analysis.select(from, option: "--from"), to: try analysis.select(to, option: "--to"))
        guard !result.paths.isEmpty else { throw ValidationError("no path from \(from) to \(to) within \(maxDepth) edges") }
        paths = result.paths
        title = "\(paths.count) path\(paths.count == 1 ? "" : "s") from \(from) to \(to)"
      } else {
        throw ValidationError("give either --finding ID, or both --from and --to")
      }
      let diagram = Self.diagram(paths, title: title, in: view)
      let bytes = try Renderer.render(dot: diagram.dot, as: format)
      try AtomicFile.write(Data(bytes), to: output)
      if !input.quiet { Console.error("wrote \(output): \(diagram.nodes.count) nodes, \(diagram.edges.count) edges") }
    }

    /// The diagram of some paths: their nodes labelled by name, ends emphasised.
    static func diagram(_ paths: [PrivilegePath], title: String, in view: TraversalView) -> Diagram {
      let graph = view.graph
      var diagram = Diagram(title: title)
      for path in paths {
        for (i, n) in path.nodes.enumerated() {
          diagram.add(
            .init(
              id: graph.id(of: n), label: graph.displayName(of: n), category: view.categories[n].description,
              emphasised: i == 0 || i == path.nodes.count - 1,
              critical: graph.properties(of: n)["sensitivity"] == .string("critical")))
        }
        for (i, (e, tier)) in zip(path.edges, path.stepTiers(in: view)).enumerated() {
          let rule = view.rule(of: e)
          let properties = graph.properties(ofEdge: e)
          // What made the edge, or what limits it: the technique, a cap, an expiry.
          let detail =
            properties["technique"]?.matchText ?? properties["tier"].map { "capped at \($0.matchText)" }
            ?? properties["expires"].map { "until \($0.matchText)" }
          diagram.add(
            .init(
              from: graph.id(of: path.nodes[i]), to: graph.id(of: path.nodes[i + 1]), label: graph.kindName(of: e),
              tier: tier.description, gated: rule.isGated, justInTime: rule.isJustInTime || view.isJustInTime(path.nodes[i + 1]),
              detail: detail))
        }
      }
      return diagram
    }
  }
}
