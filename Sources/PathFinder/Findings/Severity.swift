import AccessGraph

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

extension Severity {
  /// One step more or less urgent, within `info...critical`.
  /// - Complexity: O(1).
  public func stepped(_ steps: Int) -> Severity {
    Severity(rawValue: Swift.min(Swift.max(rawValue + steps, Severity.info.rawValue), Severity.critical.rawValue))!
  }

  /// The severity of one exposure: the rule's own, moved by what the exposure amounts to.
  ///
  /// | what the exposure is | change |
  /// |---|---|
  /// | admin on a `critical` target over a standing, ungated path | one step up |
  /// | below the rule's tier (reported down to its `lowerTier`) | one step down |
  /// | every path to that tier is gated or just-in-time | one step down |
  /// | a rule that looks for chains (`indirect`) and the source holds a direct grant | two steps down |
  ///
  /// - Complexity: O(1).
  public static func of(
    rule: Rule, tier: Tier, critical: Bool, onlyGatedOrTemporary: Bool, direct: Bool = false
  ) -> Severity {
    var steps = direct ? -2 : 0
    if tier == .admin && critical && !onlyGatedOrTemporary { steps += 1 }
    if tier < rule.check.minTier { steps -= 1 }
    if onlyGatedOrTemporary { steps -= 1 }
    return rule.severity.stepped(steps)
  }
}
