import AccessGraph
import Foundation
import Importers
import PathFinder
import Yams

/// Reads a YAML rules file: policy as code laid over the built-in pack.
///
/// ```yaml
/// disable: [shared-nhi]              # built-in rules to switch off
/// severity:                          # new severities for built-in rules
///   confused-deputy: critical
/// rules:
///   - id: contractor-prod-admin      # a new reach rule
///     title: Contractors hold admin on production
///     severity: high
///     from: "category:human,employment:contractor"
///     to: "category:resource,environment:prod"
///     min_tier: admin
///     require: {standing: true}      # also gated, cross_domain, agent_chain, indirect
///     frameworks: ["NIST CSF 2.0 PR.AA-05"]
///     remediation: Move contractors to just-in-time access.
///   - id: agent-chain-escalation     # an existing id changes that rule's parameters
///     to: "sensitivity:critical"
/// ```
enum RulesFile {
  static func load(_ path: String, over base: [Rule]) throws -> [Rule] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw RulesFileError.unreadable(path)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw RulesFileError.notText(path)
    }
    return try parse(text, file: path, over: base)
  }

  static func parse(_ text: String, file: String, over base: [Rule]) throws -> [Rule] {
    let root: Node?
    do {
      try YAMLGuard.check(text, file: file)
      root = try Yams.compose(yaml: text)
    } catch let error as YamlError {
      throw RulesFileError.syntax(file, error)
    }
    guard let root else { return base }
    let reader = Reader(file: file)
    guard let top = root.mapping else { throw reader.error(root, "a rules file is a mapping with disable, severity and rules") }
    var rules = base
    for (keyNode, value) in top {
      guard let key = keyNode.string else { throw reader.error(keyNode, "keys must be strings") }
      switch key {
      case "disable":
        for item in try reader.sequence(value, key) {
          let id = try reader.string(item, "disable")
          guard let i = rules.firstIndex(where: { $0.id == id }) else {
            throw reader.error(item, "no rule '\(id)' to disable; rules are \(rules.map(\.id).joined(separator: ", "))")
          }
          rules[i].enabled = false
        }
      case "severity":
        guard let map = value.mapping else { throw reader.error(value, "severity maps rule ids to severities") }
        for (idNode, severityNode) in map {
          let id = try reader.string(idNode, "severity")
          guard let i = rules.firstIndex(where: { $0.id == id }) else { throw reader.error(idNode, "no rule '\(id)'") }
          rules[i].severity = try reader.severity(severityNode)
        }
      case "rules":
        for item in try reader.sequence(value, key) {
          let rule = try reader.rule(item, existing: rules)
          if let i = rules.firstIndex(where: { $0.id == rule.id }) { rules[i] = rule } else { rules.append(rule) }
        }
      default:
        throw reader.error(keyNode, "unknown key '\(key)'; use disable, severity or rules")
      }
    }
    return rules
  }

  /// Reads nodes with messages that carry the file, line and column.
  struct Reader {
    let file: String

    func error(_ node: Node, _ message: String) -> RulesFileError {
      .invalid(file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message)
    }

    func string(_ node: Node, _ what: String) throws -> String {
      guard let s = node.scalar?.string, !s.isEmpty else { throw error(node, "\(what) must be a non-empty string") }
      return s
    }

    func sequence(_ node: Node, _ what: String) throws -> [Node] {
      guard let items = node.sequence else { throw error(node, "\(what) must be a list") }
      return Array(items)
    }

    func severity(_ node: Node) throws -> Severity {
      guard let s = node.scalar?.string, let severity = Severity(name: s) else {
        throw error(node, "severity must be one of \(Severity.allCases.map(\.description).joined(separator: ", "))")
      }
      return severity
    }

    func tier(_ node: Node) throws -> Tier {
      guard let s = node.scalar?.string, let tier = Tier(name: s) else {
        throw error(node, "tier must be read, propose, act or admin")
      }
      return tier
    }

    func selector(_ node: Node, _ what: String) throws -> String {
      let text = try string(node, what)
      do {
        _ = try Selector(text)
      } catch {
        throw self.error(node, "\(error)")
      }
      return text
    }

    func rule(_ node: Node, existing: [Rule]) throws -> Rule {
      guard let map = node.mapping else { throw error(node, "each rule is a mapping with at least an id") }
      guard let idNode = map["id"] else { throw error(node, "a rule needs an id") }
      let id = try string(idNode, "id")
      var rule =
        existing.first { $0.id == id }
        ?? Rule(id: id, title: id, severity: .medium, check: .reach(.init(from: "", to: "", minTier: .act)))
      let isNew = !existing.contains { $0.id == id }
      for (keyNode, value) in map {
        let key = try string(keyNode, "key")
        switch key {
        case "id": continue
        case "title": rule.title = try string(value, key)
        case "severity": rule.severity = try severity(value)
        case "enabled":
          guard let flag = value.bool else { throw error(value, "enabled must be true or false") }
          rule.enabled = flag
        case "frameworks": rule.frameworks = try sequence(value, key).map { try string($0, "framework") }
        case "remediation": rule.remediation = try string(value, key)
        case "from", "to", "min_tier", "require": try set(key, value, on: &rule)
        default:
          throw error(
            keyNode,
            "unknown rule key '\(key)'; use title, severity, enabled, from, to, min_tier, require, frameworks, remediation")
        }
      }
      if isNew, case .reach(let check) = rule.check, check.from.isEmpty || check.to.isEmpty {
        throw error(node, "rule '\(id)' needs both from and to selectors")
      }
      return rule
    }

    private func set(_ key: String, _ value: Node, on rule: inout Rule) throws {
      switch (rule.check, key) {
      case (.reach(var check), "from"):
        check.from = try selector(value, key)
        rule.check = .reach(check)
      case (.reach(var check), "to"):
        check.to = try selector(value, key)
        rule.check = .reach(check)
      case (.reach(var check), "min_tier"):
        check.minTier = try tier(value)
        rule.check = .reach(check)
      case (.reach(var check), "require"):
        check.require = try requirements(value)
        rule.check = .reach(check)
      case (.agentChainEscalation(let to, let minTier), "to"), (.agentChainEscalation(let to, let minTier), "min_tier"):
        let (newTo, newTier) = try target(key, value, to, minTier)
        rule.check = .agentChainEscalation(to: newTo, minTier: newTier)
      case (.confusedDeputy(let to, let minTier), "to"), (.confusedDeputy(let to, let minTier), "min_tier"):
        let (newTo, newTier) = try target(key, value, to, minTier)
        rule.check = .confusedDeputy(to: newTo, minTier: newTier)
      case (.disabledOwnerPaths(let to, let minTier), "to"), (.disabledOwnerPaths(let to, let minTier), "min_tier"):
        let (newTo, newTier) = try target(key, value, to, minTier)
        rule.check = .disabledOwnerPaths(to: newTo, minTier: newTier)
      case (.readCapPivot(let to, let minTier), "to"), (.readCapPivot(let to, let minTier), "min_tier"):
        let (newTo, newTier) = try target(key, value, to, minTier)
        rule.check = .readCapPivot(to: newTo, minTier: newTier)
      default:
        throw error(value, "rule '\(rule.id)' does not take \(key)")
      }
    }

    /// A check's `to` and `min_tier` with one of them replaced by `value`.
    private func target(_ key: String, _ value: Node, _ to: String, _ minTier: Tier) throws -> (String, Tier) {
      key == "to" ? (try selector(value, key), minTier) : (to, try tier(value))
    }

    private func requirements(_ node: Node) throws -> Rule.PathRequirements {
      guard let map = node.mapping else {
        throw error(node, "require is a mapping of standing, gated, cross_domain, agent_chain, indirect to true or false")
      }
      var require = Rule.PathRequirements()
      for (keyNode, value) in map {
        guard let flag = value.bool else { throw error(value, "must be true or false") }
        switch try string(keyNode, "require key") {
        case "standing": require.standing = flag
        case "gated": require.gated = flag
        case "cross_domain": require.crossDomain = flag
        case "agent_chain": require.agentChain = flag
        case "indirect": require.indirect = flag
        case let other:
          throw error(keyNode, "unknown requirement '\(other)'; use standing, gated, cross_domain, agent_chain, indirect")
        }
      }
      return require
    }
  }
}

/// Why a rules file could not be used.
enum RulesFileError: Error, CustomStringConvertible {
  case unreadable(String)
  case notText(String)
  case syntax(String, YamlError)
  case invalid(String, line: Int, column: Int, String)

  var description: String {
    switch self {
    case .unreadable(let file): "\(file): cannot read the rules file"
    case .notText(let file): "\(file): the rules file is not UTF-8 text"
    case .syntax(let file, let error): "\(file): malformed YAML: \(error)"
    case .invalid(let file, let line, let column, let message): "\(file):\(line):\(column): \(message)"
    }
  }
}
