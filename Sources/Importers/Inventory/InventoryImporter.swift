import AccessGraph
import Yams

/// Reads the concise YAML inventory people write by hand for sketches, what-ifs and tests.
///
/// ```yaml
/// humans:
///   alice: {domain: support, member_of: [support-team], grants: [{to: crm-app, scopes: [tickets.read]}]}
/// agents:
///   support-assistant: {owner: bob, credentials: [key-helpdesk], invokes: [triage-agent]}
/// groups:
///   support-team: {invokes: [support-assistant], can: {act: [ticket-system]}}
/// credentials:
///   key-helpdesk: {authenticates_as: svc-helpdesk, expires: 2027-01-01T00:00:00Z}
/// resources:
///   idp-directory: {domain: iam, sensitivity: critical}
///   vault: {contains: [key-siem]}
/// edges:
///   - alice -CanAdmin-> vault requiresApproval=true
/// ```
/// Sections are the categories (`humans`, `agents`, `services`, `groups`, `roles`,
/// `applications`, `credentials`, `resources`). Under an entity, relationship keys make edges
/// (a target is an id, or a mapping with `to` and edge properties); `kinds` adds kinds; any
/// other key is a property. Edges point in the direction of control, so `grants` (a user's
/// OAuth consent) becomes `app -[OAuthGrant]-> user`: the app acts as the user, capped.
enum InventoryImporter: DocumentImporter {
  static let sections: [String: String] = [
    "humans": BuiltInKind.human, "agents": BuiltInKind.agent, "services": BuiltInKind.serviceAccount,
    "groups": BuiltInKind.group, "roles": BuiltInKind.role, "applications": BuiltInKind.application,
    "credentials": BuiltInKind.credential, "resources": BuiltInKind.resource,
  ]

  static let relationships: [String: String] = [
    "member_of": BuiltInKind.memberOf, "roles": BuiltInKind.hasRole, "has_role": BuiltInKind.hasRole,
    "assumes": BuiltInKind.canAssume, "can_assume": BuiltInKind.canAssume,
    "acts_as": BuiltInKind.actsAs, "authenticates_as": BuiltInKind.authenticatesAs, "credentials": BuiltInKind.hasCredential,
    "has_credential": BuiltInKind.hasCredential,
    "grants": BuiltInKind.oauthGrant, "invokes": BuiltInKind.canInvoke, "manages": BuiltInKind.canManage,
    "owns": BuiltInKind.owns, "contains": BuiltInKind.contains,
    "hosts": BuiltInKind.hosts, "runs_as": BuiltInKind.runsAs,
  ]

  /// Relationships written on the node that gives them: `grants` on a user is the user's
  /// consent, so the edge runs from the app or agent that then acts as the user to the user.
  static let givenToOthers: Set<String> = [BuiltInKind.oauthGrant]

