/// A selector value compiled once: `|` separates alternatives and `*` stands for any run of
/// characters. Matching compares UTF-8 bytes, with no Foundation bridging in the loop.
struct Glob: Sendable {
  /// Each alternative as its literal pieces between `*`s; one piece means no wildcard.
  private let alternatives: [[[UInt8]]]

  /// Compiles `pattern`.
  /// - Complexity: O(p).
  init(_ pattern: String) {
    let listed = pattern.split(separator: "|")
    alternatives = (listed.isEmpty ? [""] : listed).map { alternative in
      alternative.split(separator: "*", omittingEmptySubsequences: false).map { Array($0.utf8) }
    }
  }

  /// Whether `text` matches some alternative.
  /// - Complexity: O(p · t) worst case.
  func matches(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { bytes in alternatives.contains { Self.matches($0, bytes) } }
  }

  private static func matches(_ pieces: [[UInt8]], _ text: UnsafeBufferPointer<UInt8>) -> Bool {
    let first = pieces[0]
    guard pieces.count > 1 else { return text.elementsEqual(first) }
    let last = pieces[pieces.count - 1]
    guard text.count >= first.count + last.count, text.starts(with: first), text.suffix(last.count).elementsEqual(last)
    else { return false }
    // Middle pieces, leftmost first, in what the first and last pieces leave.
    var from = first.count
    let end = text.count - last.count
    for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
      guard let at = find(piece, in: text, from: from, before: end) else { return false }
      from = at + piece.count
    }
    return true
  }

  private static func find(_ piece: [UInt8], in text: UnsafeBufferPointer<UInt8>, from: Int, before end: Int) -> Int? {
    guard end - from >= piece.count else { return nil }
    for start in from...(end - piece.count) where text[start] == piece[0] {
      if text[start..<(start + piece.count)].elementsEqual(piece) { return start }
    }
    return nil
  }
}
