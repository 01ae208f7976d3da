extension AccessGraph {
  /// Checks the structural invariants of the adjacency arrays.
  ///
  /// Compiled only with `PATHSCAN_INVARIANTS` (debug builds), as swift-collections does with
  /// `BitSet+Invariants.swift`, so release traversal pays nothing.
  /// - Complexity: O(n + e) when enabled, O(1) otherwise.
  @inline(__always)
  func checkInvariants() {
    #if PATHSCAN_INVARIANTS
      precondition(outOffsets.count == nodeCount + 1 && inOffsets.count == nodeCount + 1)
      precondition(outOffsets.last.map(Int.init) == edgeCount && inOffsets.last.map(Int.init) == edgeCount)
      precondition(edgeKindIDs.count == edgeCount && propertyColumns.edges.count == edgeCount)
      precondition(propertyColumns.nodes.count == nodeCount && nodeKindOffsets.count == nodeCount + 1)
      for n in 0..<nodeCount {
        precondition(outOffsets[n] <= outOffsets[n + 1] && inOffsets[n] <= inOffsets[n + 1])
        for slot in inEdgeSlots(of: n) {
          let (s, e) = inEdge(at: slot)
          precondition(target(of: e) == n && outEdges(of: s).contains(e))
        }
      }
      precondition(outTargets.allSatisfy { Int($0) < nodeCount })
    #endif
  }
}
