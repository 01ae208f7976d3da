import AccessGraph
import PathFinder

/// One edge of a path with what the importer knew about it: how it was derived, from which
/// policy, binding or statement, under which conditions, and where it was defined.
struct PathStep: Codable, Equatable {
  var from: String
  var kind: String
  var to: String
  /// The tier held after the step.
  var tier: String
  /// Technique, statement, binding, conditions and the like, as the input gave them.
  var evidence: [String: String]?
  /// `file:line` (or the file) of the record that defined the edge.
  var source: String?
}

/// The evidence of paths, in one place for every output.
enum PathEvidence {
  /// The edge properties that explain an edge. Only these are copied out: other properties
  /// are the input's own and may hold what should not leave it.
  static let keys: Set<String> = [
    "technique", "statement", "statement_run", "policy", "binding", "role", "conditional", "conditions", "condition",
    "condition_title", "subject", "scopes", "scope", "verbs", "tier", "expires", "requiresApproval",
  ]

  /// Every edge of `path` with its evidence and the tier held after it.
  /// - Complexity: O(length · evidence properties).
  static func steps(_ path: PrivilegePath, in view: TraversalView) -> [PathStep] {
    let graph = view.graph
    let tiers = path.stepTiers(in: view)
    return path.edges.enumerated().map { i, e in
      var evidence: [String: String] = [:]
      for (key, value) in graph.properties(ofEdge: e) where keys.contains(key) {
        if case .array(let items) = value {
          evidence[key] = items.map(\.matchText).joined(separator: ", ")
        } else {
          evidence[key] = value.matchText
        }
      }
      let source = graph.origin(ofEdge: e).map { origin in origin.line.map { "\(origin.file):\($0)" } ?? origin.file }
      return PathStep(
        from: graph.id(of: path.nodes[i]), kind: graph.kindName(of: e), to: graph.id(of: path.nodes[i + 1]),
        tier: tiers[i].description, evidence: evidence.isEmpty ? nil : evidence, source: source)
    }
  }

  /// Each node's display name where it says more than its id (nil otherwise).
  /// - Complexity: O(length).
  static func names(_ path: PrivilegePath, in graph: AccessGraph) -> [String?] {
    path.nodes.map { n in name(graph.property("name", of: n)?.matchText, id: graph.id(of: n)) }
  }

  /// `name` unless it only restates the id (`Support assistant` for `support-assistant`).
  static func name(_ name: String?, id: String) -> String? {
    guard let name, !name.isEmpty, name != id else { return nil }
    func letters(_ s: some StringProtocol) -> String { String(s.lowercased().filter { $0.isLetter || $0.isNumber }) }
    let last = id.split(whereSeparator: { ":/".contains($0) }).last.map(letters) ?? letters(id)
    let spoken = letters(name)
    return spoken.isEmpty || last.isEmpty || spoken.hasPrefix(last) || last.hasPrefix(spoken) ? nil : name
  }

  /// How a node reads in text: `Support Copilot Agent (entra:5b38…)`, or the id alone.
  static func label(_ id: String, name: String?) -> String { name.map { "\($0) (\(id))" } ?? id }

  /// A step's evidence as `key: value` lines, then where it was defined.
  static func facts(_ step: PathStep) -> [String] {
    (step.evidence ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
      + (step.source.map { ["defined at \($0)"] } ?? [])
  }

  /// The evidence of each step that has some (where it was defined, with it), one line each,
  /// for text reports; a plain edge of a hand-written graph says nothing more than the path.
  static func lines(_ steps: [PathStep]) -> [String] {
    steps.enumerated().compactMap { i, step in
      guard step.evidence != nil else { return nil }
      return "\(i + 1). \(step.from) -[\(step.kind)]-> \(step.to): " + facts(step).joined(separator: "; ")
    }
  }
}
