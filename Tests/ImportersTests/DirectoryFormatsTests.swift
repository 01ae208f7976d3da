import AccessGraph
import Importers
import TestSupport
import Testing

@Suite("SCIM and BloodHound collector JSON")
struct DirectoryFormatsTests {

  @Test("SCIM users, groups, list responses and bulk requests")
  func scim() throws {
    let result = try InputLoader().load([Fixtures.path("scim")])
    #expect(result.sources.count == 11 && result.sources.allSatisfy { $0.format == .scim })
    let g = result.graph
    let barbara = "scim:2819c223-7f76-453a-919d-413861904646"
    #expect(g.properties(of: g.index(of: barbara)!)["email"] == .string("bjensen@example.com"))
    #expect(g.edge(barbara, "MemberOf", "scim:e9e30dba-f08f-4109-8486-d5c6a331660a") != nil)
    let full = try InputLoader().load([Fixtures.path("scim/scim2-models_rfc7643-8.3-enterprise_user.json")]).graph
    #expect(full.properties(of: full.index(of: barbara)!)["owner"] == .string("scim:26118915-6090-4610-87e4-49d8ca9f808d"))
  }

  @Test("SharpHound users and groups: members, primary groups, control ACEs with all their rights")
  func sharpHound() throws {
    let g = try InputLoader(strict: true).load([Fixtures.path("bloodhound-legacy")]).graph
    let admins = "ad:TESTLAB.LOCAL-S-1-5-32-544"
    let domainAdmins = "ad:S-1-5-21-3130019616-2776909439-2417379446-512"
    let administrator = "ad:S-1-5-21-3130019616-2776909439-2417379446-500"
    #expect(g.kindNames(of: g.index(of: admins)!) == ["AD_Group", "Group"])
    #expect(g.edge(domainAdmins, "MemberOf", admins) != nil)
    #expect(g.edge(administrator, "MemberOf", admins) != nil)
    let control = try #require(g.edge(domainAdmins, "CanManage", administrator))
    #expect(control["technique"].map { "\($0.jsonText)" }?.contains("Owns") == true)
  }

  @Test("AzureHound federated credentials sign in as their application, linked to Entra by appId")
  func azureHound() throws {
    let result = try InputLoader().load([Fixtures.path("azurehound")])
    let g = result.graph
    let app = "entra-app:0d29ecac-dc63-41be-a19b-17ccbb781f1f"
    let fic = try #require(g.nodeIDs.first { $0.hasPrefix("entra-federated:0d29ecac") })
    #expect(g.edge(fic, "AuthenticatesAs", app) != nil)
  }

  @Test("every fixture folder imports, all together into one graph")
  func everything() throws {
    // bloodhound-opengraph also holds JSON Schemas, which are rightly refused as input: take its data files.
    let folders = [
      "aws-iam", "azurehound", "bloodhound-legacy", "entra-graph", "gcp-iam", "github", "hand-made", "k8s-rbac",
      "mcp-agent-config",
      "okta", "scim",
    ]
    let openGraph = [
      "githound_sample_O_kgDOCoV2OQ.json", "githound_saml_sample_O_kgDOCoV2OQ.json", "openhound_sample_graph.json",
      "bloodhound-docs_opengraph-minimal.json",
    ]
    let result = try InputLoader().load(
      folders.map { Fixtures.path($0) } + openGraph.map { Fixtures.path("bloodhound-opengraph/\($0)") })
    #expect(Set(result.sources.map(\.format)).count == 13)
    #expect(result.graph.nodeCount > 1500)
    #expect(result.correlated["email", default: 0] >= 1)
  }
}
