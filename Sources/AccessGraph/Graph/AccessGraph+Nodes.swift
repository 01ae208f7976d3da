extension AccessGraph {
  /// The id of node `n`, exactly as given in the input.
  /// - Complexity: O(1).
  public func id(of n: NodeIndex) -> String { nodeIDs[n] }

  /// The kind ids of node `n`, in the order given (the first is its primary kind).
  /// - Complexity: O(1).
  public func kindIDs(of n: NodeIndex) -> ArraySlice<UInt16> {
    nodeKindIDs[Int(nodeKindOffsets[n])..<Int(nodeKindOffsets[n + 1])]
  }

  /// The kind names of node `n`, in the order given.
  /// - Complexity: O(k) in the node's number of kinds.
  public func kindNames(of n: NodeIndex) -> [String] { kindIDs(of: n).map { kinds[$0] } }

  /// The properties of node `n`, as a set of their own.
  ///
  /// To read one key, `property(_:of:)` is cheaper: it builds nothing.
  /// - Complexity: O(p) in the node's number of properties.
  public func properties(of n: NodeIndex) -> Properties { propertyColumns.properties(in: propertyColumns.nodes, n) }

  /// The value of key `name` on node `n`, or nil.
  /// - Complexity: O(p) in the node's number of properties.
  public func property(_ name: String, of n: NodeIndex) -> PropertyValue? {
    propertyColumns.key(named: name).flatMap { propertyColumns.value($0, in: propertyColumns.nodes, n) }
  }

  /// The value of `key` on node `n`, or nil: the form for loops over many nodes, which look
  /// the key up once with `propertyKey(named:)`.
  /// - Complexity: O(p) in the node's number of properties.
  public func property(_ key: PropertyKey?, of n: NodeIndex) -> PropertyValue? {
    key.flatMap { propertyColumns.value($0.id, in: propertyColumns.nodes, n) }
  }

  /// The id of `key`'s value on node `n`, or nil: equal values of one graph share an id, so a
  /// loop over many records can keep what it derives from a value by id rather than hashing
  /// the value again.
  /// - Complexity: O(p) in the node's number of properties.
  public func propertyValueID(_ key: PropertyKey?, of n: NodeIndex) -> PropertyValueID? {
    key.flatMap { propertyColumns.valueID($0.id, in: propertyColumns.nodes, n) }.map(PropertyValueID.init)
  }

  /// The value with id `id`.
  /// - Complexity: O(1).
  public func propertyValue(_ id: PropertyValueID) -> PropertyValue { propertyColumns.values[Int(id.id)] }

  /// The number of distinct property values: every `PropertyValueID.index` is below it.
  /// - Complexity: O(1).
  public var propertyValueCount: Int { propertyColumns.values.count }

  /// The number of properties node `n` has.
  /// - Complexity: O(1).
  public func propertyCount(of n: NodeIndex) -> Int { propertyColumns.nodes.pairRange(n).count }

  /// The key called `name`, or nil when no node or edge of this graph has it.
  /// - Complexity: O(1) on average.
  public func propertyKey(named name: String) -> PropertyKey? { propertyColumns.key(named: name).map(PropertyKey.init) }

  /// Where node `n` was first defined (file and line), when known.
  /// - Complexity: O(1).
  public func origin(of n: NodeIndex) -> SourceLocation? {
    let origin = nodeOrigins[n]
    guard Int(origin.file) < sourceFiles.count else { return nil }
    return SourceLocation(file: sourceFiles[Int(origin.file)], line: origin.line == 0 ? nil : Int(origin.line))
  }

  /// A readable name for node `n`: its `name` or `displayname` property, else its id.
  /// - Complexity: O(p) in the node's number of properties.
  public func displayName(of n: NodeIndex) -> String {
    (property("name", of: n) ?? property("displayname", of: n))?.matchText ?? nodeIDs[n]
  }
}

/// A property key of one graph, looked up once so a loop over records compares integers.
public struct PropertyKey: Hashable, Sendable {
  let id: UInt32
}

/// A property value of one graph, by id; equal values share one.
public struct PropertyValueID: Hashable, Sendable {
  let id: UInt32

  /// The id as a position, from 0 to the graph's `propertyValueCount - 1`, for tables kept
  /// by value.
  public var index: Int { Int(id) }
}
