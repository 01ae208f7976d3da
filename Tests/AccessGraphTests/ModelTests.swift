import AccessGraph
import Testing

@Suite("Vocabulary of docs/design.md")
struct ModelTests {
  @Test("tiers are ordered read < propose < act < admin and parse with synonyms")
  func tiers() {
    #expect(Tier.allCases == [.read, .propose, .act, .admin])
    #expect(Tier.read < .propose && .propose < .act && .act < .admin)
    #expect(Tier(name: "ADMIN") == .admin)
    #expect(Tier(name: "write") == .act)
    #expect(Tier(name: "recommend") == .propose)
    #expect(Tier(name: "sometimes") == nil)
  }

  @Test("built-in kinds map to docs/design.md's classes, tiers and pivot requirements")
  func builtIns() {
    let m = KindsManifest.builtIn
    for kind in ["MemberOf", "HasRole", "CanAssume", "ActsAs", "AuthenticatesAs", "HasCredential", "OAuthGrant"] {
      #expect(m.rule(forEdgeKind: kind).edgeClass == .inherit)
    }
    #expect(m.rule(forEdgeKind: "CanManage").edgeClass == .control)
    #expect(m.rule(forEdgeKind: "Owns").edgeClass == .control)
    #expect(m.rule(forEdgeKind: "CanInvoke").edgeClass == .invoke)
    #expect(m.rule(forEdgeKind: "CanPropose") == EdgeKindRule(.permission, tier: .propose))
    #expect(m.rule(forEdgeKind: "Contains") == EdgeKindRule(.pivot, requiresTier: .read))
    #expect(m.rule(forEdgeKind: "Hosts") == EdgeKindRule(.pivot, requiresTier: .act))
    #expect(m.rule(forEdgeKind: "Knows").edgeClass == .none)
    #expect(!m.maps(edgeKind: "Knows"))
    #expect(m.category(forKinds: ["Okta_User", "ServiceAccount"]) == .service)
    #expect(m.category(forKinds: ["Okta_User"]) == .unknown)
  }

  @Test("property values keep their JSON text")
  func propertyText() {
    #expect(PropertyValue.number("1.50").jsonText == "1.50")
    #expect(PropertyValue.string("a\"b\n").jsonText == "\"a\\\"b\\n\"")
    #expect(PropertyValue.array([.bool(true), .bool(false)]).jsonText == "[true,false]")
    #expect(PropertyValue.string("x").matchText == "x")
  }
}
