import AccessGraph
import Testing

@Suite("Built-in kinds")
struct BuiltInKindTests {
  @Test("the named edge kinds are the built-in manifest's, each permission at its tier")
  func edges() {
    let k = BuiltInKind.self
    let named = [
      k.memberOf, k.hasRole, k.canAssume, k.actsAs, k.authenticatesAs, k.hasCredential, k.oauthGrant, k.canManage, k.owns,
      k.canInvoke, k.canRead, k.canPropose, k.canAct, k.canAdmin, k.contains, k.runsAs, k.hosts,
    ]
    #expect(Set(named) == Set(KindsManifest.builtIn.edgeKinds.keys) && named.count == 17)
    for tier in Tier.allCases {
      #expect(KindsManifest.builtIn.rule(forEdgeKind: k.permission(tier)) == EdgeKindRule(.permission, tier: tier))
    }
    #expect(k.permission(.propose) == "CanPropose")
  }

  @Test("the named node kinds map to their categories")
  func nodes() {
    let k = BuiltInKind.self
    let pairs: [(String, NodeCategory)] = [
      (k.human, .human), (k.agent, .agent), (k.serviceAccount, .service), (k.group, .group), (k.role, .role),
      (k.application, .application), (k.credential, .credential), (k.resource, .resource),
    ]
    for (kind, category) in pairs { #expect(KindsManifest.builtIn.category(forKinds: [kind]) == category) }
  }
}
