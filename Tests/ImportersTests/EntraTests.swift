import AccessGraph
import Importers
import TestSupport
import Testing

@Suite("Microsoft Entra / Graph")
struct EntraTests {

  let alice = "entra:9bd5e582-f6fc-5b49-8d96-fd960ff56d99"
  let helpdesk = "entra:b220af40-69ed-5e1d-b2fc-34bef2637f50"
  let copilotSP = "entra:5b38359d-2b48-5914-96c5-04a65a608568"
  let zendesk = "entra:73143d5c-a1a7-5e16-8ba3-bf4243a35e57"
  let globalAdmin = "entra:58e727a7-d1e6-5d46-b629-9814b0eb0d45"

  @Test("a Graph dump: users, groups with members from the index, owners, roles, grants and app roles")
  func graphDump() throws {
    let result = try InputLoader(strict: true).load([Fixtures.path("entra-graph/synthetic_graph_dump")])
    let g = result.graph
    #expect(result.sources.allSatisfy { $0.format == .entraGraph })
    let a = try #require(g.index(of: alice))
    #expect(g.kindNames(of: a) == ["Entra_User", "Human"])
    #expect(g.properties(of: a)["email"] == .string("alice@contoso.example"))
    #expect(g.properties(of: g.index(of: "entra:56120d8f-fe2a-524e-b9a3-8a8005746d07")!)["disabled"] == .bool(true))
    #expect(g.edge(alice, "MemberOf", helpdesk) != nil)
    #expect(g.edge(helpdesk, "HasRole", "entra-role:729827e3-9c14-49f7-bb1b-9608f156bbb8") != nil)
    #expect(g.edge("entra-role:729827e3-9c14-49f7-bb1b-9608f156bbb8", "CanAct", "entra:users") != nil)
    #expect(g.edge(alice, "Owns", copilotSP) != nil)
    #expect(g.kindNames(of: g.index(of: copilotSP)!) == ["Entra_ServicePrincipal", "Agent"])
    #expect(g.edge(copilotSP, "CanAdmin", "entra:tenant")?["technique"] == .string("RoleManagement.ReadWrite.Directory"))
    #expect(g.edge("entra:9066eed9-cafb-564e-8e9e-dc114e4f4be1", "AuthenticatesAs", copilotSP) != nil)
    let delegated = try #require(g.edge(zendesk, "OAuthGrant", globalAdmin))
    #expect(delegated["scopes"] == .string("Files.ReadWrite.All Directory.AccessAsUser.All"))
    #expect(g.edge(zendesk, "OAuthGrant", "entra:all-users")?["scopes"] == .string("Mail.Read User.Read offline_access"))
    #expect(g.edge(globalAdmin, "HasRole", "entra-role:62e90394-69f5-4237-9190-012177145e10") != nil)
  }

  @Test("ScubaGear PowerShell exports (UTF-16, PascalCase, /Date()/) map onto the same records")
  func scubaGear() throws {
    let sps = try InputLoader().load([Fixtures.path("entra-graph/scubagear_MockServicePrincipals.json")]).graph
    let sp = try #require(sps.index(of: "entra:00000000-0000-0000-0000-000000000010"))
    #expect(sps.kindNames(of: sp) == ["Entra_ServicePrincipal", "ServiceAccount"])
    let credential = try #require(sps.index(of: "entra-credential:00000000-0000-0000-0000-000000000010"))
    #expect(sps.properties(of: credential)["expires"] == .string("2100-01-01T00:00:00Z"))
    let apps = try InputLoader().load([Fixtures.path("entra-graph/scubagear_MockApplications.json")]).graph
    let app = try #require(apps.index(of: "entra:00000000-0000-0000-0000-000000000001"))
    #expect(
      apps.properties(of: app)["requested_permissions"]
        == .array([.string("Application.ReadWrite.All"), .string("RoleManagement.ReadWrite.Directory")]))
    let settings = try InputLoader().load([Fixtures.path("entra-graph/scubagear_ProviderSettingsExport_aad_excerpt.json")]).graph
    #expect(
      settings.edge("entra:66b4d5c2-71c9-4644-8728-74e3a8324d81", "HasRole", "entra-role:62e90394-69f5-4237-9190-012177145e10")
        != nil)
  }

  @Test("every Entra fixture imports, each by content")
  func all() throws {
    let result = try InputLoader().load([Fixtures.path("entra-graph")])
    #expect(result.sources.count == 24)
    #expect(result.report.counts[.unresolvedEndpoint] == 1, "an application whose service principal is not exported")
  }
}
