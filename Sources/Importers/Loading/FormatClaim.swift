/// What detection reads of a document before choosing its importer.
struct DocumentShape {
  /// A JSON document's top-level keys: for an object its keys (read until a decisive one),
  /// for an array `[array]` and its first object's keys as `[key]`. Empty for text.
  let keys: Set<String>
  /// The keys in the order the document has them.
  let listed: [String]
  /// The same keys without brackets: PowerShell exports write one object or a list alike.
  let bareKeys: Set<String>
  /// The first 4 KB of a document that is not JSON; empty for JSON.
  let text: String

  init(keys: [String] = [], text: String = "") {
    self.keys = Set(keys)
    listed = keys
    bareKeys = Set(keys.map { $0.trimmingCharacters(in: ["[", "]"]) })
    self.text = text
  }

  var isJSON: Bool { text.isEmpty }

  func has(_ key: String) -> Bool { keys.contains(key) }
  func hasAny(_ candidates: [String]) -> Bool { candidates.contains(where: keys.contains) }
}

/// How sure a format is that a document is its own.
enum Claim: Comparable, Sendable {
  /// Only if no format is sure: MCP registry lists are any list, inventories any YAML.
  case fallback
  case sure
}

/// A format's claim on documents. Each importer states its own next to its reader;
/// `InputFormat.claimants` lists them, and detection asks every one, so that a document two
/// formats are sure of is refused by name instead of going to whichever was asked first.
protocol FormatClaim: Sendable {
  static var format: InputFormat { get }
  /// The format's name in messages and `--help`.
  static var displayName: String { get }
  /// Whether the list of formats names it apart (AWS's extra exports go with AWS IAM's name).
  static var isListedApart: Bool { get }
  /// - Complexity: O(number of keys the format looks for).
  static func claim(_ document: DocumentShape) -> Claim?
}

extension FormatClaim {
  static var isListedApart: Bool { true }
}
