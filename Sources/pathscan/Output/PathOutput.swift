import AccessGraph
import Foundation
import PathFinder

/// A path in DESIGN.md's JSON form: node ids as given, edge kinds, tier and flags.
struct PathJSON: Encodable, Equatable {
  var nodes: [String]
  var edges: [String]
  var tier: String
  var standing: Bool
  var gated: Bool
  var crossDomain: Bool
  var agentChain: Bool

  init(nodes: [String], edges: [String], tier: String, standing: Bool, gated: Bool, crossDomain: Bool, agentChain: Bool) {
    self.nodes = nodes
    self.edges = edges
    self.tier = tier
    self.standing = standing
    self.gated = gated
    self.crossDomain = crossDomain
    self.agentChain = agentChain
  }

  init(_ path: PrivilegePath, in graph: AccessGraph) {
    nodes = path.nodes.map(graph.id(of:))
    edges = path.edges.map(graph.kindName(of:))
    tier = path.tier.description
    standing = path.standing
    gated = path.gated
    crossDomain = path.crossDomain
    agentChain = path.agentChain
  }
}

/// Encodes command results as stable, pretty JSON (sorted keys, no escaped slashes).
enum JSONOutput {
  static func string(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }
}

/// Renders paths for people: one line a path, arrows labelled with edge kinds, then flags.
enum PathText {
  static func line(_ path: PathJSON) -> String {
    var text = path.nodes[0]
    for (i, kind) in path.edges.enumerated() { text += " -[\(kind)]-> \(path.nodes[i + 1])" }
    var flags = [path.tier, path.standing ? "standing" : "just-in-time"]
    if path.gated { flags.append("gated") }
    if path.crossDomain { flags.append("cross-domain") }
    if path.agentChain { flags.append("agent chain") }
    return text + "  [" + flags.joined(separator: ", ") + "]"
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
