import AccessGraph
import Importers
import TestSupport
import Testing

@Suite("Okta")
struct OktaTests {

  @Test("every Okta response imports cleanly, each detected by content")
  func all() throws {
    let result = try InputLoader(strict: true).load([Fixtures.path("okta")])
    #expect(result.sources.count == 26)
    #expect(result.sources.allSatisfy { $0.format == .okta })
    let g = result.graph
    let alice = try #require(g.index(of: "okta:00u118oQYT4TBTemp0g4"))
    #expect(g.kindNames(of: alice) == ["Okta_User", "Human"])
    #expect(g.properties(of: alice)["email"] != nil)
  }

  @Test("admin roles, service-app scope grants and API tokens become paths to the org")
  func privileges() throws {
    let g = try InputLoader(strict: true).load([Fixtures.path("okta")]).graph
    let agent = "okta:0oasyntheticagent"
    #expect(g.kindNames(of: g.index(of: agent)!) == ["Okta_Application", "ServiceAccount"])
    #expect(g.properties(of: g.index(of: agent)!)["name"] == .string("Support Copilot Agent (Okta service app)"))
    #expect(g.edge(agent, "HasRole", "okta-role:SUPER_ADMIN") != nil)
    #expect(g.edge("okta-role:SUPER_ADMIN", "CanAdmin", "okta:org") != nil)
    #expect(g.edge(agent, "CanAct", "okta:users")?["scopes"] == .string("okta.users.manage"))
    #expect(g.edge("okta:00gsynthetichelpdesk", "HasRole", "okta-role:USER_ADMIN") != nil)
    #expect(g.edge("okta:00usyntheticalice", "HasRole", "okta-role:HELP_DESK_ADMIN") != nil)
    // Only the file name says which group the member list is of.
    #expect(g.edge("okta:00usyntheticbob", "MemberOf", "okta:00gsynthetichelpdesk") != nil)
    #expect(g.edge("okta:00u118oQYT4TBTemp0g4", "MemberOf", "okta:00gsynthetichelpdesk") == nil)
    #expect(g.edge("okta-role:USER_ADMIN", "CanAct", "okta:users") != nil)
    let token = try #require(g.nodeIDs.first { $0.hasPrefix("okta-token:") })
    #expect(g.properties(of: g.index(of: token)!)["expires"] == .string("2021-12-11T20:38:10.000Z"))
  }
}
