import AccessGraph
import PathFinder

/// Counts every kind in a graph with how the manifest maps it.
struct KindCensus {
  struct Row: Encodable {
    var kind: String
    var count: Int
    var mapping: String
    var traversed: Bool
  }

  let nodeRows: [Row]
  let edgeRows: [Row]

  init(view: TraversalView) {
    let graph = view.graph
    var nodeCounts = [Int](repeating: 0, count: graph.kinds.count)
    var edgeCounts = [Int](repeating: 0, count: graph.kinds.count)
    for n in 0..<graph.nodeCount { for k in graph.kindIDs(of: n) { nodeCounts[Int(k)] += 1 } }
    for e in 0..<graph.edgeCount { edgeCounts[Int(graph.kindID(of: e))] += 1 }
    let manifest = view.manifest
    nodeRows = graph.kinds.names.indices.filter { nodeCounts[$0] > 0 }.map { k in
      let name = graph.kinds.names[k]
      let category = manifest.nodeKinds[name]
      return Row(kind: name, count: nodeCounts[k], mapping: category.map { "category \($0)" } ?? "unmapped", traversed: true)
    }.sorted { ($0.count, $1.kind) > ($1.count, $0.kind) }
    edgeRows = graph.kinds.names.indices.filter { edgeCounts[$0] > 0 }.map { k in
      let name = graph.kinds.names[k]
      guard manifest.maps(edgeKind: name) else {
        return Row(kind: name, count: edgeCounts[k], mapping: "unmapped: not traversed", traversed: false)
      }
      let rule = manifest.rule(forEdgeKind: name)
      var mapping = "class \(rule.edgeClass)"
      if let tier = rule.tier { mapping += rule.edgeClass == .permission ? ", tier \(tier)" : ", cap \(tier)" }
      if rule.edgeClass == .pivot, let requires = rule.requiresTier { mapping += ", requires \(requires)" }
      return Row(kind: name, count: edgeCounts[k], mapping: mapping, traversed: rule.edgeClass != .none)
    }.sorted { ($0.count, $1.kind) > ($1.count, $0.kind) }
  }

  /// Edges whose kind no manifest maps.
  var unmappedEdgeEdges: Int {
    edgeRows.filter { $0.mapping.hasPrefix("unmapped") }.reduce(0) { $0 + $1.count }
  }
}
