extension AccessGraph: Equatable {
  /// Two graphs are equal when they hold the same node ids in the same order with the same
  /// kind names and properties, and the same edges (by endpoints, kind name and properties).
  ///
  /// Kind ids are not compared: they depend on the order kinds were first seen.
  /// - Complexity: O(n + e).
  public static func == (lhs: AccessGraph, rhs: AccessGraph) -> Bool {
    guard lhs.nodeIDs == rhs.nodeIDs, lhs.edgeCount == rhs.edgeCount, lhs.outOffsets == rhs.outOffsets,
      lhs.outTargets == rhs.outTargets
    else { return false }
    for n in 0..<lhs.nodeCount where lhs.kindNames(of: n) != rhs.kindNames(of: n) { return false }
    for e in 0..<lhs.edgeCount where lhs.kindName(of: e) != rhs.kindName(of: e) { return false }
    return lhs.propertyColumns == rhs.propertyColumns
  }
}
