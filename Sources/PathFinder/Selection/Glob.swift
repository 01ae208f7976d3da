import AccessGraph

/// A selector value compiled once: `|` separates alternatives and `*` stands for any run of
/// characters, matched on UTF-8 bytes by `Wildcard` (`?` is literal here).
struct Glob: Sendable {
  private let alternatives: [[UInt8]]

  /// Compiles `pattern`.
  /// - Complexity: O(p).
  init(_ pattern: String) {
    let listed = pattern.split(separator: "|")
    alternatives = (listed.isEmpty ? [""] : listed).map { Array($0.utf8) }
  }

  /// Whether `text` matches some alternative.
  /// - Complexity: O(p · t) worst case.
  func matches(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in alternatives.contains { Wildcard.matches($0, bytes) } }
  }
}
