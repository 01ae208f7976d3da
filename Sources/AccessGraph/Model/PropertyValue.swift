/// A primitive OpenGraph property value, or a homogeneous array of them.
///
/// Numbers keep the exact text they were written with, so export reproduces the input and
/// selectors compare by JSON text as docs/design.md asks.
public enum PropertyValue: Sendable, Hashable, CustomStringConvertible {
  case string(String)
  case number(String)
  case bool(Bool)
  case array([PropertyValue])

  /// The value as JSON text (`"a"`, `5`, `true`, `["a","b"]`).
  /// - Complexity: O(n) in the length of the value.
  public var jsonText: String {
    switch self {
    case .string(let s): JSONText.quote(s)
    case .number(let n): n
    case .bool(let b): b ? "true" : "false"
    case .array(let items): "[" + items.map(\.jsonText).joined(separator: ",") + "]"
    }
  }

  /// The text a selector term compares with: strings unquoted, everything else as JSON.
  /// - Complexity: O(n) in the length of the value.
  public var matchText: String {
    if case .string(let s) = self { return s }
    return jsonText
  }

  /// The string payload, if this is a string.
  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The boolean payload; the strings `"true"`/`"false"` count too, as exports often quote them.
  public var boolValue: Bool? {
    switch self {
    case .bool(let b): b
    case .string(let s) where s.lowercased() == "true": true
    case .string(let s) where s.lowercased() == "false": false
    default: nil
    }
  }

  public var description: String { matchText }
}

/// JSON string quoting shared by every writer in the project.
public enum JSONText {
  /// Returns `s` as a JSON string literal with the required escapes.
  /// - Complexity: O(n) in the length of `s`.
  public static func quote(_ s: String) -> String {
    var out = "\""
    out.reserveCapacity(s.utf8.count + 2)
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(scalar)
      }
    }
    out += "\""
    return out
  }
}

extension PropertyValue {
  /// The JSON text cut to a length a message can carry.
  public var excerpt: String { jsonText.excerpt }
}

extension String {
  /// The most characters of input a message quotes: an error line must not echo a megabyte
  /// value back.
  public static let excerptLimit = 120

  /// The text, or its first `excerptLimit` characters and how long it was.
  public var excerpt: String {
    guard count > Self.excerptLimit else { return self }
    return String(prefix(Self.excerptLimit)) + "… (\(utf8.count) bytes)"
  }
}
