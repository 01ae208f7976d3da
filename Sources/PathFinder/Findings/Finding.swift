import AccessGraph

/// One thing a rule found, with the path that shows it.
public struct Finding: Sendable {
  /// Stable across runs: derived from the rule and the witness path's nodes and edge kinds.
  public var id: String
  public var ruleID: String
  public var severity: Severity
  /// The identity the finding is about.
  public var source: AccessGraph.NodeIndex
  /// The worst node it reaches under the rule.
  public var target: AccessGraph.NodeIndex
  /// The shortest path showing it.
  public var path: PrivilegePath
  /// How many targets of the rule this source reaches.
  public var targetCount: Int
  /// Further paths from the source to the target beyond the witness, up to the search limit.
  public var furtherPaths: Int
  /// Whether more further paths exist than were counted.
  public var furtherPathsCut: Bool
  /// Other identities in the same situation (humans using one deputy, agents sharing one key).
  public var related: [AccessGraph.NodeIndex]
  /// What the finding says, in a sentence.
  public var message: String

  /// The stable id of a rule's finding on `path`: `PS-` and 12 hex digits of an FNV-1a hash.
  /// - Complexity: O(length of the path's ids).
  public static func stableID(rule: String, path: PrivilegePath, in graph: AccessGraph) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ text: String) {
      for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x100_0000_01b3
      }
      hash ^= 0xFF
      hash &*= 0x100_0000_01b3
    }
    mix(rule)
    for n in path.nodes { mix(graph.id(of: n)) }
    for e in path.edges { mix(graph.kindName(of: e)) }
    let hex = String(hash & 0xFFFF_FFFF_FFFF, radix: 16)
    return "PS-" + String(repeating: "0", count: 12 - hex.count) + hex
  }
}
