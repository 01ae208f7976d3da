import AccessGraph

/// What a rule found for one source: every exposure it has under the rule, worst first, and
/// the path that shows the first.
///
/// The unit that ids, `diff`, what-if and the state database compare is the exposure, one
/// (rule, source, target, tier); a finding only groups one source's exposures for reading.
public struct Finding: Sendable {
  /// The id of the first exposure.
  public var id: String
  public var ruleID: String
  /// The highest severity among the exposures.
  public var severity: Severity
  /// The identity the finding is about.
  public var source: AccessGraph.NodeIndex
  /// The first exposure's target.
  public var target: AccessGraph.NodeIndex
  /// The shortest path showing the first exposure.
  public var path: PrivilegePath
  /// Every (target, tier) the source has under the rule, most severe first, then worst target.
  public var exposures: [Exposure]
  /// Further paths from the source to the target beyond the witness, up to the search limit.
  public var furtherPaths: Int
  /// Whether more further paths exist than were counted.
  public var furtherPathsCut: Bool
  /// Other identities in the same situation (humans using one deputy, agents sharing one key).
  public var related: [AccessGraph.NodeIndex]
  /// What the finding says, in a sentence.
  public var message: String

  /// How the witness search for any exposure starts and what shape it needs.
  var prefix: (edge: AccessGraph.EdgeIndex, node: AccessGraph.NodeIndex, tier: Tier)?
  var require = Rule.PathRequirements()
  var exclusions: TraversalView.Exclusions = []

  /// How many targets of the rule this source reaches.
  public var targetCount: Int { exposures.count }

  /// What makes two runs' (or two graphs') exposures the same: a new target, a higher tier
  /// or a new source is a new key, while a different witness path is not.
  public struct Key: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var rule: String
    public var source: String
    public var target: String
    public var tier: Tier

    public init(rule: String, source: String, target: String, tier: Tier) {
      self.rule = rule
      self.source = source
      self.target = target
      self.tier = tier
    }

    /// `PS-` and 12 hex digits of an FNV-1a hash of the four parts: the same exposure has the
    /// same id in every run, whatever path shows it.
    /// - Complexity: O(length of the ids).
    public var id: String {
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      for part in [rule, source, target, tier.description] {
        for byte in part.utf8 {
          hash ^= UInt64(byte)
          hash &*= 0x100_0000_01b3
        }
        hash ^= 0xFF
        hash &*= 0x100_0000_01b3
      }
      let hex = String(hash & 0xFFFF_FFFF_FFFF, radix: 16)
      return "PS-" + String(repeating: "0", count: 12 - hex.count) + hex
    }

    public static func < (a: Key, b: Key) -> Bool {
      (a.rule, a.source, a.target, a.tier.rawValue) < (b.rule, b.source, b.target, b.tier.rawValue)
    }

    public var description: String { "\(rule): \(source) → \(target) at \(tier)" }

    /// What a change did to a set of exposures: the keys only `before` has and those only
    /// `after` has. Diff, what-if and the state database all compare through this.
    /// - Complexity: O(before + after).
    public static func difference(before: Set<Key>, after: Set<Key>) -> (removed: Set<Key>, added: Set<Key>) {
      (before.subtracting(after), after.subtracting(before))
    }

    /// The same four parts with the ids interned (node indices of one graph, a rule's place
    /// in the pack): 12 bytes instead of four strings, for comparing the millions of
    /// exposures of two scans before naming the few that differ.
    struct Interned: Hashable, Comparable {
      var source: UInt32
      var target: UInt32
      var rule: UInt16
      var tier: UInt8

      static func < (a: Interned, b: Interned) -> Bool {
        (a.source, a.target, a.rule, a.tier) < (b.source, b.target, b.rule, b.tier)
      }
    }

    /// `difference` over interned keys, each with what the caller needs to find it again:
    /// the entries only `before` has and those only `after` has.
    /// - Complexity: O(b log b + a log a).
    static func difference<T>(before b: consuming [(Interned, T)], after a: consuming [(Interned, T)]) -> (
      removed: [T], added: [T]
    ) {
      // Sorted in place: the arrays are the caller's to give up, and millions long.
      b.sort { $0.0 < $1.0 }
      a.sort { $0.0 < $1.0 }
      var (i, j) = (0, 0)
      var removed: [T] = []
      var added: [T] = []
      while i < b.count || j < a.count {
        if j == a.count || i < b.count && b[i].0 < a[j].0 {
          removed.append(b[i].1)
          i += 1
        } else if i == b.count || a[j].0 < b[i].0 {
          added.append(a[j].1)
          j += 1
        } else {
          i += 1
          j += 1
        }
      }
      return (removed, added)
    }
  }

  /// One (rule, source, target, tier): what a source can do to one target under a rule. Its
  /// key comes from the finding that holds it (`key(of:in:)`), so that millions of them stay
  /// small.
  ///
  /// A scan holds millions of these, so the optional sits before the bytes: 24 bytes a
  /// stride rather than 32.
  public struct Exposure: Sendable, Hashable {
    public var target: AccessGraph.NodeIndex
    /// The node the witness must pass through (the deputy agent of a confused-deputy finding).
    var via: AccessGraph.NodeIndex?
    public var tier: Tier
    public var severity: Severity
    /// The paths are all gated or just-in-time: none is standing and ungated.
    public var onlyGatedOrTemporary: Bool
  }

  /// The key of one of this finding's exposures.
  /// - Complexity: O(1).
  public func key(of exposure: Exposure, in graph: AccessGraph) -> Key {
    Key(rule: ruleID, source: graph.id(of: source), target: graph.id(of: exposure.target), tier: exposure.tier)
  }
}
