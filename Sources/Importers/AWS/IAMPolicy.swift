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
  /// The condition block, one clause per operator and key; all must hold.
  var conditions: [IAMCondition]
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
        file: file, line: nil, column: nil, path: "\(path).Statement",
        message: "expected an object or array, found \(other.typeDescription)")
    }
    let statements = raw.enumerated().map { i, s in
      var statement = IAMStatement(
        allow: s["Effect"]?.stringValue != "Deny",
        actions: strings(s["Action"] ?? s["NotAction"]), notAction: s["Action"] == nil && s["NotAction"] != nil,
        resources: strings(s["Resource"] ?? s["NotResource"] ?? .string("*")),
        notResource: s["Resource"] == nil && s["NotResource"] != nil,
        principals: principals(s["Principal"]), conditions: conditions(s["Condition"]),
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

  static func conditions(_ value: JSONValue?) -> [IAMCondition] {
    guard case .object(let operators)? = value else { return [] }
    return operators.flatMap { op in
      guard case .object(let keys) = op.value else { return [IAMCondition]() }
      return keys.map { IAMCondition(operator: op.key, key: $0.key, values: strings($0.value)) }
    }
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

/// The tier an IAM action amounts to, by its verb.
enum IAMActionTier {
  static func of(_ action: String) -> Tier {
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
