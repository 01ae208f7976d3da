import AccessGraph
import Foundation
import Importers
import TestSupport
import Testing

/// Edges point in the direction of control: a consented app acts as the user, so every
/// `OAuthGrant` runs from an application, agent or service to the user (or group) who
/// consented. A reader that wrote it the other way would give the user the app's privileges.
@Suite("OAuth grants point from the app to the user")
struct OAuthDirectionTests {
  static let actors: Set<NodeCategory> = [.application, .agent, .service]
  static let consenters: Set<NodeCategory> = [.human, .group]

  func grants(_ graph: AccessGraph) -> [(NodeCategory, NodeCategory, String)] {
    let manifest = KindsManifest.builtIn
    var found: [(NodeCategory, NodeCategory, String)] = []
    for s in 0..<graph.nodeCount {
      for e in graph.outEdges(of: s) where graph.kindName(of: e) == "OAuthGrant" {
        let t = graph.target(of: e)
        found.append(
          (
            manifest.category(forKinds: graph.kindNames(of: s)), manifest.category(forKinds: graph.kindNames(of: t)),
            "\(graph.id(of: s)) -> \(graph.id(of: t))"
          ))
      }
    }
    return found
  }

  func check(_ graph: AccessGraph, _ what: String) {
    let found = grants(graph)
    #expect(!found.isEmpty, "\(what) has no OAuthGrant to check")
    for (from, to, edge) in found {
      #expect(Self.actors.contains(from) && Self.consenters.contains(to), "\(what): \(edge) runs \(from) -> \(to)")
    }
  }

  @Test("the bundled example, the README's OpenGraph sample, the inventory and the Entra reader agree")
  func everywhere() throws {
    check(try InputLoader().load([Fixtures.project("examples/support-escalation.json")]).graph, "example")
    let readme = try String(contentsOfFile: Fixtures.project("README.md"), encoding: .utf8)
    let block = try #require(readme.components(separatedBy: "```json\n").dropFirst().first?.components(separatedBy: "```").first)
    var builder = GraphBuilder()
    _ = try InputLoader().loadDocument(Array(block.utf8), named: "README.md", into: &builder)
    check(try builder.build().graph, "README")
    let inventory = """
      humans:
        alice: {grants: [{to: crm-app, scopes: [tickets.read]}]}
      applications:
        crm-app: {}
      """
    var yaml = GraphBuilder()
    _ = try InputLoader().loadDocument(Array(inventory.utf8), named: "inventory.yaml", into: &yaml)
    check(try yaml.build().graph, "inventory")
    check(try InputLoader().load([Fixtures.path("entra-graph")]).graph, "Entra")
  }
}
