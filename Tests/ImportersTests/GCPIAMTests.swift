import AccessGraph
import Importers
import TestSupport
import Testing

@Suite("GCP IAM")
struct GCPIAMTests {
  func load(_ fixtures: String...) throws -> AccessGraph {
    try InputLoader().load(fixtures.map { Fixtures.path("gcp-iam/\($0)") }).graph
  }

  @Test("a v3 project policy: bindings, conditions, federated and deleted members, workload identity")
  func projectPolicy() throws {
    let g = try load("synthetic_project_iam_policy_v3.json")
    #expect(g.edge("user:bob@contoso.example", "HasRole", "gcp-role:roles/owner@projects/acme-prod") != nil)
    #expect(g.edge("gcp-role:roles/owner@projects/acme-prod", "CanAdmin", "projects/acme-prod") != nil)
    let conditional = try #require(
      g.edge("group:helpdesk@contoso.example", "HasRole", "gcp-role:roles/iam.serviceAccountTokenCreator@projects/acme-prod"))
    #expect(conditional["conditional"] == .bool(true) && conditional["condition_title"] == .string("business-hours"))
    #expect(g.edge("gcp-role:roles/iam.serviceAccountTokenCreator@projects/acme-prod", "CanAdmin", "projects/acme-prod") == nil)
    #expect(
      g.edge(
        "gcp-role:roles/iam.serviceAccountTokenCreator@projects/acme-prod", "ActsAs",
        "serviceAccount:support-agent@acme-prod.iam.gserviceaccount.com") != nil)
    #expect(
      g.edge("k8s:sa:ai-agents/support-agent", "ActsAs", "serviceAccount:acme-prod.svc.id.goog[ai-agents/support-agent]") != nil)
    let deleted = try #require(g.index(of: "serviceAccount:old-bot@acme-prod.iam.gserviceaccount.com"))
    #expect(g.properties(of: deleted)["disabled"] == .bool(true))
    #expect(g.kindNames(of: g.index(of: "allAuthenticatedUsers")!) == ["GCP_Public", "Group"])
  }

  @Test("a service account's own policy: who can act as it")
  func serviceAccountPolicy() throws {
    let g = try load("synthetic_sa_deployer_iam_policy.json")
    let sa = "file:synthetic_sa_deployer_iam_policy"
    #expect(g.kindNames(of: g.index(of: sa)!) == ["GCP_ServiceAccount", "ServiceAccount"])
    #expect(g.edge("user:alice@contoso.example", "HasRole", "gcp-role:roles/iam.serviceAccountTokenCreator@\(sa)") != nil)
    #expect(g.edge("gcp-role:roles/iam.serviceAccountTokenCreator@\(sa)", "ActsAs", sa) != nil)
  }

  @Test("asset exports: keys authenticate as their account until they expire; custom roles get tiers")
  func assets() throws {
    let keys = try load("policy-library_gcp_iam_restrict_service_account_key_age_cai-assets.json")
    let key = try #require(keys.nodeIDs.first { $0.hasPrefix("gcp-key:") })
    let k = keys.index(of: key)!
    #expect(keys.kindNames(of: k) == ["GCP_ServiceAccountKey", "Credential"])
    #expect(keys.properties(of: k)["expires"] != nil)
    #expect(keys.kindName(of: keys.outEdges(of: k).first!) == "AuthenticatesAs")
    let roles = try load("gcpdiag_gce3_custom-roles.json")
    let impersonate = try #require(roles.index(of: "gcp-role:projects/gcpdiag-gce3-aaaa/roles/CustomRole"))
    #expect(roles.properties(of: impersonate)["impersonates"] == .bool(true))
    #expect(roles.properties(of: impersonate)["tier"] == .string("admin"))
  }

  @Test("a broken asset record is skipped and reported; the export's other records load")
  func brokenAssetRecord() throws {
    let text = #"""
      [{"name": "//cloudresourcemanager.googleapis.com/projects/12345",
        "asset_type": "cloudresourcemanager.googleapis.com/Project",
        "iam_policy": {"bindings": [{"role": "roles/owner", "members": ["user:powerful@google.com"]}]}},
       {"asset_type": "cloudresourcemanager.googleapis.com/Project"},
       7]
      """#
    let (graph, report) = try loadLeniently(text, named: "assets.json")
    #expect(graph.index(of: "user:powerful@google.com") != nil)
    #expect(
      report.samples.map(\.description) == [
        "assets.json:4 ([1]): malformed record: an asset record needs resource or name",
        "assets.json:5 ([2]): malformed record: expected an asset record object",
      ])
  }

  @Test("every GCP fixture imports, each detected by content")
  func all() throws {
    let result = try InputLoader().load([Fixtures.path("gcp-iam")])
    #expect(result.sources.count == 19)
    #expect(result.sources.allSatisfy { $0.format == .gcpIAM })
    #expect(result.graph.nodeCount > 300)
  }
}
