import AccessGraph

extension Selector {
  /// The keys every selector understands without a property of that name.
  public static let builtInKeys = ["id", "kind", "category"]

  /// Properties pathscan itself reads or importers write, which a selector may name even
  /// where no node has them yet.
  public static let knownProperties: Set<String> = [
    "name", "domain", "owner", "disabled", "sensitivity", "expires", "email", "vendor_managed", "fingerprint", "environment",
  ]

  /// What in this selector names nothing `view` has: an id no node has, a key no node
  /// carries, a category that does not exist, or a kind no node has; each with the nearest
  /// names that do exist.
  /// - Complexity: O(n · (k + p)) to gather the graph's vocabulary.
  public func unknownTerms(in view: TraversalView) -> [String] {
    let graph = view.graph
    if isPlainID {
      guard graph.index(of: text) == nil else { return [] }
      return ["no node has the id '\(text)'\(Nearest.hint(for: text, among: graph.nodeIDs))"]
    }
    var keys = Set(Self.builtInKeys)
    var kinds = Set(NodeCategory.allCases.map(\.kindName))
    var values: [String: Set<String>] = [:]
    for n in 0..<graph.nodeCount {
      kinds.formUnion(graph.kindNames(of: n))
      for (key, value) in graph.properties(of: n) {
        keys.insert(key)
        if key == "domain" || key == "sensitivity" { values[key, default: []].insert(value.matchText) }
      }
    }
    let categories = NodeCategory.allCases.map(\.description)
    var problems: [String] = []
    for term in terms {
      let alternatives = term.pattern.split(separator: "|").map(String.init).filter { !$0.contains("*") }
      switch term.key {
      case "id":
        continue
      case "category":
        for value in alternatives where !categories.contains(value.lowercased()) {
          problems.append(
            "'category:\(value)' is not a category\(Nearest.hint(for: value, among: categories)) (categories: \(categories.joined(separator: ", ")))"
          )
        }
      case "kind":
        for value in alternatives where !kinds.contains(value) {
          problems.append("no node has the kind '\(value)'\(Nearest.hint(for: value, among: kinds))")
        }
      default:
        guard keys.contains(term.key) else {
          problems.append("no node has a property '\(term.key)'\(Nearest.hint(for: term.key, among: keys))")
          continue
        }
        if let known = values[term.key] {
          for value in alternatives where !known.contains(value) && !term.negated {
            problems.append("no node has \(term.key) '\(value)'\(Nearest.hint(for: value, among: known))")
          }
        }
      }
    }
    return problems
  }
}