  static let permissions: [String: String] = [
    "read": BuiltInKind.canRead, "propose": BuiltInKind.canPropose, "act": BuiltInKind.canAct, "admin": BuiltInKind.canAdmin,
  ]

  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, into builder: inout GraphBuilder) throws -> (
    nodes: Int, edges: Int
  ) {
    guard let text = TextBytes.string(bytes) else {
      throw ImportError.syntax(file: file, line: nil, column: nil, message: "not UTF-8 text")
    }
    let root = try ImportError.parsingYAML(text, file: file) { try Yams.compose(yaml: text) }
    var reader = Reader(file: file)
    guard let top = root?.mapping else {
      throw ImportError.unsupportedFormat(
        file: file, message: "not a pathscan inventory (a YAML mapping of humans, agents, ... and edges)")
    }
    for (keyNode, value) in top {
      let key = try reader.string(keyNode, "section")
      if let kind = sections[key] {
        try reader.entities(value, kind: kind, section: key)
      } else if key == "edges" {
        try reader.edgeList(value)
      } else if key == "same_as" {
        try reader.sameAs(value)
      } else {
        throw reader.invalid(
          keyNode, key, "unknown section '\(key)'; use \(sections.keys.sorted().joined(separator: ", ")) or edges")
      }
    }
    return try reader.sink.emit(into: &builder)
  }

  struct Reader {
    let file: String
    var sink: GraphSink

    init(file: String) {
      self.file = file
      sink = GraphSink(file: file)
    }

    func invalid(_ node: Node, _ path: String, _ message: String) -> ImportError {
      .invalid(file: file, line: node.mark?.line, column: node.mark?.column, path: path, message: message)
    }

    func location(_ node: Node, _ record: String) -> SourceLocation {
      SourceLocation(file: file, line: node.mark?.line, record: .named(record))
    }

    func string(_ node: Node, _ path: String) throws -> String {
      guard let s = node.scalar?.string, !s.isEmpty else { throw invalid(node, path, "expected a non-empty string") }
      return s
    }

    func value(_ node: Node, _ path: String) throws -> PropertyValue {
      if let items = node.sequence {
        return .array(try items.map { try value($0, path) })
      }
      guard let scalar = node.scalar else {
        throw invalid(node, path, "property values are strings, numbers, booleans or lists of them")
      }
      if scalar.style == .plain {
        if let b = node.bool { return .bool(b) }
        if node.int != nil || node.float != nil { return .number(scalar.string) }
      }
      return .string(scalar.string)
    }

    mutating func entities(_ node: Node, kind: String, section: String) throws {
      guard let map = node.mapping else { throw invalid(node, section, "expected a mapping of ids to their details") }
      for (idNode, details) in map {
        let id = try string(idNode, section)
        let path = "\(section).\(id)"
        var kinds = [kind]
        var properties = Properties()
        var relations: [(String, Node, String)] = []
        if let fields = details.mapping {
          for (fieldNode, fieldValue) in fields {
            let field = try string(fieldNode, path)
            if let edgeKind = relationships[field] {
              relations.append((edgeKind, fieldValue, "\(path).\(field)"))
            } else if field == "can" {
              guard let byTier = fieldValue.mapping else {
                throw invalid(fieldValue, "\(path).can", "expected read/propose/act/admin lists")
              }
              for (tierNode, targets) in byTier {
                let tier = try string(tierNode, "\(path).can")
                guard let edgeKind = permissions[tier] else {
                  throw invalid(tierNode, "\(path).can", "'\(tier)' is not read, propose, act or admin")
                }
                relations.append((edgeKind, targets, "\(path).can.\(tier)"))
              }
            } else if field == "kinds" {
              kinds += try (fieldValue.sequence.map(Array.init) ?? [fieldValue]).map { try string($0, "\(path).kinds") }
            } else {
              properties[field] = try value(fieldValue, "\(path).\(field)")
            }
          }
        } else if !(details.null != nil || details.scalar?.string == "") {
          throw invalid(details, path, "expected a mapping of details (or nothing)")
        }
        guard kinds.count <= GraphBuilder.maxKinds else {
          throw invalid(idNode, "\(path).kinds", "a node may have at most 3 kinds")
        }
        sink.node(id, kinds, properties, at: location(idNode, path))
        for (edgeKind, targets, relationPath) in relations {
          for target in targets.sequence.map(Array.init) ?? [targets] {
            let (to, edgeProperties) = try edgeTarget(target, relationPath)
            let (start, end) = InventoryImporter.givenToOthers.contains(edgeKind) ? (to, id) : (id, to)
            sink.edge(edgeKind, start, end, edgeProperties, at: location(target, relationPath))
          }
        }
      }
    }

    /// A relationship target: an id, or a mapping with `to` and edge properties.
    func edgeTarget(_ node: Node, _ path: String) throws -> (String, Properties) {
      guard let map = node.mapping else { return (try string(node, path), Properties()) }
      guard let to = map["to"] else { throw invalid(node, path, "a relationship mapping needs 'to'") }
      var properties = Properties()
      for (keyNode, value) in map where keyNode.string != "to" {
        let key = try string(keyNode, path)
        properties[key] = try self.value(value, "\(path).\(key)")
      }
      return (try string(to, "\(path).to"), properties)
    }

    /// Edges written as `a -Kind-> b key=value`, or as mappings with from, kind, to.
    mutating func edgeList(_ node: Node) throws {
      guard let items = node.sequence else { throw invalid(node, "edges", "expected a list of edges") }
      for (i, item) in items.enumerated() {
        let path = "edges[\(i)]"
        let from: String
        let kind: String
        let to: String
        var properties = Properties()
        if let map = item.mapping {
          guard let f = map["from"], let k = map["kind"], let t = map["to"] else {
            throw invalid(item, path, "an edge needs from, kind and to")
          }
          (from, kind, to) = (try string(f, "\(path).from"), try string(k, "\(path).kind"), try string(t, "\(path).to"))
          for (keyNode, value) in map where !["from", "kind", "to"].contains(keyNode.string ?? "") {
            properties[try string(keyNode, path)] = try self.value(value, path)
          }
        } else {
          let words = try string(item, path).split(separator: " ").map(String.init)
          guard words.count >= 3, words[1].hasPrefix("-"), words[1].hasSuffix("->"), words[1].count > 3 else {
            throw invalid(item, path, "write an edge as 'a -Kind-> b key=value ...'")
          }
          (from, kind, to) = (words[0], String(words[1].dropFirst().dropLast(2)), words[2])
          for word in words.dropFirst(3) {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw invalid(item, path, "'\(word)' is not key=value") }
            properties[parts[0]] = Self.inlineValue(parts[1])
          }
        }
        sink.edge(kind, from, to, properties, at: location(item, path))
      }
    }

    /// Explicit correlation: lists of ids that are one person or workload in several systems.
    mutating func sameAs(_ node: Node) throws {
      guard let groups = node.sequence else { throw invalid(node, "same_as", "expected a list of id lists") }
      for (i, group) in groups.enumerated() {
        let ids = try (group.sequence.map(Array.init) ?? []).map { try string($0, "same_as[\(i)]") }
        guard ids.count >= 2 else { throw invalid(group, "same_as[\(i)]", "list at least two ids that are the same identity") }
        for other in ids.dropFirst() {
          for (from, to) in [(ids[0], other), (other, ids[0])] {
            sink.edge(
              BuiltInKind.actsAs, from, to, Properties([("correlation", .string("mapping"))]),
              at: location(group, "same_as[\(i)]"))
          }
        }
      }
    }

    /// A value written inline in an edge line: booleans, numbers, `a|b` lists, else text.
    static func inlineValue(_ text: String) -> PropertyValue {
      if text.contains("|") { return .array(text.split(separator: "|").map { inlineValue(String($0)) }) }
      if text == "true" || text == "false" { return .bool(text == "true") }
      if Double(text) != nil { return .number(text) }
      return .string(text)
    }
  }
}

extension YamlError {
  var line: Int {
    switch self {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
    default: 1
    }
  }

  var column: Int {
    switch self {
    case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.column
    default: 1
    }
  }

  var summary: String {
    switch self {
    case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
    default: "\(self)"
    }
  }
}

extension InventoryImporter: FormatClaim {
  static let format = InputFormat.inventory
  static let displayName = "YAML inventory"

  static func claim(_ document: DocumentShape) -> Claim? {
    // Any YAML another format is not sure of.
    document.isJSON ? nil : .fallback
  }
}
