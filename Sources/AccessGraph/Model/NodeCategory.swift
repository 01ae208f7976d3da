/// The category of a node: what sort of principal or object it is.
///
/// Each category has a built-in OpenGraph kind of the same spelling as `kindName`.
public enum NodeCategory: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  case unknown = 0
  case human
  case agent
  case service
  case group
  case role
  case application
  case credential
  case resource

  /// The built-in OpenGraph kind name of this category (`Human`, `Agent`, ...).
  public var kindName: String {
    switch self {
    case .unknown: "Unknown"
    case .human: "Human"
    case .agent: "Agent"
    case .service: "ServiceAccount"
    case .group: "Group"
    case .role: "Role"
    case .application: "Application"
    case .credential: "Credential"
    case .resource: "Resource"
    }
  }

  /// Whether the category is an identity that is not a person (the NHI of OWASP's list).
  public var isNonHuman: Bool {
    switch self {
    case .agent, .service, .application, .credential: true
    default: false
    }
  }

  /// Parses a category by its lower-case name (`service`) or its kind name (`ServiceAccount`).
  /// - Complexity: O(1).
  public init?(name: String) {
    let lowered = name.lowercased()
    guard
      let match = Self.allCases.first(where: { $0 != .unknown && ("\($0)" == lowered || $0.kindName.lowercased() == lowered) })
    else { return nil }
    self = match
  }

  public var description: String {
    switch self {
    case .unknown: "unknown"
    case .human: "human"
    case .agent: "agent"
    case .service: "service"
    case .group: "group"
    case .role: "role"
    case .application: "application"
    case .credential: "credential"
    case .resource: "resource"
    }
  }
}
