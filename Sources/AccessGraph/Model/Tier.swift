/// How much a path lets its holder do on what it reaches: read < propose < act < admin.
///
/// `admin` means the holder can change access, identities or secrets. Tiers are totally
/// ordered so that a path's effective tier is the minimum over its permission and caps.
public enum Tier: UInt8, Sendable, CaseIterable, Comparable, CustomStringConvertible {
  case read = 1
  case propose = 2
  case act = 3
  case admin = 4

  /// Parses a tier name case-insensitively (`read`, `propose`, `act`, `admin`).
  ///
  /// Common synonyms found in exports (`write` for act, `recommend` for propose, `owner`
  /// for admin) are accepted so that manifests and properties can use their source's words.
  /// - Complexity: O(1).
  public init?(name: String) {
    switch name.lowercased() {
    case "read", "view", "readonly", "read-only": self = .read
    case "propose", "recommend", "suggest": self = .propose
    case "act", "write", "execute": self = .act
    case "admin", "owner", "full": self = .admin
    default: return nil
    }
  }

  public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }

  public var description: String {
    switch self {
    case .read: "read"
    case .propose: "propose"
    case .act: "act"
    case .admin: "admin"
    }
  }
}
