import AccessGraph

/// Writes an `AccessGraph` as BloodHound OpenGraph JSON that imports back to an equal graph.
///
/// One node or edge a line, in graph order, so that exports diff well.
public enum OpenGraphWriter {
  /// The OpenGraph JSON text of `graph`.
  /// - Complexity: O(n + e) in the graph plus the size of its properties.
  public static func json(for graph: AccessGraph) -> String {
    var out = "{\n  \"graph\": {\n    \"nodes\": [\n"
    out.reserveCapacity(64 * (graph.nodeCount + 2 * graph.edgeCount))
    for n in 0..<graph.nodeCount {
      out += "      {\"id\": \(JSONText.quote(graph.id(of: n))), \"kinds\": ["
      out += graph.kindNames(of: n).map(JSONText.quote).joined(separator: ", ")
      out += "]"
      append(graph.properties(of: n), to: &out)
      out += n + 1 < graph.nodeCount ? "},\n" : "}\n"
    }
    out += "    ],\n    \"edges\": [\n"
    for s in 0..<graph.nodeCount {
      let start = JSONText.quote(graph.id(of: s))
      for e in graph.outEdges(of: s) {
        out +=
          "      {\"kind\": \(JSONText.quote(graph.kindName(of: e))), \"start\": {\"value\": \(start), \"match_by\": \"id\"}, "
        out += "\"end\": {\"value\": \(JSONText.quote(graph.id(of: graph.target(of: e)))), \"match_by\": \"id\"}"
        append(graph.properties(ofEdge: e), to: &out)
        out += e + 1 < graph.edgeCount ? "},\n" : "}\n"
      }
    }
    out += "    ]\n  }\n}\n"
    return out
  }

  private static func append(_ properties: Properties, to out: inout String) {
    guard !properties.isEmpty else { return }
    out += ", \"properties\": {"
    var first = true
    for (key, value) in properties {
      if !first { out += ", " }
      first = false
      out += JSONText.quote(key) + ": " + value.jsonText
    }
    out += "}"
  }
}
