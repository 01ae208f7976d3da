/// The built-in kinds of docs/design.md by name, so that importers spell them once: a typo in
/// a string literal would give an edge kind no manifest maps, silently never traversed.
public enum BuiltInKind {
  // Inherit: holding the start gives the end at the same tier.
  public static let memberOf = "MemberOf"
  public static let hasRole = "HasRole"
  public static let canAssume = "CanAssume"
  public static let actsAs = "ActsAs"
  public static let authenticatesAs = "AuthenticatesAs"
  public static let hasCredential = "HasCredential"
  public static let oauthGrant = "OAuthGrant"
  // Control and invoke.
  public static let canManage = "CanManage"
  public static let owns = "Owns"
  public static let canInvoke = "CanInvoke"
  // Permissions, one a tier.
  public static let canRead = "CanRead"
  public static let canPropose = "CanPropose"
  public static let canAct = "CanAct"
  public static let canAdmin = "CanAdmin"
  // Pivots: control of a resource yields what it contains, runs as or hosts.
  public static let contains = "Contains"
  public static let runsAs = "RunsAs"
  public static let hosts = "Hosts"

  /// The permission kind that grants `tier`.
  public static func permission(_ tier: Tier) -> String {
    switch tier {
    case .read: canRead
    case .propose: canPropose
    case .act: canAct
    case .admin: canAdmin
    }
  }

  // Node kinds: each category's built-in kind.
  public static let human = NodeCategory.human.kindName
  public static let agent = NodeCategory.agent.kindName
  public static let serviceAccount = NodeCategory.service.kindName
  public static let group = NodeCategory.group.kindName
  public static let role = NodeCategory.role.kindName
  public static let application = NodeCategory.application.kindName
  public static let credential = NodeCategory.credential.kindName
  public static let resource = NodeCategory.resource.kindName
}
