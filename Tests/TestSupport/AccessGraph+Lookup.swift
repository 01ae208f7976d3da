import AccessGraph

extension AccessGraph {
  /// The properties of the edge `from -kind-> to`, or nil when there is no such edge.
  /// - Complexity: O(d) in the out-degree of `from`.
  public func edge(_ from: String, _ kind: String, _ to: String) -> Properties? {
    guard let s = index(of: from), let t = index(of: to) else { return nil }
    return outEdges(of: s).first { target(of: $0) == t && kindName(of: $0) == kind }.map(properties(ofEdge:))
  }
}
