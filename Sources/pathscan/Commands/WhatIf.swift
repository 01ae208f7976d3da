import AccessGraph
import ArgumentParser
import Foundation
import PathFinder
import Yams

extension Pathscan {
  struct WhatIf: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "whatif",
      abstract: "Show which findings (or paths) a change would remove and which it would add.",
      discussion: """
        An edge is written A:KIND:B; node ids may themselves contain ':' (ARNs), as long as the
        whole names two existing nodes. A --changes file (YAML or JSON) lists the same:
          add_edges: [{from: A, kind: KIND, to: B, properties: {tier: read}}]
          remove_edges: [{from: A, kind: KIND, to: B}]
          remove_nodes: [ID]
        Without --from/--to, the whole rule pack runs before and after; findings are matched
        by rule, source, target and tier. With --from/--to, paths are compared instead.
        """)

    @OptionGroup var input: InputOptions

    @Option(name: .customLong("add-edge"), help: "An edge to add, as A:KIND:B (repeatable).")
    var addEdges: [String] = []

    @Option(name: .customLong("remove-edge"), help: "An edge to remove, as A:KIND:B (repeatable).")
    var removeEdges: [String] = []

    @Option(name: .customLong("remove-node"), help: "A node to remove with its edges (repeatable).")
    var removeNodes: [String] = []

    @Option(help: "A YAML or JSON file of changes.")
    var changes: String?

    @Option(help: "Compare paths from this selection (with --to) instead of findings.")
    var from: String?

    @Option(help: "Compare paths to this selection (with --from) instead of findings.")
    var to: String?

    @Option(help: "The rules file for the findings comparison.")
    var rules: String?

    @Option(help: "Output format.")
    var format: OutputFormat = .json

    func validate() throws {
      if (from == nil) != (to == nil) { throw ValidationError("give both --from and --to, or neither") }
      if addEdges.isEmpty && removeEdges.isEmpty && removeNodes.isEmpty && changes == nil {
        throw ValidationError("give at least one change: --add-edge, --remove-edge, --remove-node or --changes")
      }
    }

    struct Output: Encodable {
      var changes: [String]
      var compared: String
      var removed: [PathJSON]
      var added: [PathJSON]
      var removedFindings: [FindingReport.Item]?
      var addedFindings: [FindingReport.Item]?
    }

    func run() throws {
      let analysis = try input.load()
      let before = analysis.view
      var edits = try changes.map(ChangesFile.load) ?? GraphChanges()
      edits.addEdges += try addEdges.map { try Self.parseEdge($0, in: before.graph, option: "--add-edge") }
      edits.removeEdges += try removeEdges.map { try Self.parseEdge($0, in: before.graph, option: "--remove-edge") }
      edits.removeNodes += removeNodes
      let after = TraversalView(graph: try before.graph.applying(edits), manifest: before.manifest, at: before.at)
      let described =
        edits.addEdges.map { "add \($0)" } + edits.removeEdges.map { "remove \($0)" }
        + edits.removeNodes.map { "remove node \($0)" }
      var output: Output
      if let from, let to {
        let search = PathSearch()
        func paths(_ view: TraversalView) throws -> [PathJSON] {
          let sources = try Selector.select(from, in: view)
          let targets = try Selector.select(to, in: view)
          return search.run(view, from: sources, to: targets).paths.map { PathJSON($0, in: view.graph) }
        }
        let old = try paths(before)
        let new = try paths(after)
        output = Output(
          changes: described, compared: "paths from \(from) to \(to)", removed: old.filter { !new.contains($0) },
          added: new.filter { !old.contains($0) })
      } else {
        let pack = try rules.map { try RulesFile.load($0, over: RulePack.builtIn) } ?? RulePack.builtIn
        let old = FindingReport(result: try RuleScanner(rules: pack).scan(before), rules: pack, view: before).findings
        let new = FindingReport(result: try RuleScanner(rules: pack).scan(after), rules: pack, view: after).findings
        func key(_ f: FindingReport.Item) -> String { "\(f.rule)|\(f.source)|\(f.target)|\(f.tier)" }
        let oldKeys = Set(old.map(key))
        let newKeys = Set(new.map(key))
        let removed = old.filter { !newKeys.contains(key($0)) }
        let added = new.filter { !oldKeys.contains(key($0)) }
        output = Output(
          changes: described, compared: "findings", removed: removed.map(\.path), added: added.map(\.path),
          removedFindings: removed, addedFindings: added)
      }
      switch format {
      case .json: Console.out(try JSONOutput.string(output))
      case .text:
        Console.out("changes: " + described.joined(separator: "; "))
        Console.out("\(output.removed.count) \(output.compared) removed, \(output.added.count) added")
        for (sign, items, findings) in [("-", output.removed, output.removedFindings), ("+", output.added, output.addedFindings)]
        {
          for (i, path) in items.enumerated() {
            let label = findings.map { "\($0[i].rule): " } ?? ""
            Console.out("\(sign) \(label)\(PathText.line(path))")
          }
        }
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

extension FindingReport.Item {
  var path: PathJSON {
    PathJSON(
      nodes: nodes, edges: edges, tier: tier, standing: standing, gated: gated, crossDomain: crossDomain, agentChain: agentChain)
  }
}

/// Reads a what-if changes file (YAML, which includes JSON).
enum ChangesFile {
  static func load(_ path: String) throws -> GraphChanges {
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw RulesFileError.unreadable(path)
    }
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw RulesFileError.syntax(path, error)
    }
    let reader = RulesFile.Reader(file: path)
    var changes = GraphChanges()
    guard let map = root?.mapping else { return changes }
    func edges(_ node: Node, _ key: String) throws -> [GraphChanges.EdgeChange] {
      try reader.sequence(node, key).map { item in
        guard let m = item.mapping, let from = m["from"], let kind = m["kind"], let to = m["to"] else {
          throw reader.error(item, "each edge needs from, kind and to")
        }
        var properties = Properties()
        if let props = m["properties"]?.mapping {
          for (k, v) in props {
            let key = try reader.string(k, "property")
            if let b = v.bool {
              properties[key] = .bool(b)
            } else if let s = v.scalar?.string {
              properties[key] = v.int != nil || v.float != nil ? .number(s) : .string(s)
            }
          }
        }
        return .init(
          from: try reader.string(from, "from"), kind: try reader.string(kind, "kind"), to: try reader.string(to, "to"),
          properties: properties)
      }
    }
    for (keyNode, value) in map {
      switch try reader.string(keyNode, "key") {
      case "add_edges": changes.addEdges = try edges(value, "add_edges")
      case "remove_edges": changes.removeEdges = try edges(value, "remove_edges")
      case "remove_nodes":
        changes.removeNodes = try reader.sequence(value, "remove_nodes").map { try reader.string($0, "node id") }
      case let other: throw reader.error(keyNode, "unknown key '\(other)'; use add_edges, remove_edges, remove_nodes")
      }
    }
    return changes
  }
}
