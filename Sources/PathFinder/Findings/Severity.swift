/// How urgent a finding is, from `info` to `critical`.
public enum Severity: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
  case info = 0
  case low
  case medium
  case high
  case critical

  /// Parses a severity by name, case-insensitively.
  /// - Complexity: O(1).
  public init?(name: String) {
    guard let match = Self.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
    self = match
  }

  public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }

  public var description: String {
    switch self {
    case .info: "info"
    case .low: "low"
    case .medium: "medium"
    case .high: "high"
    case .critical: "critical"
    }
  }
}
