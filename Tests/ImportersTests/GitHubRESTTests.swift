import AccessGraph
import Importers
import TestSupport
import Testing

@Suite("GitHub REST")
struct GitHubRESTTests {
  @Test("every response imports; tokens, installations and repositories carry their access")
  func all() throws {
    let result = try InputLoader(strict: true).load([Fixtures.path("github")])
    #expect(result.sources.count == 26)
    #expect(result.sources.filter { $0.format == .github }.count == 25, "scimusers.json is SCIM")
    let g = result.graph
    let token = try #require(g.nodeIDs.first { $0.hasPrefix("gh-pat:") })
    let t = g.index(of: token)!
    #expect(g.kindNames(of: t) == ["GH_PersonalAccessToken", "Credential"])
    #expect(g.properties(of: t)["expires"] != nil)
    #expect(g.outEdges(of: t).contains { g.kindName(of: $0).hasPrefix("Can") })
    let install = try #require(g.nodeIDs.first { $0.hasPrefix("gh-install:") })
    #expect(g.kindNames(of: g.index(of: install)!) == ["GH_AppInstallation", "ServiceAccount"])
    #expect(g.nodeIDs.contains { $0.hasPrefix("gh-secret:") })
    // Collaborators saved under their API path reach the repository the path names.
    let repository = "MDEwOlJlcG9zaXRvcnkxMjk2MjY5"
    #expect(g.edge("MDQ6VXNlcjE=", "CanAct", repository)?["technique"] == .string("repository collaborator (write)"))
    #expect(g.edge("MDQ6VXNlcjI=", "CanAdmin", repository) != nil)
  }

  @Test("REST users merge with GitHound's OpenGraph users by node id")
  func mergesWithGitHound() throws {
    let rest = try InputLoader().load([Fixtures.path("github/openhound-github_org-role-users.json")]).graph
    let user = try #require(rest.nodeIDs.first)
    #expect(rest.kindNames(of: 0) == ["GH_User", "Human"])
    #expect(user.hasPrefix("MDQ6") || user.hasPrefix("U_"))
  }
}
