extension AccessGraph {
  /// The ids of the edges leaving node `n`, ordered by target and then kind name.
  /// - Complexity: O(1).
  public func outEdges(of n: NodeIndex) -> Range<EdgeIndex> {
    Int(outOffsets[n])..<Int(outOffsets[n + 1])
  }

  /// The positions in the reverse arrays of the edges entering node `n`.
  ///
  /// Read each with `inEdge(at:)`.
  /// - Complexity: O(1).
  public func inEdgeSlots(of n: NodeIndex) -> Range<Int> {
    Int(inOffsets[n])..<Int(inOffsets[n + 1])
  }

  /// The source node and edge id stored at a reverse slot.
  /// - Complexity: O(1).
  public func inEdge(at slot: Int) -> (source: NodeIndex, edge: EdgeIndex) {
    (Int(inSources[slot]), Int(inEdgeIDs[slot]))
  }

  /// The node an edge points to.
  /// - Complexity: O(1).
  public func target(of e: EdgeIndex) -> NodeIndex { Int(outTargets[e]) }

  /// The node an edge starts at, found by binary search over the forward offsets.
  /// - Complexity: O(log n) in the number of nodes.
  public func source(of e: EdgeIndex) -> NodeIndex {
    var low = 0
    var high = nodeCount - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if Int(outOffsets[mid]) <= e { low = mid } else { high = mid - 1 }
    }
    return low
  }

  /// The kind id of an edge.
  /// - Complexity: O(1).
  public func kindID(of e: EdgeIndex) -> UInt16 { edgeKindIDs[e] }

  /// The kind name of an edge.
  /// - Complexity: O(1).
  public func kindName(of e: EdgeIndex) -> String { kinds[edgeKindIDs[e]] }

  /// The properties of an edge.
  /// - Complexity: O(1).
  public func properties(ofEdge e: EdgeIndex) -> Properties { edgeProperties[e] }

  /// Calls `body` with the raw forward adjacency, for traversal loops that must not pay for
  /// bounds checks or array retains per edge.
  ///
  /// The pointers are valid only inside `body`.
  /// - Complexity: O(1) plus the cost of `body`.
  public func withForwardAdjacency<R>(
    _ body: (_ offsets: UnsafeBufferPointer<UInt32>, _ targets: UnsafeBufferPointer<UInt32>) throws -> R
  ) rethrows -> R {
    try outOffsets.withUnsafeBufferPointer { offsets in
      try outTargets.withUnsafeBufferPointer { targets in try body(offsets, targets) }
    }
  }
}
