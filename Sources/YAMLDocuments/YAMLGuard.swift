/// Bounds what YAML aliases can expand to before the YAML library sees the text.
///
/// The library expands aliases without a limit, so a few hundred bytes of nested aliases (the
/// "billion laughs") grow to gigabytes. Each anchor is weighed by the aliases inside what it
/// names (the rest of its line and the lines indented deeper below it), recursively; the
/// document's weight is its aliases' weights summed. Over `limit`, the file is refused.
public enum YAMLGuard {
  /// The most nodes that aliases may add to one file.
  public static let limit = 100_000

  /// Throws `YAMLDocumentError.aliasBomb` naming the alias that goes over the limit.
  /// - Complexity: O(n) in the text, plus O(a) per anchor for its region.
  public static func check(_ text: String, file: String) throws {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
    var weight: [String: Int] = [:]
    var total = 0
    // Anchors whose region is still open: name, indentation of the line that opened it, and
    // the weight gathered so far.
    var open: [(name: String, indent: Int, weight: Int)] = []
    for (number, line) in lines.enumerated() {
      let indent = line.prefix { $0 == 0x20 }.count
      let blank = line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
      if !blank {
        while let last = open.last, indent <= last.indent {
          weight[last.name] = last.weight
          open.removeLast()
        }
      }
      for (marker, name, column) in markers(line) {
        if marker == UInt8(ascii: "&") {
          open.append((name, indent, 1))
        } else {
          let w = weight[name] ?? open.first(where: { $0.name == name })?.weight ?? 1
          total += w
          for i in open.indices { open[i].weight += w }
          if total > limit || open.contains(where: { $0.weight > limit }) {
            throw YAMLDocumentError.aliasBomb(file: file, line: number + 1, column: column, alias: name, limit: limit)
          }
        }
      }
    }
  }

  /// Anchors (`&name`) and aliases (`*name`) on a line, outside quotes and comments, with
  /// their columns.
  static func markers(_ line: [UInt8]) -> [(UInt8, String, Int)] {
    var found: [(UInt8, String, Int)] = []
    var quote: UInt8? = nil
    var i = 0
    while i < line.count {
      let c = line[i]
      if let q = quote {
        if c == q { quote = nil }
      } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
        quote = c
      } else if c == UInt8(ascii: "#") && (i == 0 || line[i - 1] == 0x20) {
        break
      } else if c == UInt8(ascii: "&") || c == UInt8(ascii: "*"),
        i == 0 || [0x20, 0x09, UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ":")].contains(line[i - 1])
      {
        var j = i + 1
        while j < line.count, !([0x20, 0x09, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(line[j])) {
          j += 1
        }
        if j > i + 1 { found.append((c, String(decoding: line[(i + 1)..<j], as: UTF8.self), i + 1)) }
        i = j
        continue
      }
      i += 1
    }
    return found
  }
}
