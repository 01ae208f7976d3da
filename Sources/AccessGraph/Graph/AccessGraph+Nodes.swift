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

  /// The properties of node `n`.
  /// - Complexity: O(1).
  public func properties(of n: NodeIndex) -> Properties { nodeProperties[n] }

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
    let props = nodeProperties[n]
    return props["name"]?.matchText ?? props["displayname"]?.matchText ?? nodeIDs[n]
  }
}
