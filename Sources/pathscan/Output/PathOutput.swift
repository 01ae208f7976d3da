import AccessGraph
import Foundation
import PathFinder
import Synchronization

/// A path in docs/design.md's JSON form: node ids as given, edge kinds, tier and flags.
struct PathJSON: Encodable, Equatable {
  var nodes: [String]
  var edges: [String]
  var tier: String
  var standing: Bool
  var gated: Bool
  /// True when some edge holds only under undecided policy conditions; absent otherwise.
  var conditional: Bool?
  var crossDomain: Bool
  var agentChain: Bool
  /// Display names beside `nodes` (null where the id says it all).
  var names: [String?]?
  /// Each edge with its evidence and the tier held after it.
  var steps: [PathStep]?

  init(
    nodes: [String], edges: [String], tier: String, standing: Bool, gated: Bool, crossDomain: Bool, agentChain: Bool,
    names: [String?]? = nil, steps: [PathStep]? = nil, conditional: Bool = false
  ) {
    self.conditional = conditional ? true : nil
    self.names = names
    self.steps = steps
    self.nodes = nodes
    self.edges = edges
    self.tier = tier
    self.standing = standing
    self.gated = gated
    self.crossDomain = crossDomain
    self.agentChain = agentChain
  }

  /// The flags a path has, by name: `just-in-time`, `gated`, `conditional`, `cross-domain`,
  /// `agent chain`.
  var flags: [String] {
    (standing ? [] : ["just-in-time"]) + (gated ? ["gated"] : []) + (conditional == true ? ["conditional"] : [])
      + (crossDomain ? ["cross-domain"] : [])
      + (agentChain ? ["agent chain"] : [])
  }

  init(_ path: PrivilegePath, in view: TraversalView) {
    let graph = view.graph
    names = PathEvidence.names(path, in: graph)
    steps = PathEvidence.steps(path, in: view)
    nodes = path.nodes.map(graph.id(of:))
    edges = path.edges.map(graph.kindName(of:))
    tier = path.tier.description
    standing = path.standing
    gated = path.gated
    conditional = path.conditional ? true : nil
    crossDomain = path.crossDomain
    agentChain = path.agentChain
  }
}

/// Encodes command results as stable, pretty JSON (sorted keys, no escaped slashes).
enum JSONOutput {
  static func string(_ value: some Encodable) throws -> String {
    String(decoding: try data(value), as: UTF8.self)
  }

  static func data(_ value: some Encodable) throws -> Data { try encoder.encode(value) }

  private static var encoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return encoder
  }

  /// The same text as `string(report)`, handed to `write` a few hundred findings at a time,
  /// so a report of a quarter of a million findings is never encoded whole.
  static func stream(_ report: FindingReport, _ write: (String) throws -> Void) throws {
    var skeleton = report
    skeleton.findings = []
    let text = try string(skeleton)
    // The encoder writes an empty top-level array as `[`, a blank line and `  ]`.
    let empty = "\n  \"findings\" : [\n\n  ]"
    guard !report.findings.isEmpty, let range = text.range(of: empty) else { return try write(text) }
    try write(text[..<range.lowerBound] + "\n  \"findings\" : [")
    // Batches of findings encoded as arrays: the array's lines, brackets dropped, sit two
    // spaces deeper in the report; blank lines (inside empty arrays) stay blank. Bytes, not
    // Characters: splitting megabytes of text into Strings cost a second at scale 1. A few
    // batches a core are encoded at once, each by its own encoder, and written in order.
    let batch = 512
    let findings = report.findings
    let starts = Array(stride(from: 0, to: findings.count, by: batch))
    let window = 4 * ProcessInfo.processInfo.activeProcessorCount
    for first in stride(from: 0, to: starts.count, by: window) {
      let group = Array(starts[first..<min(first + window, starts.count)])
      let results = Mutex([Result<String, any Error>?](repeating: nil, count: group.count))
      DispatchQueue.concurrentPerform(iterations: group.count) { k in
        let start = group[k]
        let result = Result {
          reindented(try encoder.encode(Array(findings[start..<min(start + batch, findings.count)])), first: start == 0)
        }
        results.withLock { $0[k] = result }
      }
      for result in results.withLock({ $0 }) { try write(try result!.get()) }
    }
    try write("\n  ]" + text[range.upperBound...])
  }

  /// One batch's encoded array as lines of the report's findings array: the brackets'
  /// lines dropped, two spaces deeper, a comma first unless it is the first batch.
  private static func reindented(_ encoded: Data, first: Bool) -> String {
    let newline = UInt8(ascii: "\n")
    // Drop the first line ("[") and the last ("]"); keep the newline before each line.
    var out: [UInt8] = first ? [] : [UInt8(ascii: ",")]
    out.reserveCapacity(encoded.count + encoded.count / 8)
    encoded.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
      let first = bytes.firstIndex(of: newline)!
      let last = bytes.lastIndex(of: newline)!
      var i = first
      while i < last {
        out.append(newline)
        if bytes[i + 1] != newline { out += [UInt8(ascii: " "), UInt8(ascii: " ")] }
        var end = i + 1
        while end < last && bytes[end] != newline { end += 1 }
        out.append(contentsOf: bytes[(i + 1)..<end])
        i = end
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// Renders paths for people: one line a path, arrows labelled with edge kinds, then flags.
enum PathText {
  static func line(_ path: PathJSON) -> String {
    func node(_ i: Int) -> String { PathEvidence.label(path.nodes[i], name: path.names?[i] ?? nil) }
    var text = node(0)
    for (i, kind) in path.edges.enumerated() { text += " -[\(kind)]-> \(node(i + 1))" }
    return text + "  ["
      + ([path.tier, path.standing ? "standing" : "just-in-time"] + path.flags.filter { $0 != "just-in-time" })
      .joined(separator: ", ") + "]"
  }
}

/// Left-aligned columns for terminal tables.
enum Table {
  static func render(header: [String], rows: [[String]]) -> String {
    var widths = header.map(\.count)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    func format(_ row: [String]) -> String {
      row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
      }
      .joined(separator: "  ")
    }
    return ([format(header)] + rows.map(format)).joined(separator: "\n")
  }
}
