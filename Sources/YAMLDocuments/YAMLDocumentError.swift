import Yams

/// Why a YAML document (a rules file, a changes file, an inventory) could not be used. Each
/// case names the file, and the line and column where the YAML library gave one.
public enum YAMLDocumentError: Error, CustomStringConvertible {
  /// The file could not be read; `document` says what it was meant to be ("rules file").
  case unreadable(file: String, document: String)
  /// The bytes are not UTF-8 text.
  case notText(file: String, document: String)
  /// The text is not well-formed YAML.
  case syntax(file: String, YamlError)
  /// Aliases that would expand past `limit` nodes.
  case aliasBomb(file: String, line: Int, column: Int, alias: String, limit: Int)
  /// Well-formed YAML that says something the document does not allow, at the node's
  /// position when the library knows it.
  case invalid(file: String, line: Int?, column: Int?, message: String)

  public var description: String {
    switch self {
    case .unreadable(let file, let document): "\(file): cannot read the \(document)"
    case .notText(let file, let document): "\(file): the \(document) is not UTF-8 text"
    case .syntax(let file, let error): "\(file): malformed YAML: \(error)"
    case .aliasBomb(let file, let line, let column, let alias, let limit):
      "\(file):\(line):\(column): at *\(alias): \(Self.aliasBombMessage(limit: limit))"
    case .invalid(let file, let line?, let column?, let message): "\(file):\(line):\(column): \(message)"
    case .invalid(let file, let line?, nil, let message): "\(file):\(line): \(message)"
    case .invalid(let file, _, _, let message): "\(file): \(message)"
    }
  }

  /// What an alias bomb is refused with, without the file and place.
  public static func aliasBombMessage(limit: Int) -> String {
    "aliases expand to more than \(limit) nodes (a YAML alias bomb?); pathscan refuses to expand them"
  }
}
