/// A set of edits to an access graph: what a what-if analysis tries.
public struct GraphChanges: Sendable, Equatable {
  /// One edge by its ends and kind.
  public struct EdgeChange: Sendable, Equatable, CustomStringConvertible {
    public var from: String
    public var kind: String
    public var to: String
    public var properties: Properties

    public init(from: String, kind: String, to: String, properties: Properties = Properties()) {
      self.from = from
      self.kind = kind
      self.to = to
      self.properties = properties
    }

    public var description: String { "\(from) -[\(kind)]-> \(to)" }
  }

  public var addEdges: [EdgeChange] = []
  public var removeEdges: [EdgeChange] = []
  public var removeNodes: [String] = []
  /// Edges that stay, with these properties set on them (a new `tier`, `expires`, ...).
  public var updateEdges: [EdgeChange] = []

  public init(
    addEdges: [EdgeChange] = [], removeEdges: [EdgeChange] = [], removeNodes: [String] = [], updateEdges: [EdgeChange] = []
  ) {
    self.addEdges = addEdges
    self.removeEdges = removeEdges
    self.removeNodes = removeNodes
    self.updateEdges = updateEdges
  }

  public var isEmpty: Bool { addEdges.isEmpty && removeEdges.isEmpty && removeNodes.isEmpty && updateEdges.isEmpty }

  /// Each change in words, in the order they are applied.
  public var descriptions: [String] {
    addEdges.map { "add \($0)" } + removeEdges.map { "remove \($0)" } + updateEdges.map { "update \($0)" }
      + removeNodes.map { "remove node \($0)" }
  }
}

/// Why a set of changes cannot be applied.
public enum GraphChangeError: Error, CustomStringConvertible, Equatable {
  case unknownNode(String)
  case unknownEdge(GraphChanges.EdgeChange)
  case unknownEdgeToUpdate(GraphChanges.EdgeChange)

  public var description: String {
    switch self {
    case .unknownNode(let id): "no node has the id '\(id)'"
    case .unknownEdge(let edge): "there is no edge \(edge) to remove"
    case .unknownEdgeToUpdate(let edge): "there is no edge \(edge) to update"
    }
  }
}

extension AccessGraph {
  /// The edge a change names: the first from its `from` to its `to` of its kind.
  /// - Complexity: O(out-degree of `from`).
  public func edge(_ change: GraphChanges.EdgeChange) -> EdgeIndex? {
    guard let s = index(of: change.from), let t = index(of: change.to) else { return nil }
    return outEdges(of: s).first { target(of: $0) == t && kindName(of: $0) == change.kind }
  }

  /// This graph with `changes` made: removed nodes take their edges with them.
  /// - Throws: `GraphChangeError` when a change names a node or edge that does not exist.
  /// - Complexity: O(n + e), a rebuild.
  public func applying(_ changes: GraphChanges) throws -> AccessGraph {
    for id in changes.removeNodes where index(of: id) == nil { throw GraphChangeError.unknownNode(id) }
    for edge in changes.addEdges {
      for id in [edge.from, edge.to] where index(of: id) == nil { throw GraphChangeError.unknownNode(id) }
    }
    var removedEdges = Set<Int>()
    for change in changes.removeEdges {
      guard let e = edge(change) else { throw GraphChangeError.unknownEdge(change) }
      removedEdges.insert(e)
    }
    var updated: [EdgeIndex: Properties] = [:]
    for change in changes.updateEdges {
      guard let e = edge(change) else { throw GraphChangeError.unknownEdgeToUpdate(change) }
      var properties = updated[e] ?? self.properties(ofEdge: e)
      for (key, value) in change.properties { properties[key] = value }
      updated[e] = properties
    }
    let removedNodes = Set(changes.removeNodes.compactMap(index(of:)))
    var builder = GraphBuilder()
    for n in 0..<nodeCount where !removedNodes.contains(n) {
      try builder.addNode(
        id: nodeIDs[n], kinds: kindNames(of: n), properties: properties(of: n), at: origin(of: n) ?? SourceLocation(file: "graph")
      )
    }
    let here = SourceLocation(file: "what-if")
    for s in 0..<nodeCount where !removedNodes.contains(s) {
      for e in outEdges(of: s) where !removedEdges.contains(e) && !removedNodes.contains(target(of: e)) {
        try builder.addEdge(
          kind: kindName(of: e), start: .id(nodeIDs[s]), end: .id(nodeIDs[target(of: e)]),
          properties: updated[e] ?? properties(ofEdge: e), at: origin(ofEdge: e) ?? here
        )
      }
    }
    for edge in changes.addEdges
    where !removedNodes.contains(index(of: edge.from)!) && !removedNodes.contains(index(of: edge.to)!) {
      try builder.addEdge(kind: edge.kind, start: .id(edge.from), end: .id(edge.to), properties: edge.properties, at: here)
    }
    return try builder.build().graph
  }
}
