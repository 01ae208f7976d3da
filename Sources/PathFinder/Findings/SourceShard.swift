import AccessGraph

/// One of `count` parts of a graph's sources, chosen by a hash of each source's id: the same
/// id falls in the same part on every machine and in every run, and every source in exactly
/// one part, so a scan split into parts finds each finding exactly once.
public struct SourceShard: Sendable, Hashable, CustomStringConvertible {
  /// 1...count.
  public let index: Int
  public let count: Int

  /// - Precondition: 1 ≤ index ≤ count.
  public init(index: Int, count: Int) {
    precondition(1 <= index && index <= count, "a shard is 1...count")
    self.index = index
    self.count = count
  }

  /// Whether the source with this id belongs to this part: FNV-1a of its UTF-8, modulo count.
  /// - Complexity: O(length of the id).
  public func contains(_ id: String) -> Bool {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in id.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x100_0000_01b3
    }
    return Int(hash % UInt64(count)) == index - 1
  }

  /// The graph's nodes in this part.
  /// - Complexity: O(n · id length).
  public func sources(in graph: AccessGraph) -> Set<AccessGraph.NodeIndex> {
    Set((0..<graph.nodeCount).filter { contains(graph.id(of: $0)) })
  }

  public var description: String { "\(index)/\(count)" }
}
