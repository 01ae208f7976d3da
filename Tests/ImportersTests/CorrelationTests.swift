import AccessGraph
import Foundation
import Importers
import TestSupport
import Testing

@Suite("Identity correlation across sources")
struct CorrelationTests {
  let k8s = Fixtures.path("k8s-rbac/synthetic_kubectl_get_rbac_list.json")
  let gcp = Fixtures.path("gcp-iam/synthetic_sa_deployer_iam_policy.json")

  func acts(_ g: AccessGraph, _ a: String, _ b: String) -> Properties? {
    guard let s = g.index(of: a), let t = g.index(of: b) else { return nil }
    return g.outEdges(of: s).first { g.target(of: $0) == t && g.kindName(of: $0) == "ActsAs" }.map(g.properties(ofEdge:))
  }

  @Test("the same email in two sources links the accounts both ways and is counted")
  func byEmail() throws {
    let result = try InputLoader().load([k8s, gcp])
    #expect(result.correlated == ["email": 1])
    let g = result.graph
    #expect(acts(g, "k8s:user:alice@contoso.example", "user:alice@contoso.example")?["correlation"] == .string("email"))
    #expect(acts(g, "user:alice@contoso.example", "k8s:user:alice@contoso.example") != nil)
    let off = try InputLoader(correlate: false).load([k8s, gcp])
    #expect(off.correlated.isEmpty)
    #expect(acts(off.graph, "user:alice@contoso.example", "k8s:user:alice@contoso.example") == nil)
  }

  @Test("nodes of different categories or from the same file are not linked")
  func boundaries() throws {
    var builder = GraphBuilder()
    let a = SourceLocation(file: "a.json")
    let b = SourceLocation(file: "b.json")
    let mail = Properties([("email", .string("x@y"))])
    try builder.addNode(id: "a-human", kinds: ["Human"], properties: mail, at: a)
    try builder.addNode(id: "a-human-2", kinds: ["Human"], properties: Properties([("email", .string("X@Y"))]), at: a)
    try builder.addNode(id: "b-group", kinds: ["Group"], properties: mail, at: b)
    #expect(try builder.correlate(on: ["email"]).isEmpty)
    try builder.addNode(id: "b-human", kinds: ["Okta_User", "Human"], properties: Properties([("email", .string("X@y"))]), at: b)
    #expect(try builder.correlate(on: ["email"]) == ["email": 1])
  }

  @Test("an inventory's same_as lists link ids explicitly")
  func mapping() throws {
    var builder = GraphBuilder()
    let text = """
      humans:
        alice: {}
        alice-admin: {}
      same_as:
        - [alice, alice-admin]
      """
    _ = try InputLoader(format: .inventory).loadDocument(Array(text.utf8), named: "map.yaml", into: &builder)
    let g = try builder.build(strict: true).graph
    #expect(acts(g, "alice", "alice-admin")?["correlation"] == .string("mapping"))
    #expect(acts(g, "alice-admin", "alice") != nil)
  }
}
