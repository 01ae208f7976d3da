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

  /// The source node and edge id of the in-edge at a reverse slot.
  ///
  /// In-slots list sources in the order of their edges, and a source's out-edges are sorted
  /// by target, so the edge is the k-th of the source's edges to this node, where k counts the
  /// equal sources just before the slot (parallel edges).
  /// - Complexity: O(log d + p) for out-degree d of the source and p parallel edges.
  public func inEdge(at slot: Int) -> (source: NodeIndex, edge: EdgeIndex) {
    let source = inSources[slot]
    var target = 0
    var low = 0
    var high = nodeCount
    // The node owning the slot: the last whose in-range starts at or before it.
    while low < high {
      let mid = (low + high) / 2
      if Int(inOffsets[mid + 1]) <= slot { low = mid + 1 } else { high = mid }
    }
    target = low
    var k = 0
    var s = slot
    while s > Int(inOffsets[target]) && inSources[s - 1] == source {
      k += 1
      s -= 1
    }
    var first = Int(outOffsets[Int(source)])
    var last = Int(outOffsets[Int(source) + 1])
    while first < last {
      let mid = (first + last) / 2
      if Int(outTargets[mid]) < target { first = mid + 1 } else { last = mid }
    }
    return (Int(source), first + k)
  }

  /// Calls `body` with each in-edge of node `n`: its source and edge id.
  /// - Complexity: O(in-degree · log d).
  public func forEachInEdge(of n: NodeIndex, _ body: (_ source: NodeIndex, _ edge: EdgeIndex) throws -> Void) rethrows {
    let range = inEdgeSlots(of: n)
    var previous = -1
    var k = 0
    for slot in range {
      let source = Int(inSources[slot])
      k = source == previous ? k + 1 : 0
      previous = source
      var first = Int(outOffsets[source])
      var last = Int(outOffsets[source + 1])
      while first < last {
        let mid = (first + last) / 2
        if Int(outTargets[mid]) < n { first = mid + 1 } else { last = mid }
      }
      try body(source, first + k)
    }
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

  /// The properties of an edge, as a set of their own.
  ///
  /// To read one key, `property(_:ofEdge:)` is cheaper: it builds nothing.
  /// - Complexity: O(p) in the edge's number of properties.
  public func properties(ofEdge e: EdgeIndex) -> Properties { propertyColumns.properties(in: propertyColumns.edges, e) }

  /// The value of key `name` on edge `e`, or nil.
  /// - Complexity: O(p) in the edge's number of properties.
  public func property(_ name: String, ofEdge e: EdgeIndex) -> PropertyValue? {
    propertyColumns.key(named: name).flatMap { propertyColumns.value($0, in: propertyColumns.edges, e) }
  }

  /// The value of `key` on edge `e`, or nil: the form for loops over many edges.
  /// - Complexity: O(p) in the edge's number of properties.
  public func property(_ key: PropertyKey?, ofEdge e: EdgeIndex) -> PropertyValue? {
    key.flatMap { propertyColumns.value($0.id, in: propertyColumns.edges, e) }
  }

  /// The id of `key`'s value on edge `e`, or nil (see `propertyValueID(_:of:)`).
  /// - Complexity: O(p) in the edge's number of properties.
  public func propertyValueID(_ key: PropertyKey?, ofEdge e: EdgeIndex) -> PropertyValueID? {
    key.flatMap { propertyColumns.valueID($0.id, in: propertyColumns.edges, e) }.map(PropertyValueID.init)
  }

  /// The number of properties edge `e` has.
  /// - Complexity: O(1).
  public func propertyCount(ofEdge e: EdgeIndex) -> Int { propertyColumns.edges.pairRange(e).count }

  /// Where edge `e` was defined: its file and, for formats read with positions, its line.
  /// - Complexity: O(1).
  public func origin(ofEdge e: EdgeIndex) -> SourceLocation? {
    guard e < edgeOrigins.count, Int(edgeOrigins[e].file) < sourceFiles.count else { return nil }
    let origin = edgeOrigins[e]
    return SourceLocation(file: sourceFiles[Int(origin.file)], line: origin.line == 0 ? nil : Int(origin.line))
  }

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
