import AccessGraph

/// The traversal meaning of one edge, packed in 16 bits so the hot loop reads two bytes an
/// edge: class (3 bits), tier or cap (3), pivot requirement (3), gated, just-in-time, absent,
/// conditional.
public struct EdgeRule: Sendable, Hashable {
  var bits: UInt16

  init(bits: UInt16) { self.bits = bits }

  /// A rule from its parts.
  /// - Complexity: O(1).
  public init(
    _ edgeClass: EdgeClass, tier: Tier? = nil, requiresTier: Tier? = nil, gated: Bool = false, justInTime: Bool = false,
    absent: Bool = false, conditional: Bool = false
  ) {
    bits = UInt16(edgeClass.rawValue) | UInt16(tier?.rawValue ?? 0) << 3 | UInt16(requiresTier?.rawValue ?? 0) << 6
    if gated { bits |= 1 << 9 }
    if justInTime { bits |= 1 << 10 }
    if absent { bits |= 1 << 11 }
    if conditional { bits |= 1 << 12 }
  }

  public var edgeClass: EdgeClass { EdgeClass(rawValue: UInt8(bits & 7)) ?? .none }
  /// The permission tier, or for other classes the cap (nil: uncapped).
  public var tier: Tier? { Tier(rawValue: UInt8(bits >> 3 & 7)) }
  /// For pivots, the tier needed on the resource.
  public var requiresTier: Tier? { Tier(rawValue: UInt8(bits >> 6 & 7)) }
  /// A human or policy engine must approve each use.
  public var isGated: Bool { bits & (1 << 9) != 0 }
  /// The edge has an expiry still in the future: it lapses by itself.
  public var isJustInTime: Bool { bits & (1 << 10) != 0 }
  /// The edge does not exist at the evaluation time, or is marked not traversable.
  public var isAbsent: Bool { bits & (1 << 11) != 0 }

  /// The edge holds only under policy conditions the import could not decide: traversed, and
  /// paths over it are flagged.
  public var isConditional: Bool { bits & (1 << 12) != 0 }

  /// Whether traversal follows this edge at all.
  @inline(__always) public var isLive: Bool { bits & 7 != 0 && bits & (1 << 11) == 0 }
  @inline(__always) var classBits: UInt16 { bits & 7 }
  /// Tier or cap as 1...4, with 4 (admin) when uncapped.
  @inline(__always) var capLevel: UInt8 {
    let t = UInt8(bits >> 3 & 7)
    return t == 0 ? 4 : t
  }
  @inline(__always) var requiredLevel: UInt8 {
    let r = UInt8(bits >> 6 & 7)
    return r == 0 ? 1 : r
  }

  static let inheritBits = UInt16(EdgeClass.inherit.rawValue)
  static let controlBits = UInt16(EdgeClass.control.rawValue)
  static let invokeBits = UInt16(EdgeClass.invoke.rawValue)
  static let permissionBits = UInt16(EdgeClass.permission.rawValue)
  static let pivotBits = UInt16(EdgeClass.pivot.rawValue)
}
