import AccessGraph
import ArgumentParser
import Foundation
import PathFinder
import Rendering

extension Pathscan {
  struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Draw a finding's path, the paths between two selections, or an identity's neighbourhood, with Graphviz.",
      discussion: """
        The format follows the output file's ending: .svg, .png, .pdf, or .dot for the DOT text. \
        Nodes are shaped and coloured by category; edges are labelled with their kind and \
        coloured by the tier held after them, dashed when just-in-time, marked when gated. \
        With --from/--to, paths at --min-tier or above are drawn highest tier first, at most \
        --limit of them (and at most \(Render.nodeCap) nodes); the title says how many exist. \
        --around ID draws everything ID reaches within --depth edges and everyone who reaches it.
        """)

    @OptionGroup var input: InputOptions

    @Option(help: "The id of a finding (from 'pathscan scan') whose path to draw.")
    var finding: String?

    @Option(help: "Where paths start (with --to).")
    var from: String?

    @Option(help: "Where paths end (with --from).")
    var to: String?

    @OptionGroup var rules: RulesOptions

    @Option(help: "The identity whose neighbourhood to draw (with --depth).")
    var around: String?

    @Option(help: "With --around: how many edges out and in to follow.")
    var depth = 2

    @Option(name: .customLong("min-tier"), help: "With --from/--to: only paths reaching this tier or above.")
    var minTier: TierArgument?

    @Flag(help: "With --finding: draw the path bold over its context (the other edges among the nodes one edge from it).")
    var context = false

    @Option(help: "With --from/--to: the most paths to draw (at most \(Render.pathCap)).")
    var limit = 5

    @OptionGroup(title: "With --from/--to") var depthOptions: DepthOptions

    @Option(name: .shortAndLong, help: "The diagram file to write (.svg, .png, .pdf or .dot).")
    var output: String

    func validate() throws {
      switch (finding, from, to, around) {
      case (.some, nil, nil, nil), (nil, .some, .some, nil), (nil, nil, nil, .some): break
      default: throw ValidationError("give one of --finding ID, both --from and --to, or --around ID")
      }
      _ = try DiagramFormat(fileName: output)
      guard (1...Self.pathCap).contains(limit) else { throw ValidationError("--limit must be from 1 to \(Self.pathCap)") }
      guard (1...6).contains(depth) else { throw ValidationError("--depth must be from 1 to 6") }
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
        // A finding's id is its first exposure's; any exposure's id draws that exposure. Only
        // the candidate holding it gets a witness search, not the whole scan.
        guard let (found, exposure) = scanner.finding(withID: finding, in: view),
          let path = scanner.witness(of: exposure, in: found, view: view)
        else {
          throw ValidationError("no finding '\(finding)' in this graph at this time; list them with 'pathscan scan'")
        }
        let rule = pack.first { $0.id == found.ruleID }
        paths = [path]
        title = "\(finding) \(rule?.title ?? found.ruleID) [\(exposure.severity)]"
      } else if let from, let to {
        // Enough paths to choose the riskiest from, not only the shortest.
        let result = PathSearch(maxDepth: depthOptions.maxDepth, limit: max(200, limit * 20)).run(
          view, from: try analysis.select(from, option: "--from"), to: try analysis.select(to, option: "--to"))
        let floor = minTier?.tier ?? .read
        let qualifying = result.paths.filter { $0.tier >= floor }
        guard !qualifying.isEmpty else {
          throw ValidationError("no path from \(from) to \(to) at \(floor) or above within \(depthOptions.maxDepth) edges")
        }
        let ranked = qualifying.enumerated().sorted { a, b in
          a.element.tier != b.element.tier ? a.element.tier > b.element.tier : a.offset < b.offset
        }.map(\.element)
        paths = Self.capped(Array(ranked.prefix(limit)))
        let total = "\(qualifying.count)\(result.cut == nil ? "" : "+")"
        title =
          paths.count == qualifying.count
          ? "\(paths.count) path\(paths.count == 1 ? "" : "s") from \(from) to \(to)"
          : "showing \(paths.count) of \(total) paths from \(from) to \(to), highest tier first"
      } else if let around {
        let center = try analysis.select(around, option: "--around")
        let diagram = Self.neighbourhood(of: center, depth: depth, in: view, title: around)
        let bytes = try Renderer.render(dot: diagram.dot, as: format)
        try AtomicFile.write(Data(bytes), to: output)
        if !input.quiet { Console.error("wrote \(output): \(diagram.nodes.count) nodes, \(diagram.edges.count) edges") }
        return
      } else {
        throw ValidationError("give one of --finding ID, both --from and --to, or --around ID")
      }
      var diagram = Self.diagram(paths, title: title, in: view)
      if context, finding != nil { Self.addContext(to: &diagram, around: paths, in: view) }
      let bytes = try Renderer.render(dot: diagram.dot, as: format)
      try AtomicFile.write(Data(bytes), to: output)
      if !input.quiet { Console.error("wrote \(output): \(diagram.nodes.count) nodes, \(diagram.edges.count) edges") }
    }

    /// The most paths and nodes one picture draws: past them it is no longer readable.
    static let pathCap = 50
    static let nodeCap = 80

    /// Adds the edges between a path's nodes and their direct neighbours, as context, up to
    /// `nodeCap` nodes.
    static func addContext(to diagram: inout Diagram, around paths: [PrivilegePath], in view: TraversalView) {
      let graph = view.graph
      let onPath = Set(paths.flatMap(\.nodes))
      var shown = onPath
      for n in onPath.sorted() {
        for e in graph.outEdges(of: n) where view.rule(of: e).isLive {
          let t = graph.target(of: e)
          guard shown.contains(t) || shown.count < nodeCap else { continue }
          if !shown.contains(t) {
            shown.insert(t)
            diagram.add(node(t, in: view))
          }
          var edge = Diagram.Edge(
            from: graph.id(of: n), to: graph.id(of: t), label: graph.kindName(of: e),
            tier: view.rule(of: e).tier?.description ?? "admin")
          edge.context = true
          diagram.add(edge)
        }
      }
    }

    /// The first paths whose nodes together stay within `nodeCap` (always the first).
    static func capped(_ paths: [PrivilegePath]) -> [PrivilegePath] {
      var nodes = Set<Int>()
      var kept: [PrivilegePath] = []
      for path in paths {
        let more = nodes.union(path.nodes)
        if !kept.isEmpty && more.count > nodeCap { break }
        nodes = more
        kept.append(path)
      }
      return kept
    }

    /// What `centers` reach within `depth` live edges and who reaches them within `depth`,
    /// with the edges among those nodes; at most `nodeCap` nodes, nearest first.
    static func neighbourhood(of centers: [Int], depth: Int, in view: TraversalView, title: String) -> Diagram {
      let graph = view.graph
      var distance: [Int: Int] = [:]
      for c in centers { distance[c] = 0 }
      var frontier = centers
      var cut = false
      for step in 1...depth {
        var next: [Int] = []
        for n in frontier {
          var neighbours: [Int] = []
          for e in graph.outEdges(of: n) where view.rule(of: e).isLive { neighbours.append(graph.target(of: e)) }
          graph.forEachInEdge(of: n) { s, e in if view.rule(of: e).isLive { neighbours.append(s) } }
          for m in neighbours where distance[m] == nil && view.isPresent(m) {
            guard distance.count < nodeCap else {
              cut = true
              break
            }
            distance[m] = step
            next.append(m)
          }
        }
        frontier = next
      }
      // Nodes of one category tied to the picture the same way (50 members of one group) are
      // one counted node.
      var signature: [Int: String] = [:]
      for n in distance.keys where distance[n]! > 0 {
        var ties: [String] = []
        for e in graph.outEdges(of: n) where view.rule(of: e).isLive && distance[graph.target(of: e)] != nil {
          ties.append(">\(graph.kindName(of: e))>\(graph.target(of: e))")
        }
        graph.forEachInEdge(of: n) { s, e in
          if view.rule(of: e).isLive && distance[s] != nil { ties.append("<\(graph.kindName(of: e))<\(s)") }
        }
        signature[n] = view.categories[n].description + "|" + ties.sorted().joined(separator: ",")
      }
      let groups = Dictionary(grouping: signature.keys, by: { signature[$0]! }).filter { $0.value.count > 5 }
      var shownAs: [Int: String] = [:]
      var counted: [String: (label: String, category: String)] = [:]
      for (_, members) in groups {
        let ordered = members.sorted { graph.id(of: $0) < graph.id(of: $1) }
        let id = "group-of:" + graph.id(of: ordered[0])
        let category = view.categories[ordered[0]].description
        counted[id] = ("\(ordered.count) \(category) nodes\n(\(graph.displayName(of: ordered[0])), …)", category)
        for m in ordered { shownAs[m] = id }
      }
      var diagram = Diagram(
        title: "around \(title), \(depth) edge\(depth == 1 ? "" : "s") out and in"
          + (cut ? " (first \(nodeCap) nodes, nearest first)" : ""))
      for (n, d) in distance.sorted(by: { ($0.value, graph.id(of: $0.key)) < ($1.value, graph.id(of: $1.key)) }) {
        if let group = shownAs[n] {
          diagram.add(.init(id: group, label: counted[group]!.label, category: counted[group]!.category))
          continue
        }
        diagram.add(node(n, in: view, emphasised: d == 0))
      }
      for n in distance.keys {
        for e in graph.outEdges(of: n) where view.rule(of: e).isLive && distance[graph.target(of: e)] != nil {
          let rule = view.rule(of: e)
          let t = graph.target(of: e)
          diagram.add(
            .init(
              from: shownAs[n] ?? graph.id(of: n), to: shownAs[t] ?? graph.id(of: t), label: graph.kindName(of: e),
              tier: rule.tier?.description ?? "admin", gated: rule.isGated, justInTime: rule.isJustInTime,
              conditional: rule.isConditional))
        }
      }
      return diagram
    }

    /// A technique list as one line: the first, and how many more.
    static func firstOf(_ value: PropertyValue) -> String {
      guard case .array(let items) = value, let first = items.first else { return value.matchText }
      return items.count == 1 ? first.matchText : "\(first.matchText) (+\(items.count - 1) more)"
    }

    /// How a graph node is drawn: its name, category, domain, and whether it is critical.
    static func node(_ n: Int, in view: TraversalView, emphasised: Bool = false) -> Diagram.Node {
      let graph = view.graph
      return Diagram.Node(
        id: graph.id(of: n), label: graph.displayName(of: n), category: view.categories[n].description,
        emphasised: emphasised, critical: graph.property("sensitivity", of: n) == .string("critical"),
        domain: view.domain(of: n))
    }

    /// The diagram of some paths: their nodes labelled by name, ends emphasised.
    static func diagram(_ paths: [PrivilegePath], title: String, in view: TraversalView) -> Diagram {
      let graph = view.graph
      var diagram = Diagram(title: title)
      for path in paths {
        for (i, n) in path.nodes.enumerated() {
          diagram.add(node(n, in: view, emphasised: i == 0 || i == path.nodes.count - 1))
        }
        for (i, (e, tier)) in zip(path.edges, path.stepTiers(in: view)).enumerated() {
          let rule = view.rule(of: e)
          let properties = graph.properties(ofEdge: e)
          // What made the edge, or what limits it: the technique, a cap, an expiry.
          let detail =
            properties["technique"].map(Self.firstOf) ?? properties["tier"].map { "capped at \($0.matchText)" }
            ?? properties["expires"].map { "until \($0.matchText)" }
          diagram.add(
            .init(
              from: graph.id(of: path.nodes[i]), to: graph.id(of: path.nodes[i + 1]), label: graph.kindName(of: e),
              tier: tier.description, gated: rule.isGated, justInTime: rule.isJustInTime || view.isJustInTime(path.nodes[i + 1]),
              conditional: rule.isConditional, detail: detail))
        }
      }
      return diagram
    }
  }
}
