import AccessGraph

/// What traversal holds at a node: a level (1 read … 4 admin) and whether it holds the node
/// as an identity it can act as, or only as the target of a permission.
///
/// This file is the one statement of how a tier travels along an edge; every traversal
/// calls it, in the form its storage needs:
/// - a permission edge needs an identity, and gives its target (not as an identity) at the
///   lower of the level held and the edge's tier;
/// - a pivot (a credential, a token) needs the node at or above its required level, as
///   identity or target, and gives its head as an identity at the pivot's own cap, whatever
///   was held before: the cap resets;
/// - any other edge (membership, control, invocation) needs an identity, and gives its head
///   as an identity at the lower of the level held and the edge's cap.
///
/// `step(over:)` is the form for searches over single states, `step(identity:any:over:)`
/// the form for engines that keep each node's best levels, `stepBack` the reverse for
/// searches from the targets, `predecessors(of:over:)` the reverse over single states, and
/// `step(identity:held:over:)` the bit-parallel form for 64 sources at once. The tests check
/// the forms agree on every rule and holding. Every form
/// expects a live edge (`EdgeRule.isLive`); the engines leave dead edges out beforehand.
public struct Holding: Hashable, Sendable {
  /// `identity << 2 | (level - 1)`: the low three bits of a witness search's state.
  public let rawValue: UInt8

  /// - Complexity: O(1).
  @inline(__always) public init(level: UInt8, identity: Bool) {
    rawValue = (identity ? 4 : 0) | (level &- 1) & 3
  }

  /// - Complexity: O(1).
  @inline(__always) public init(rawValue: UInt8) { self.rawValue = rawValue & 7 }

  /// A source holds itself as an identity, at admin unless a first step was already taken.
  public static let source = Holding(level: 4, identity: true)

  /// 1 (read) … 4 (admin).
  @inline(__always) public var level: UInt8 { rawValue & 3 + 1 }
  @inline(__always) public var isIdentity: Bool { rawValue & 4 != 0 }
  public var tier: Tier { Tier(rawValue: level)! }

  /// What crossing an edge with `rule` from this holding gives at its head, or nil when this
  /// holding cannot cross it.
  /// - Complexity: O(1).
  @inline(__always) public func step(over rule: EdgeRule) -> Holding? {
    let next = Self.step(identity: isIdentity ? level : 0, any: level, over: rule)
    return next.level == 0 ? nil : Holding(level: next.level, identity: next.asIdentity)
  }

  /// The rule over a node's best levels (0: not held): `identity` the best level held as an
  /// identity, `any` the best held at all. Returns the level the head gets (0: none) and
  /// whether as an identity, else as a target only.
  /// - Complexity: O(1).
  @inline(__always) public static func step(identity: UInt8, any: UInt8, over rule: EdgeRule) -> (
    level: UInt8, asIdentity: Bool
  ) {
    switch rule.classBits {
    case EdgeRule.permissionBits: return (min(identity, rule.capLevel), false)
    case EdgeRule.pivotBits: return (any >= rule.requiredLevel ? rule.capLevel : 0, true)
    default: return (min(identity, rule.capLevel), true)
    }
  }

  /// Never, in `stepBack`'s levels.
  public static let never: UInt8 = 5

  /// The rule backwards: given the least levels at the head that suffice there (as an
  /// identity, as a target only; `never` when nothing does), the least levels at the tail
  /// from which crossing the edge suffices.
  /// - Complexity: O(1).
  @inline(__always) public static func stepBack(identity: UInt8, target: UInt8, over rule: EdgeRule) -> (
    identity: UInt8, target: UInt8
  ) {
    switch rule.classBits {
    case EdgeRule.permissionBits: return (target <= rule.capLevel ? target : never, never)
    case EdgeRule.pivotBits:
      return identity <= rule.capLevel ? (rule.requiredLevel, rule.requiredLevel) : (never, never)
    default: return (identity <= rule.capLevel ? identity : never, never)
    }
  }

  /// The rule backwards over single states: of the eight holdings at an edge's tail (bit
  /// `rawValue` of a mask), those whose step over `rule` gives one of `heads`. Derived from
  /// `step(over:)` itself, so it cannot drift from it.
  /// - Complexity: O(1) (eight steps).
  @inline(__always) public static func predecessors(of heads: UInt8, over rule: EdgeRule) -> UInt8 {
    var tails: UInt8 = 0
    for raw in UInt8(0)..<8 {
      if let next = Holding(rawValue: raw).step(over: rule), heads & (1 << next.rawValue) != 0 { tails |= 1 << raw }
    }
    return tails
  }

  /// One mask per level, bit i for source i: `.0` holds the sources at read or above, `.3`
  /// those at admin.
  public typealias Masks = (UInt64, UInt64, UInt64, UInt64)

  /// The rule for 64 sources at once: given the sources holding the tail as an identity and
  /// at all, by level, the sources the head gets, by level up to `cap`, and whether as an
  /// identity (else as a target only).
  /// - Complexity: O(1).
  @inline(__always) public static func step(identity: Masks, held: Masks, over rule: EdgeRule) -> (
    bits: Masks, asIdentity: Bool, cap: Int
  ) {
    let cap = Int(rule.capLevel)
    switch rule.classBits {
    case EdgeRule.permissionBits: return (identity, false, cap)
    case EdgeRule.pivotBits:
      let bits: UInt64
      switch rule.requiredLevel {
      case 1: bits = held.0
      case 2: bits = held.1
      case 3: bits = held.2
      default: bits = held.3
      }
      return ((bits, bits, bits, bits), true, cap)
    default: return (identity, true, cap)
    }
  }
}
