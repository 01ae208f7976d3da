/// Checks the shape of TOML text before the TOML library sees it.
///
/// The library (toml++) stops the whole process on an assertion for some malformed input
/// (`a=1\n[mcp_servers]\n[\n`, or a JSON array read as TOML), which no Swift code can catch.
/// So untrusted text goes to it only when every line is what TOML allows where it stands: a
/// table header, a `key = value` line (whose value may run over several lines inside
/// brackets, braces or triple quotes), a comment or nothing.
enum TOMLGuard {
  /// Throws `ImportError.syntax` at the first line that is none of those.
  /// - Complexity: O(n) in the text.
  static func check(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws {
    var depth = 0
    var multiline: [UInt8]? = nil
    var lineNumber = 0
    for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      lineNumber += 1
      let text = Array(line.drop { $0 == 0x20 || $0 == 0x09 })
      func fail(_ message: String) -> ImportError {
        ImportError.syntax(file: file, line: lineNumber, column: line.count - text.count + 1, message: message)
      }
      if multiline == nil && depth == 0 {
        if text.isEmpty || text == [0x0D] || text.first == UInt8(ascii: "#") { continue }
        if text.first == UInt8(ascii: "[") {
          guard isHeader(text) else { throw fail("a line starting with '[' must be a table header such as [mcp_servers.name]") }
          continue
        }
        guard let equals = firstOutsideStrings(UInt8(ascii: "="), in: text), isKey(Array(text[..<equals])) else {
          throw fail("expected key = value, a [table] header or a comment")
        }
        try scan(Array(text[(equals + 1)...]), depth: &depth, multiline: &multiline, fail: fail)
      } else {
        try scan(text, depth: &depth, multiline: &multiline, fail: fail)
      }
    }
    if multiline != nil || depth != 0 {
      throw ImportError.syntax(file: file, line: lineNumber, column: 1, message: "the file ends inside a value")
    }
  }

  /// Follows strings and brackets through part of a value.
  private static func scan(
    _ text: [UInt8], depth: inout Int, multiline: inout [UInt8]?, fail: (String) -> ImportError
  ) throws {
    var i = 0
    while i < text.count {
      let c = text[i]
      if let close = multiline {
        if text[i...].starts(with: close) {
          multiline = nil
          i += 3
        } else {
          i += (c == UInt8(ascii: "\\") && close.first == UInt8(ascii: "\"")) ? 2 : 1
        }
        continue
      }
      switch c {
      case UInt8(ascii: "#"): return
      case UInt8(ascii: "\""), UInt8(ascii: "'"):
        let triple = [c, c, c]
        if text[i...].starts(with: triple) {
          multiline = triple
          i += 3
          continue
        }
        i += 1
        while i < text.count && text[i] != c {
          i += (c == UInt8(ascii: "\"") && text[i] == UInt8(ascii: "\\")) ? 2 : 1
        }
        guard i < text.count else { throw fail("a string is not closed on its line") }
      case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
      case UInt8(ascii: "]"), UInt8(ascii: "}"):
        depth -= 1
        guard depth >= 0 else { throw fail("a bracket closes what was not opened") }
      default: break
      }
      i += 1
    }
  }

  /// `[a.b]` or `[[a.b]]` with bare or quoted keys, then perhaps a comment.
  static func isHeader(_ text: [UInt8]) -> Bool {
    var body = text
    while let last = body.last, [0x20, 0x09, 0x0D].contains(last) { body.removeLast() }
    if let hash = firstOutsideStrings(UInt8(ascii: "#"), in: body) {
      body = Array(body[..<hash])
      while let last = body.last, [0x20, 0x09].contains(last) { body.removeLast() }
    }
    let double = body.starts(with: Array("[[".utf8)) && body.reversed().starts(with: Array("]]".utf8))
    let open = double ? 2 : 1
    guard body.count > open * 2, body.first == UInt8(ascii: "["), body.last == UInt8(ascii: "]") else { return false }
    return isKey(Array(body[open..<(body.count - open)]))
  }

  /// A dotted key of bare (`A-Za-z0-9_-`) or quoted parts.
  static func isKey(_ text: [UInt8]) -> Bool {
    var parts: [[UInt8]] = [[]]
    var quote: UInt8? = nil
    for c in text {
      if let q = quote {
        parts[parts.count - 1].append(c)
        if c == q { quote = nil }
      } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
        quote = c
        parts[parts.count - 1].append(c)
      } else if c == UInt8(ascii: ".") {
        parts.append([])
      } else if c != 0x20 && c != 0x09 {
        parts[parts.count - 1].append(c)
      }
    }
    guard quote == nil else { return false }
    return parts.allSatisfy { part in
      guard let first = part.first else { return false }
      if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") { return part.count >= 2 && part.last == first }
      return part.allSatisfy { c in
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
      }
    }
  }

  private static func firstOutsideStrings(_ wanted: UInt8, in text: [UInt8]) -> Int? {
    var quote: UInt8? = nil
    for (i, c) in text.enumerated() {
      if let q = quote {
        if c == q { quote = nil }
      } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
        quote = c
      } else if c == wanted {
        return i
      }
    }
    return nil
  }
}
