import AccessGraph
import Importers
import Testing

@Suite("Kinds manifests")
struct ManifestTests {
  @Test("classes, tiers, pivot requirements and BloodHound's is_traversable are read")
  func reads() throws {
    let text = """
      {"node_kinds": [{"name": "Okta_User", "category": "human"}, {"name": "Okta_Thing"}],
       "relationship_kinds": [
        {"name": "Okta_MemberOf", "class": "inherit"},
        {"name": "Okta_AppAdmin", "class": "permission", "tier": "admin"},
        {"name": "Okta_Vault", "class": "pivot"},
        {"name": "Okta_Hosts", "class": "pivot", "requiresTier": "act"},
        {"name": "BH_Edge", "is_traversable": true},
        {"name": "BH_Meta", "is_traversable": false}]}
      """
    let m = try KindsManifestReader.parse(Array(text.utf8), file: "m.json")
    #expect(m.nodeKinds == ["Okta_User": .human])
    #expect(m.rule(forEdgeKind: "Okta_MemberOf") == EdgeKindRule(.inherit))
    #expect(m.rule(forEdgeKind: "Okta_AppAdmin") == EdgeKindRule(.permission, tier: .admin))
    #expect(m.rule(forEdgeKind: "Okta_Vault") == EdgeKindRule(.pivot, requiresTier: .read))
    #expect(m.rule(forEdgeKind: "Okta_Hosts") == EdgeKindRule(.pivot, requiresTier: .act))
    #expect(m.rule(forEdgeKind: "BH_Edge").edgeClass == .inherit)
    #expect(m.maps(edgeKind: "BH_Meta") && m.rule(forEdgeKind: "BH_Meta").edgeClass == .none)
  }

  @Test(
    "mistakes name the manifest and the entry",
    arguments: [
      (#"{"relationship_kinds": [{"name": "X", "class": "teleport"}]}"#, "relationship_kinds[0].class: unknown class"),
      (
        #"{"relationship_kinds": [{"name": "X", "class": "permission"}]}"#,
        "relationship_kinds[0]: a permission kind needs a 'tier'"
      ),
      (#"{"node_kinds": [{"category": "human"}]}"#, "node_kinds[0]: needs a string 'name'"),
      (#"{"relationship_kinds": {}}"#, "relationship_kinds: must be an array"),
      (#"{"relationship_kinds": [{"name": "X"#, "malformed input: unterminated string"),
    ])
  func rejects(text: String, expected: String) {
    do {
      _ = try KindsManifestReader.parse(Array(text.utf8), file: "m.json")
      Issue.record("accepted")
    } catch {
      #expect("\(error)".hasPrefix("m.json:"))
      #expect("\(error)".contains(expected), "\(error)")
    }
  }
}
