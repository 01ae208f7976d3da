import AccessGraph
import ArgumentParser
import Foundation
import Importers
import PathFinder

extension Pathscan {
  struct WhatIf: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "whatif",
      abstract: "Show which findings (or paths) a change would remove and which it would add.",
      discussion: """
        An edge is written A:KIND:B; node ids may themselves contain ':' (ARNs), as long as the \
        whole names two existing nodes. A --changes file (YAML or JSON) lists the same under \
        the keys add_edges, remove_edges and update_edges (lists of {from, kind, to, \
        properties}, e.g. {from: A, kind: KIND, to: B, properties: {tier: read, expires: \
        2027-01-01T00:00:00Z}}) and remove_nodes (a list of ids).

        --after TIME evaluates the changed graph at a later time ("after the just-in-time \
        credentials lapse"), alone or with other changes.

        Without --from/--to, the rule pack runs before and after, and each exposure \
        (rule, source, target, tier) that one side has and the other lacks is reported: the \
        answer is exactly the difference of two full scans, though only the sources upstream \
        of the change are scanned (removing edges alone shares the loaded graph; other \
        changes rebuild it). With --from/--to, paths are \
        compared instead.
        """)

    @OptionGroup var input: InputOptions

    @Option(name: .customLong("add-edge"), help: "An edge to add, as A:KIND:B (repeatable).")
    var addEdges: [String] = []

    @Option(name: .customLong("remove-edge"), help: "An edge to remove, as A:KIND:B (repeatable).")
    var removeEdges: [String] = []

    @Option(name: .customLong("retier-edge"), help: "An edge to cap at a tier, as A:KIND:B=TIER (repeatable).")
    var retierEdges: [String] = []

    @Option(name: .customLong("remove-node"), help: "A node to remove with its edges (repeatable).")
    var removeNodes: [String] = []

    @Option(help: "A YAML or JSON file of changes.")
    var changes: String?

    @Option(help: "Evaluate the changed graph at this time (RFC 3339) instead of --at.")
    var after: String?

    @Option(help: "Compare paths from this selection (with --to) instead of findings.")
    var from: String?

    @Option(help: "Compare paths to this selection (with --from) instead of findings.")
    var to: String?

    @OptionGroup var rules: RulesOptions

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Option(name: .shortAndLong, help: "Write the result to this file instead of standard output.")
    var output: String?

    func validate() throws {
      if (from == nil) != (to == nil) { throw ValidationError("give both --from and --to, or neither") }
      if addEdges.isEmpty && removeEdges.isEmpty && retierEdges.isEmpty && removeNodes.isEmpty && changes == nil
        && after == nil
      {
        throw ValidationError(
          "give at least one change: --add-edge, --remove-edge, --retier-edge, --remove-node, --changes or --after")
      }
      if let after, Timestamp.parse(after) == nil {
        throw ValidationError("--after '\(after)' is not an RFC 3339 time (e.g. 2026-11-22T09:00:00Z)")
      }
      for edge in retierEdges {
        guard let eq = edge.lastIndex(of: "="), Tier(name: String(edge[edge.index(after: eq)...])) != nil else {
          throw ValidationError("--retier-edge '\(edge)' is not A:KIND:B=TIER with a tier of read, propose, act or admin")
        }
      }
    }

    struct Output: Encodable {
      var changes: [String]
      var compared: String
      var removed: [PathJSON]
      var added: [PathJSON]
      var removedFindings: [ExposureItem]?
      var addedFindings: [ExposureItem]?
    }

    func run() throws {
      let analysis = try input.load()
      let before = analysis.view
      var edits = try changes.map(ChangesFile.load) ?? GraphChanges()
      edits.addEdges += try addEdges.map { try Self.parseEdge($0, in: before.graph, option: "--add-edge") }
      edits.removeEdges += try removeEdges.map { try Self.parseEdge($0, in: before.graph, option: "--remove-edge") }
      edits.updateEdges += try retierEdges.map { text in
        let eq = text.lastIndex(of: "=")!
        var edge = try Self.parseEdge(String(text[..<eq]), in: before.graph, option: "--retier-edge")
        edge.properties["tier"] = .string(String(text[text.index(after: eq)...]))
        return edge
      }
      edits.removeNodes += removeNodes
      try Self.checkKinds(edits, manifest: before.manifest, graph: before.graph)
      let later = after.flatMap(Timestamp.parse)
      let described = edits.descriptions + (after.map { ["evaluate at \($0)"] } ?? [])
      var result: Output
      if let from, let to {
        let changed = TraversalView(
          graph: edits.isEmpty ? before.graph : try before.graph.applying(edits), manifest: before.manifest,
          at: later ?? before.at)
        let search = PathSearch()
        func paths(_ view: TraversalView) throws -> [PathJSON] {
          let sources = try Selector.select(from, in: view)
          let targets = try Selector.select(to, in: view)
          return search.run(view, from: sources, to: targets).paths.map { PathJSON($0, in: view) }
        }
        _ = try analysis.select(from, option: "--from")
        _ = try analysis.select(to, option: "--to")
        let old = try paths(before)
        let new = try paths(changed)
        // A path is the same path whatever its evidence says: compare its form alone.
        func form(_ p: PathJSON) -> [String] { p.nodes + ["|"] + p.edges + ["|", p.tier] + p.flags }
        let oldForms = Set(old.map(form))
        let newForms = Set(new.map(form))
        result = Output(
          changes: described, compared: "paths from \(from) to \(to)", removed: old.filter { !newForms.contains(form($0)) },
          added: new.filter { !oldForms.contains(form($0)) })
      } else {
        let pack = try rules.pack(over: before, quiet: input.quiet)
        let scanner = RuleScanner(rules: pack)
        let whatIf = try PathFinder.WhatIf(
          before, changes: edits, later: later, scanner: scanner,
          progress: { [quiet = input.quiet] line in if !quiet { Console.error(line) } })
        let old = ScanOutcome(
          result: whatIf.beforeScan, scanner: scanner, rules: pack, view: whatIf.before, places: whatIf.removedAt)
        let new = ScanOutcome(result: whatIf.afterScan, scanner: scanner, rules: pack, view: whatIf.after, places: whatIf.addedAt)
        let removed = whatIf.removedAt.keys.sorted().map(old.item)
        let added = whatIf.addedAt.keys.sorted().map(new.item)
        result = Output(
          changes: described, compared: "exposures", removed: removed.compactMap(\.path), added: added.compactMap(\.path),
          removedFindings: removed, addedFindings: added)
      }
      let text: String
      switch format {
      case .json: text = try JSONOutput.string(result)
      case .text:
        var lines = ["changes: " + described.joined(separator: "; ")]
        lines.append("\(result.removed.count) \(result.compared) removed, \(result.added.count) added")
        if let removed = result.removedFindings, let added = result.addedFindings {
          lines += removed.flatMap { $0.lines(sign: "-") } + added.flatMap { $0.lines(sign: "+") }
        } else {
          lines += result.removed.map { "- " + PathText.line($0) } + result.added.map { "+ " + PathText.line($0) }
        }
        text = lines.joined(separator: "\n")
      }
      if let output {
        try AtomicFile.write(Data((text + "\n").utf8), to: output)
        if !input.quiet { Console.error("wrote \(output)") }
      } else {
        Console.out(text)
      }
    }

    /// Fails on an added or updated edge whose kind no manifest maps: it would never be
    /// traversed, so the what-if would silently change nothing.
    static func checkKinds(_ edits: GraphChanges, manifest: KindsManifest, graph: AccessGraph) throws {
      for edge in edits.addEdges where manifest.rule(forEdgeKind: edge.kind).edgeClass == .none {
        let known = manifest.edgeKinds.filter { $0.value.edgeClass != .none }.keys
        throw ValidationError(
          "edge kind '\(edge.kind)' in \(edge) is not mapped by any manifest, so it would never be traversed\(Nearest.hint(for: edge.kind, among: known)) (see 'pathscan kinds')"
        )
      }
    }

    /// Parses A:KIND:B where A and B are existing node ids that may contain ':'.
    static func parseEdge(_ text: String, in graph: AccessGraph, option: String) throws -> GraphChanges.EdgeChange {
      let colons = text.indices.filter { text[$0] == ":" }
      var matches: [GraphChanges.EdgeChange] = []
      for (i, first) in colons.enumerated() {
        for second in colons[(i + 1)...] {
          let a = String(text[..<first])
          let kind = String(text[text.index(after: first)..<second])
          let b = String(text[text.index(after: second)...])
          if graph.index(of: a) != nil, graph.index(of: b) != nil, !kind.isEmpty,
            kind.allSatisfy({ $0 == "_" || $0.isLetter || $0.isNumber })
          {
            matches.append(.init(from: a, kind: kind, to: b))
          }
        }
      }
      guard matches.count == 1 else {
        throw ValidationError(
          matches.isEmpty
            ? "\(option) '\(text)' is not A:KIND:B with A and B ids of existing nodes"
            : "\(option) '\(text)' can be read \(matches.count) ways; use --changes to say which")
      }
      return matches[0]
    }
  }
}
