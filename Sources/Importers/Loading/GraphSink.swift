import AccessGraph

/// Adds an importer's nodes and edges to the builder, all located in one file, and counts
/// them for the load summary.
struct GraphSink {
  let file: String
  private(set) var nodes = 0
  private(set) var edges = 0

  init(file: String) { self.file = file }

  var counts: (nodes: Int, edges: Int) { (nodes, edges) }

  mutating func node(_ id: String, _ kinds: [String], _ properties: Properties = Properties(), into builder: inout GraphBuilder)
    throws
  {
    try builder.addNode(id: id, kinds: kinds, properties: properties, at: SourceLocation(file: file))
    nodes += 1
  }

  mutating func edge(
    _ kind: String, _ from: String, _ to: String, _ properties: Properties = Properties(), into builder: inout GraphBuilder
  ) throws {
    try builder.addEdge(kind: kind, start: .id(from), end: .id(to), properties: properties, at: SourceLocation(file: file))
    edges += 1
  }
}
