import AccessGraph

/// What every operator of a system treats as tier zero, and how each system says an identity
/// is disabled: the one list pathscan lays over every load, whatever the input format, so
/// that real exports give findings without hand-made labels.
///
/// A mark sets a property only where the node lacks it: the input (or a manifest-mapped
/// inventory loaded beside it) always says otherwise first. Importers that must evaluate a
/// policy to know (an AWS principal allowed `*` on `*`) mark their nodes themselves; this
/// list is for what a node's kind and properties show.
public enum TierZero {
  /// One rule: nodes of any of `kinds` for which `applies` holds get `key: value`.
  public struct Mark: Sendable {
    public var system: String
    public var what: String
    public var kinds: Set<String>
    public var key: String
    public var value: PropertyValue
    let applies: @Sendable (_ id: String, _ properties: Properties) -> Bool
  }

  static let critical = PropertyValue.string("critical")
  static let high = PropertyValue.string("high")

  static func named(_ names: Set<String>) -> @Sendable (String, Properties) -> Bool {
    { _, p in p["name"].map { names.contains($0.matchText) } ?? false }
  }

  /// Directory roles that control the whole tenant (by name; a role scoped to one object is
  /// named "… on <object>" and is not tier zero).
  static let entraRoles: Set<String> = [
    "Global Administrator", "Privileged Role Administrator", "Privileged Authentication Administrator",
    "Application Administrator", "Cloud Application Administrator",
  ]

  /// GCP roles that own a project or organisation, or mint tokens for all its service accounts.
  static let gcpRoles: Set<String> = [
    "roles/owner", "roles/resourcemanager.organizationAdmin", "roles/iam.serviceAccountTokenCreator",
    "roles/iam.securityAdmin", "roles/resourcemanager.projectIamAdmin",
  ]

  /// Well-known relative ids of Active Directory's tier-zero groups: Domain Admins, Schema
  /// Admins, Enterprise Admins.
  static let adGroupRIDs = ["-512", "-518", "-519"]

  public static let marks: [Mark] = [
    Mark(
      system: "Entra ID",
      what: "Global, Privileged Role, Privileged Authentication, Application and Cloud Application Administrator",
      kinds: ["Entra_DirectoryRole", "AZRole"], key: "sensitivity", value: critical, applies: named(entraRoles)),
    Mark(
      system: "Okta", what: "Super Administrator (SUPER_ADMIN)", kinds: ["Okta_AdminRole"], key: "sensitivity", value: critical,
      applies: { id, _ in id == "okta-role:SUPER_ADMIN" }),
    Mark(
      system: "GCP", what: "owner, organization admin, security admin, project IAM admin, service account token creator",
      kinds: ["GCP_RoleBinding"], key: "sensitivity", value: critical,
      applies: { _, p in p["role"].map { gcpRoles.contains($0.matchText) } ?? false }),
    Mark(
      system: "GitHub", what: "the organisation itself", kinds: ["GH_Organization"], key: "sensitivity", value: critical,
      applies: { _, _ in true }),
    Mark(
      system: "GitHub", what: "the organisation's owners role", kinds: ["GH_OrgRole"], key: "sensitivity", value: critical,
      applies: { _, p in p["short_name"]?.matchText == "owners" }),
    Mark(
      system: "GitHub", what: "Actions secrets (organisation, repository, environment)",
      kinds: ["GH_Secret", "GH_OrgSecret", "GH_RepoSecret", "GH_EnvironmentSecret"], key: "sensitivity", value: high,
      applies: { _, _ in true }),
    Mark(
      system: "Active Directory", what: "Domain Admins, Schema Admins, Enterprise Admins",
      kinds: ["AD_Group", BuiltInKind.group], key: "sensitivity", value: critical,
      applies: { id, p in
        id.hasPrefix("ad:") && adGroupRIDs.contains { id.hasSuffix($0) }
          || p["objectid"].map { o in
            adGroupRIDs.contains { o.matchText.hasSuffix($0) }
          } ?? false
      }),
    Mark(
      system: "Active Directory", what: "domain objects", kinds: ["AD_Domain", "Domain"], key: "sensitivity", value: critical,
      applies: { _, _ in true }),
    Mark(
      system: "AWS", what: "Secrets Manager secrets and KMS keys", kinds: ["AWS_Resource"], key: "sensitivity", value: high,
      applies: { id, _ in id.contains(":secretsmanager:") || id.contains(":kms:") }),
    Mark(
      system: "any OpenGraph export", what: "accounts with `enabled: false` (BloodHound's convention)",
      kinds: [], key: "disabled", value: .bool(true), applies: { _, p in p["enabled"] == .bool(false) }),
  ]

  /// Lays every mark over the nodes `builder` holds; returns how many nodes each system got.
  /// - Complexity: O(marks · n · (k + p)).
  @discardableResult
  public static func mark(_ builder: inout GraphBuilder) -> [String: Int] {
    var counts: [String: Int] = [:]
    for mark in marks {
      let set = builder.setDefault(mark.key, mark.value) { id, kinds, properties in
        (mark.kinds.isEmpty || kinds.contains(where: mark.kinds.contains)) && mark.applies(id, properties)
      }
      if set > 0 { counts[mark.system, default: 0] += set }
    }
    return counts
  }
}
