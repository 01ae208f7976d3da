import AccessGraph
import Foundation

/// One number from 0 to 100 to rank findings by, built from parts a reviewer can check.
///
/// | part | points |
/// |---|---|
/// | severity | critical 40, high 30, medium 20, low 10, info 0 |
/// | tier | admin 20, act 14, propose 7, read 0 |
/// | exposure: identities reaching the target at the tier or above | 15 · log(1 + count) / log(1 + all identities) |
/// | impact: the source's weighted sensitive targets at act or above | min(15, 5 · log10(1 + weighted)) |
/// | path | standing 4, ungated 3, cross-domain 2, agent chain 1 |
///
/// Severity and tier dominate, so a medium finding never outranks a critical one by breadth
/// alone; exposure and impact order findings of the same kind; the path's flags break ties
/// between a standing grant and a gated one.
public struct RiskScore: Sendable, Hashable {
  public var severity: Int
  public var tier: Int
  public var exposure: Int
  public var impact: Int
  public var path: Int

  /// The score, 0...100.
  public var total: Int { severity + tier + exposure + impact + path }

  /// The score of an exposure at `tier` of `severity` over `path`, given how many
  /// identities share it (`exposed` of `identities`) and the source's weighted impact.
  /// - Complexity: O(1).
  public init(severity: Severity, tier: Tier, path: PrivilegePath?, exposed: Int, identities: Int, impact: Int) {
    self.severity = [0, 10, 20, 30, 40][severity.rawValue]
    self.tier = [0, 0, 7, 14, 20][Int(tier.rawValue)]
    exposure = identities > 0 ? Int((15 * log(1 + Double(exposed)) / log(1 + Double(identities))).rounded()) : 0
    self.impact = Int(min(15, 5 * log10(1 + Double(impact))).rounded())
    self.path =
      path.map { p in (p.standing ? 4 : 0) + (p.gated ? 0 : 3) + (p.crossDomain ? 2 : 0) + (p.agentChain ? 1 : 0) } ?? 0
  }

}
