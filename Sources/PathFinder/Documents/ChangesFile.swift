import AccessGraph
import YAMLDocuments
import Yams

/// Reads a what-if changes file (YAML, which includes JSON):
///
/// ```yaml
/// remove_edges: [{from: alice, kind: MemberOf, to: admins}]
/// add_edges: [{from: bot, kind: CanAct, to: prod-db, properties: {gated: true}}]
/// update_edges: [{from: svc, kind: CanAdmin, to: vault, properties: {expires: "2026-01-01T00:00:00Z"}}]
/// remove_nodes: [old-key]
/// ```
public enum ChangesFile {
  /// The changes the file at `path` states.
  /// - Throws: `YAMLDocumentError` naming the file, line and column of what is wrong.
  /// - Complexity: O(n) in the file's size.
  public static func load(_ path: String) throws -> GraphChanges {
    let yaml = try YAMLDocument(contentsOf: path, document: "changes file")
    var changes = GraphChanges()
    guard let map = yaml.root?.mapping else { return changes }
    for (keyNode, value) in map {
      switch try yaml.string(keyNode, "key") {
      case "add_edges": changes.addEdges = try edges(value, "add_edges", in: yaml)
      case "remove_edges": changes.removeEdges = try edges(value, "remove_edges", in: yaml)
      case "update_edges": changes.updateEdges = try edges(value, "update_edges", in: yaml)
      case "remove_nodes":
        changes.removeNodes = try yaml.sequence(value, "remove_nodes").map { try yaml.string($0, "node id") }
      case let other:
        throw yaml.error(
          keyNode,
          "unknown key '\(other)'\(Nearest.hint(for: other, among: ["add_edges", "remove_edges", "update_edges", "remove_nodes"])); use add_edges, remove_edges, update_edges, remove_nodes"
        )
      }
    }
    return changes
  }

  private static func edges(_ node: Node, _ key: String, in yaml: YAMLDocument) throws -> [GraphChanges.EdgeChange] {
    try yaml.sequence(node, key).map { item in
      guard let m = item.mapping, let from = m["from"], let kind = m["kind"], let to = m["to"] else {
        throw yaml.error(item, "each edge needs from, kind and to")
      }
      var properties = Properties()
      if let props = m["properties"]?.mapping {
        for (k, v) in props {
          let key = try yaml.string(k, "property")
          if let b = v.bool {
            properties[key] = .bool(b)
          } else if let s = v.scalar?.string {
            properties[key] = v.int != nil || v.float != nil ? .number(s) : .string(s)
          }
        }
      }
      return .init(
        from: try yaml.string(from, "from"), kind: try yaml.string(kind, "kind"), to: try yaml.string(to, "to"),
        properties: properties)
    }
  }
}
