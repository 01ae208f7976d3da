/// How traversal treats an edge kind (DESIGN: inherit, control, invoke, permission, pivot, none).
public enum EdgeClass: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  /// Metadata only; never traversed.
  case none = 0
  /// The start gains the end's privileges (membership, role, assumption, credential).
  case inherit
  /// The start can change the end to take its privileges.
  case control
  /// The start can make the agent or automation at the end act with its privileges.
  case invoke
  /// The start can act at a tier on the end; a path ends here unless a pivot follows.
  case permission
  /// A resource yields the identity or secret at the end to whoever holds enough tier on it.
  case pivot

  /// Whether traversal ever follows an edge of this class.
  public var isTraversable: Bool { self != .none }

  /// Parses a class by name, case-insensitively.
  /// - Complexity: O(1).
  public init?(name: String) {
    guard let match = Self.allCases.first(where: { "\($0)" == name.lowercased() }) else { return nil }
    self = match
  }

  public var description: String {
    switch self {
    case .none: "none"
    case .inherit: "inherit"
    case .control: "control"
    case .invoke: "invoke"
    case .permission: "permission"
    case .pivot: "pivot"
    }
  }
}
