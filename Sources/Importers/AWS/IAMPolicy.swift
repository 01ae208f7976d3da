import AccessGraph
import Foundation

/// One statement of an IAM policy, as far as pathscan evaluates it.
struct IAMStatement: Sendable {
  var allow: Bool
  /// Action patterns, or the complement when `notAction`.
  var actions: [String]
  var notAction: Bool
  var resources: [String]
  var notResource: Bool
  /// Principal patterns by type (`AWS`, `Service`, `Federated`), for trust policies.
  var principals: [String: [String]]
  /// Condition keys; pathscan cannot evaluate them, so edges they guard are marked conditional.
  var conditionKeys: [String]
  /// `StringEquals`-style condition values by key, kept for correlation (e.g. OIDC `sub`).
  var conditionValues: [String: [String]]
  /// Where it came from: `policy NAME statement N`.
  var origin: String

  /// Action patterns lower-cased once, since actions match case-insensitively.
  var loweredActions: [[UInt8]] = []

  /// Whether the statement covers `action` (already lower-cased) on `resource`, with `*` and
  /// `?` wildcards.
  func covers(loweredAction action: [UInt8], resource: [UInt8]) -> Bool {
    let actionMatch = loweredActions.contains { IAMPattern.matches($0, action) }
    guard actionMatch != notAction else { return false }
    let resourceMatch = resources.contains { IAMPattern.matches(Array($0.utf8), resource) }
    return resourceMatch != notResource
  }
}

/// A policy document: statements in order.
struct IAMPolicy: Sendable {
  var name: String
  var statements: [IAMStatement]

  /// Parses a policy document (an object, or a URL-encoded JSON string as some exports keep it).
  static func parse(_ value: JSONValue, name: String, file: String, path: String) throws -> IAMPolicy {
    var document = value
    if case .string(let text) = value {
      let decoded = text.removingPercentEncoding ?? text
      document = try JSONReader.read(Array(decoded.utf8), file: file) { reader in
        _ = reader.peek()
        return try reader.readValue()
      }
    }
    let raw: [JSONValue]
    switch document["Statement"] {
    case .array(let items)?: raw = items
    case .object?: raw = [document["Statement"]!]
    case nil: raw = []
    case let other?:
      throw ImportError.invalid(
        file: file, line: 1, column: 1, path: "\(path).Statement",
        message: "expected an object or array, found \(other.typeDescription)")
    }
    let statements = raw.enumerated().map { i, s in
      var statement = IAMStatement(
        allow: s["Effect"]?.stringValue != "Deny",
        actions: strings(s["Action"] ?? s["NotAction"]), notAction: s["Action"] == nil && s["NotAction"] != nil,
        resources: strings(s["Resource"] ?? s["NotResource"] ?? .string("*")),
        notResource: s["Resource"] == nil && s["NotResource"] != nil,
        principals: principals(s["Principal"]), conditionKeys: conditionKeys(s["Condition"]),
        conditionValues: conditionValues(s["Condition"]),
        origin: "policy \(name) statement \(s["Sid"]?.stringValue ?? String(i))")
      statement.loweredActions = statement.actions.map { Array($0.lowercased().utf8) }
      return statement
    }
    return IAMPolicy(name: name, statements: statements)
  }

  static func strings(_ value: JSONValue?) -> [String] {
    switch value {
    case .string(let s)?: [s]
    case .array(let items)?: items.compactMap(\.stringValue)
    default: []
    }
  }

  static func principals(_ value: JSONValue?) -> [String: [String]] {
    switch value {
    case .string(let s)?: ["AWS": [s]]
    case .object(let pairs)?: Dictionary(pairs.map { ($0.key, strings($0.value)) }, uniquingKeysWith: +)
    default: [:]
    }
  }

  static func conditionKeys(_ value: JSONValue?) -> [String] {
    guard case .object(let operators)? = value else { return [] }
    return operators.flatMap { op in
      guard case .object(let keys) = op.value else { return [String]() }
      return keys.map { "\(op.key):\($0.key)" }
    }
  }

  static func conditionValues(_ value: JSONValue?) -> [String: [String]] {
    guard case .object(let operators)? = value else { return [:] }
    var values: [String: [String]] = [:]
    for op in operators {
      guard case .object(let keys) = op.value else { continue }
      for (key, v) in keys { values[key, default: []] += strings(v) }
    }
    return values
  }
}

/// IAM's wildcard matching: `*` any run, `?` any one character.
enum IAMPattern {
  /// Matches strings, lower-casing both first when `caseInsensitive`.
  static func matches(_ pattern: String, _ text: String, caseInsensitive: Bool) -> Bool {
    matches(
      Array((caseInsensitive ? pattern.lowercased() : pattern).utf8), Array((caseInsensitive ? text.lowercased() : text).utf8))
  }

  static func matches(_ p: [UInt8], _ t: [UInt8]) -> Bool { Wildcard.matches(p, t, anyOne: UInt8(ascii: "?")) }
}

/// What a principal's policies allow, after explicit denies.
struct IAMPermissions {
  var statements: [IAMStatement] {
    didSet { split() }
  }
  private(set) var allows: [IAMStatement] = []
  /// Unconditional explicit denies: a conditional Deny may not apply, so it removes nothing.
  private(set) var denies: [IAMStatement] = []

  init(statements: [IAMStatement]) {
    self.statements = statements
    split()
  }

  private mutating func split() {
    allows = statements.filter(\.allow)
    denies = statements.filter { !$0.allow && $0.conditionKeys.isEmpty }
  }

  /// The allowing statement for `action` on `resource`, unless an explicit Deny covers it;
  /// nil when nothing allows it. Unconditional allows are preferred as evidence.
  func allowing(_ action: String, on resource: String) -> IAMStatement? {
    let a = Array(action.lowercased().utf8)
    let r = Array(resource.utf8)
    guard !denied(a, r) else { return nil }
    var conditional: IAMStatement?
    for s in allows where s.covers(loweredAction: a, resource: r) {
      if s.conditionKeys.isEmpty { return s }
      conditional = conditional ?? s
    }
    return conditional
  }

  /// Whether an explicit Deny covers the (lower-cased) action on the resource.
  func denied(_ action: [UInt8], _ resource: [UInt8]) -> Bool {
    denies.contains { $0.covers(loweredAction: action, resource: resource) }
  }

  /// The tier an action amounts to, by its verb.
  static func tier(of action: String) -> Tier {
    let verb = action.split(separator: ":").last.map(String.init)?.lowercased() ?? action.lowercased()
    if verb == "*" || action.hasPrefix("iam:") && !verb.hasPrefix("get") && !verb.hasPrefix("list") { return .admin }
    if ["get", "list", "describe", "read", "view", "head", "select", "scan", "query", "search", "lookup"].contains(
      where: verb.hasPrefix)
    {
      return .read
    }
    if verb.hasPrefix("tag") || verb.hasPrefix("untag") { return .propose }
    if ["putbucketpolicy", "putkeypolicy", "setiampolicy", "putresourcepolicy", "createaccesskey", "passrole"].contains(verb) {
      return .admin
    }
    return .act
  }
}
