import AccessGraph
import Foundation

/// Builds small graphs from a few lines of text, for tests that state exact answers.
///
/// ```
/// alice: Human domain=support
/// team: Group
/// alice -MemberOf-> team
/// team -CanRead-> vault tier=read requiresApproval=true
/// ```
/// A node line is `id: Kind[,Kind] key=value...`; an edge line is `a -Kind-> b key=value...`.
/// Values `true`/`false` become booleans, numbers stay numbers, anything else is a string;
/// `a|b` makes a string array. Edges may name nodes defined on later lines.
public enum Sketch {
  public static func graph(_ text: String, strict: Bool = false) throws -> AccessGraph {
    try build(text, strict: strict).graph
  }

  public static func build(_ text: String, strict: Bool = false) throws -> (graph: AccessGraph, report: BuildReport) {
    var builder = GraphBuilder()
    for (number, raw) in text.split(separator: "\n").enumerated() {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") { continue }
      let words = line.split(separator: " ").map(String.init)
      let location = SourceLocation(file: "sketch", line: number + 1)
      if words.count >= 3, words[1].hasPrefix("-"), words[1].hasSuffix("->") {
        let kind = String(words[1].dropFirst().dropLast(2))
        try builder.addEdge(
          kind: kind, start: .id(words[0]), end: .id(words[2]), properties: properties(words.dropFirst(3)), at: location)
      } else {
        precondition(words[0].hasSuffix(":"), "sketch line \(number + 1) is neither a node nor an edge: \(line)")
        let kinds = words.count > 1 ? words[1].split(separator: ",").map(String.init) : []
        try builder.addNode(
          id: String(words[0].dropLast()), kinds: kinds, properties: properties(words.dropFirst(2)), at: location)
      }
    }
    return try builder.build(strict: strict)
  }

  static func properties(_ words: ArraySlice<String>) -> Properties {
    Properties(
      words.map { word in
        let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
        return (parts[0], value(parts.count > 1 ? parts[1] : "true"))
      })
  }

  static func value(_ text: String) -> PropertyValue {
    if text.contains("|") { return .array(text.split(separator: "|").map { value(String($0)) }) }
    if text == "true" || text == "false" { return .bool(text == "true") }
    if Double(text) != nil { return .number(text) }
    return .string(text)
  }
}
