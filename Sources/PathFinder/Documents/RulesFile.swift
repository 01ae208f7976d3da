import AccessGraph
import YAMLDocuments
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
///   - id: payments-admin             # a plain node id (an ARN, say) selects that node
///     from: "category:agent"
///     to: payments-db
/// ```
///
/// Selectors are compiled as the file is read, so a malformed one is an error at its line.
public enum RulesFile {
  /// The rules of the file at `path` laid over `base`.
  /// - Throws: `YAMLDocumentError` naming the file, line and column of what is wrong.
  /// - Complexity: O(n) in the file's size, plus O(r) per rule for the id lookups.
  public static func load(_ path: String, over base: [Rule]) throws -> [Rule] {
    try read(YAMLDocument(contentsOf: path, document: "rules file"), over: base)
  }

  /// The rules of `text`, read as the file `file`, laid over `base`.
  /// - Throws: as `load`.
  public static func parse(_ text: String, file: String, over base: [Rule]) throws -> [Rule] {
    try read(YAMLDocument(text, file: file, document: "rules file"), over: base)
  }

  private static func read(_ yaml: YAMLDocument, over base: [Rule]) throws -> [Rule] {
    guard let root = yaml.root else { return base }
    let reader = Reader(yaml: yaml)
    let top = try yaml.mapping(root, "a rules file is a mapping with disable, severity and rules")
    var rules = base
    for (keyNode, value) in top {
      guard let key = keyNode.string else { throw yaml.error(keyNode, "keys must be strings") }
      switch key {
      case "disable":
        for item in try yaml.sequence(value, key) {
          let id = try yaml.string(item, "disable")
          guard let i = rules.firstIndex(where: { $0.id == id }) else {
            throw yaml.error(item, "no rule '\(id)' to disable; rules are \(rules.map(\.id).joined(separator: ", "))")
          }
          rules[i].enabled = false
        }
      case "severity":
        let map = try yaml.mapping(value, "severity maps rule ids to severities")
        for (idNode, severityNode) in map {
          let id = try yaml.string(idNode, "severity")
          guard let i = rules.firstIndex(where: { $0.id == id }) else { throw yaml.error(idNode, "no rule '\(id)'") }
          rules[i].severity = try reader.severity(severityNode)
        }
      case "rules":
        for item in try yaml.sequence(value, key) {
          let rule = try reader.rule(item, existing: rules)
          if let i = rules.firstIndex(where: { $0.id == rule.id }) { rules[i] = rule } else { rules.append(rule) }
        }
      default:
        throw yaml.error(keyNode, "unknown key '\(key)'; use disable, severity or rules")
      }
    }
    return rules
  }

  /// Reads the rules file's own values: severities, tiers, selectors, rules.
  struct Reader {
    let yaml: YAMLDocument

    func severity(_ node: Node) throws -> Severity {
      guard let s = node.scalar?.string, let severity = Severity(name: s) else {
        throw yaml.error(node, "severity must be one of \(Severity.allCases.map(\.description).joined(separator: ", "))")
      }
      return severity
    }

    func tier(_ node: Node) throws -> Tier {
      guard let s = node.scalar?.string, let tier = Tier(name: s) else {
        throw yaml.error(node, "tier must be read, propose, act or admin")
      }
      return tier
    }

    func selector(_ node: Node, _ what: String) throws -> Selector {
      let text = try yaml.string(node, what)
      do {
        return try Selector(text)
      } catch {
        throw yaml.error(node, "\(error)")
      }
    }

    func rule(_ node: Node, existing: [Rule]) throws -> Rule {
      let map = try yaml.mapping(node, "each rule is a mapping with at least an id")
      guard let idNode = map["id"] else { throw yaml.error(node, "a rule needs an id") }
      let id = try yaml.string(idNode, "id")
      let known = existing.first { $0.id == id }
      var rule = known ?? Rule(id: id, title: id, severity: .medium, check: .sharedNonHuman(minAgents: 0))
      // A new rule is a reach rule, made once both its selectors are read.
      var from: Selector?
      var to: Selector?
      var minTier: Tier?
      var require: Rule.PathRequirements?
      let takesSources = known.map { $0.check.isReach } ?? true
      let takesTarget = known.map { $0.check.to != nil } ?? true
      for (keyNode, value) in map {
        let key = try yaml.string(keyNode, "key")
        switch key {
        case "id": continue
        case "title": rule.title = try yaml.string(value, key)
        case "severity": rule.severity = try severity(value)
        case "enabled":
          guard let flag = value.bool else { throw yaml.error(value, "enabled must be true or false") }
          rule.enabled = flag
        case "frameworks": rule.frameworks = try yaml.sequence(value, key).map { try yaml.string($0, "framework") }
        case "remediation": rule.remediation = try yaml.string(value, key)
        case "from":
          guard takesSources else { throw notTaken(rule, key, value) }
          from = try selector(value, key)
        case "to":
          guard takesTarget else { throw notTaken(rule, key, value) }
          to = try selector(value, key)
        case "min_tier":
          guard takesTarget else { throw notTaken(rule, key, value) }
          minTier = try tier(value)
        case "require":
          guard takesSources else { throw notTaken(rule, key, value) }
          require = try requirements(value)
        default:
          throw yaml.error(
            keyNode,
            "unknown rule key '\(key)'; use title, severity, enabled, from, to, min_tier, require, frameworks, remediation")
        }
      }
      if let known {
        rule.check = known.check.with(to: to, minTier: minTier) ?? known.check
        if case .reach(var check) = rule.check {
          check.from = from ?? check.from
          check.require = require ?? check.require
          rule.check = .reach(check)
        }
      } else {
        guard let from, let to else { throw yaml.error(node, "rule '\(id)' needs both from and to selectors") }
        rule.check = .reach(.init(from: from, to: to, minTier: minTier ?? .act, require: require ?? .init()))
      }
      return rule
    }

    private func notTaken(_ rule: Rule, _ key: String, _ value: Node) -> YAMLDocumentError {
      yaml.error(value, "rule '\(rule.id)' does not take \(key)")
    }

    private func requirements(_ node: Node) throws -> Rule.PathRequirements {
      let map = try yaml.mapping(
        node, "require is a mapping of standing, gated, cross_domain, agent_chain, indirect to true or false")
      var require = Rule.PathRequirements()
      for (keyNode, value) in map {
        guard let flag = value.bool else { throw yaml.error(value, "must be true or false") }
        switch try yaml.string(keyNode, "require key") {
        case "standing": require.standing = flag
        case "gated": require.gated = flag
        case "cross_domain": require.crossDomain = flag
        case "agent_chain": require.agentChain = flag
        case "indirect": require.indirect = flag
        case let other:
          throw yaml.error(keyNode, "unknown requirement '\(other)'; use standing, gated, cross_domain, agent_chain, indirect")
        }
      }
      return require
    }
  }
}
