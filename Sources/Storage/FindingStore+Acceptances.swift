import Foundation

/// A recorded decision to live with one exposure for a while: who, why, until when.
public struct Acceptance: Sendable, Equatable, Codable {
  /// The exposure's id (`PS-…`): it names rule, source, target and tier, so a higher tier or
  /// another target is another exposure, not covered.
  public var id: String
  public var rule: String
  public var source: String
  public var target: String
  public var tier: String
  public var acceptedBy: String
  public var acceptedAt: String
  /// RFC 3339; from then on the exposure counts again.
  public var until: String
  public var reason: String
  /// The witness path's nodes when accepted: a different path to the same target voids it.
  public var nodes: [String]
  public var revokedAt: String?
  public var revokedBy: String?

  public init(
    id: String, rule: String, source: String, target: String, tier: String, acceptedBy: String, acceptedAt: String,
    until: String, reason: String, nodes: [String]
  ) {
    self.id = id
    self.rule = rule
    self.source = source
    self.target = target
    self.tier = tier
    self.acceptedBy = acceptedBy
    self.acceptedAt = acceptedAt
    self.until = until
    self.reason = reason
    self.nodes = nodes
  }
}

extension FindingStore {
  /// Records an acceptance, replacing an earlier one of the same exposure.
  public func accept(_ a: Acceptance) throws {
    let path = String(decoding: try JSONEncoder().encode(a.nodes), as: UTF8.self)
    try connection.query(
      "INSERT OR REPLACE INTO acceptances VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
      [
        .text(a.id), .text(a.rule), .text(a.source), .text(a.target), .text(a.tier), .text(a.acceptedBy),
        .text(a.acceptedAt), .text(a.until), .text(a.reason), .text(path),
      ])
  }

  /// Every acceptance ever recorded, revoked ones too, oldest first. A file of schema 2
  /// (opened read-only, not migrated) has none.
  public func acceptances() throws -> [Acceptance] {
    guard fileSchema != "2" else { return [] }
    var found: [Acceptance] = []
    try connection.query(
      "SELECT id, rule, source, target, tier, accepted_by, accepted_at, until, reason, path, revoked_at, revoked_by FROM acceptances ORDER BY accepted_at, id"
    ) { c in
      var a = Acceptance(
        id: c[0] ?? "", rule: c[1] ?? "", source: c[2] ?? "", target: c[3] ?? "", tier: c[4] ?? "", acceptedBy: c[5] ?? "",
        acceptedAt: c[6] ?? "", until: c[7] ?? "", reason: c[8] ?? "",
        nodes: (try? JSONDecoder().decode([String].self, from: Data((c[9] ?? "[]").utf8))) ?? [])
      a.revokedAt = c[10]
      a.revokedBy = c[11]
      found.append(a)
    }
    return found
  }

  /// Marks the acceptance of `id` revoked; false when there is no unrevoked one.
  public func revokeAcceptance(_ id: String, by: String, at: String) throws -> Bool {
    guard try acceptances().contains(where: { $0.id == id && $0.revokedAt == nil }) else { return false }
    try connection.query(
      "UPDATE acceptances SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL",
      [.text(at), .text(by), .text(id)])
    return true
  }
}
