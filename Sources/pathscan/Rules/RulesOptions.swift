import ArgumentParser
import PathFinder

/// `--rules`, which every command that runs the rule pack takes.
struct RulesOptions: ParsableArguments {
  @Option(help: "A YAML rules file laid over the built-in rules.")
  var rules: String?

  /// The built-in rules with the rules file laid over them.
  func pack() throws -> [Rule] { try rules.map { try RulesFile.load($0, over: RulePack.builtIn) } ?? RulePack.builtIn }

  /// The pack, with the file's own rules checked against the graph: a selector key that no
  /// node has and that pathscan does not know is a typo and an error; a selector that merely
  /// matches nothing here is a warning.
  func pack(over view: TraversalView, quiet: Bool) throws -> [Rule] {
    let pack = try pack()
    guard let rules else { return pack }
    let builtIn = Set(RulePack.builtIn.map(\.id))
    for rule in pack where rule.enabled && !builtIn.contains(rule.id) {
      for selector in rule.check.selectors {
        let text = selector.text
        let problems = selector.unknownTerms(in: view)
        let unknownKeys = selector.terms.filter { term in
          !Selector.builtInKeys.contains(term.key) && !Selector.knownProperties.contains(term.key)
            && problems.contains { $0.contains("property '\(term.key)'") }
        }
        if let term = unknownKeys.first {
          throw ValidationError(
            "\(rules): rule '\(rule.id)': selector '\(text)': " + (problems.first { $0.contains("'\(term.key)'") } ?? ""))
        }
        if !quiet && selector.select(in: view).isEmpty {
          Console.error(
            "warning: \(rules): rule '\(rule.id)': selector '\(text)' matches no node in this graph"
              + (problems.isEmpty ? "" : " (" + problems.joined(separator: "; ") + ")"))
        }
      }
    }
    return pack
  }
}
