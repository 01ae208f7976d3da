import AccessGraph

/// The one way importers write nodes and edges: a document's records are collected here under
/// the importer's stated merge policies and handed to the builder in the order first seen,
/// nodes before edges, each at its place in the file or with its record named for the load
/// report. The streaming OpenGraph reader alone writes to the builder as it reads, so that a
/// gigabyte export is never held twice.
struct GraphSink {
  /// What a node id given again does.
  enum NodePolicy {
    /// Every record reaches the builder, which merges equal duplicates and reports
    /// conflicting ones: for formats whose records are independent (an API response).
    case keepAll
    /// The first record of an id stands; later ones are the same entity seen again.
    case firstWins
    /// Later records add the properties the first lacks.
    case mergeProperties
  }

  /// What an edge (start, kind, end) given again does.
  enum EdgePolicy {
    case keepAll
    case firstWins
    /// The edge keeps one record; `merge` folds each later record's properties into it (the
    /// evidence of several derivations of the same grant).
    case accumulate(merge: (_ kept: inout Properties, _ again: Properties) -> Void)
  }

  let file: String
  let nodePolicy: NodePolicy
  let edgePolicy: EdgePolicy
  private var nodes: [(id: String, kinds: [String], properties: Properties, at: SourceLocation?)] = []
  private var nodeIndex: [String: Int] = [:]
  /// Nodes given only as the end of an edge (a member's id), which the summary does not count.
  private var references = 0
  private var edges: [(key: EdgeKey, end: EndpointReference, properties: Properties, at: SourceLocation?)] = []
  private var edgeIndex: [EdgeKey: Int] = [:]

  private struct EdgeKey: Hashable {
    var from: String
    var kind: String
    var to: String
  }

  init(file: String, nodes: NodePolicy = .keepAll, edges: EdgePolicy = .keepAll) {
    self.file = file
    nodePolicy = nodes
    edgePolicy = edges
  }

  /// The records the document contributed after merging: nodes other than references, and
  /// edges.
  var counts: (nodes: Int, edges: Int) { (nodes.count - references, edges.count) }

  /// Records a node under the node policy, at `location` (its id names the record when the
  /// format has no better place).
  /// - Complexity: O(1) amortised, plus O(p) in its properties when they merge.
  mutating func node(
    _ id: String, _ kinds: [String], _ properties: Properties = Properties(), at location: SourceLocation? = nil
  ) {
    if let i = nodeIndex[id] {
      switch nodePolicy {
      case .keepAll: break
      case .firstWins: return
      case .mergeProperties:
        for (k, v) in properties where nodes[i].properties[k] == nil { nodes[i].properties[k] = v }
        return
      }
    }
    nodeIndex[id] = nodes.count
    nodes.append((id, kinds, properties, location))
  }

  /// A node known only by reference, as the end of an edge: the builder merges it with the
  /// node's own record when the document (or another) has one.
  mutating func reference(_ id: String, _ kinds: [String], at location: SourceLocation? = nil) {
    let before = nodes.count
    node(id, kinds, at: location)
    if nodes.count > before { references += 1 }
  }

  /// Records an edge between two node ids under the edge policy.
  /// - Complexity: O(1) amortised, plus the merge's cost for a repeated edge.
  mutating func edge(
    _ kind: String, _ from: String, _ to: String, _ properties: Properties = Properties(), at location: SourceLocation? = nil
  ) {
    edge(kind, from, .id(to), named: to, properties, at: location)
  }

  /// Records an edge whose end is found by its properties (`named` stands for it in the
  /// record's name and in the duplicate check).
  mutating func edge(
    _ kind: String, _ from: String, _ end: EndpointReference, named: String, _ properties: Properties = Properties(),
    at location: SourceLocation? = nil
  ) {
    let key = EdgeKey(from: from, kind: kind, to: named)
    if let i = edgeIndex[key] {
      switch edgePolicy {
      case .keepAll: break
      case .firstWins: return
      case .accumulate(let merge):
        merge(&edges[i].properties, properties)
        return
      }
    }
    edgeIndex[key] = edges.count
    edges.append((key, end, properties, location))
  }

  /// A node that stands for a whole area (a tenant, a cluster's admin), which many grants
  /// reach.
  struct Area {
    let id: String
    let kinds: [String]
    let properties: Properties
  }

  /// An area's node, under the node policy.
  mutating func node(_ area: Area) { node(area.id, area.kinds, area.properties) }

  /// An edge from `from` to an area's node, with the node, given as often as grants reach it
  /// (the node policy keeps one).
  mutating func edge(_ kind: String, _ from: String, toArea area: Area, _ properties: Properties = Properties()) {
    node(area)
    edge(kind, from, area.id, properties)
  }

  /// Hands everything recorded to `builder` and returns the counts.
  /// - Throws: what the builder throws for a record it cannot take (too many kinds).
  /// - Complexity: O(n + e).
  func emit(into builder: inout GraphBuilder) throws -> (nodes: Int, edges: Int) {
    for n in nodes {
      try builder.addNode(
        id: n.id, kinds: n.kinds, properties: n.properties, at: n.at ?? SourceLocation(file: file, record: .named(n.id)))
    }
    for e in edges {
      try builder.addEdge(
        kind: e.key.kind, start: .id(e.key.from), end: e.end, properties: e.properties,
        at: e.at ?? SourceLocation(file: file, record: .named("\(e.key.from) \(e.key.kind) \(e.key.to)")))
    }
    return counts
  }
}
