import AccessGraph
import Foundation
import Importers
import TestSupport
import Testing

@Suite("Tier zero without labels")
struct TierZeroTests {
  /// The ids a load marks critical, among `candidates`.
  func critical(_ folder: String) throws -> Set<String> {
    let graph = try InputLoader().load([Fixtures.path(folder)]).graph
    return Set(graph.nodeIDs.filter { graph.properties(of: graph.index(of: $0)!)["sensitivity"] == .string("critical") })
  }

  @Test("Entra: the tenant-wide admin roles are critical, a role scoped to one object is not")
  func entra() throws {
    let marked = try critical("entra-graph")
    for role in [
      "entra-role:62e90394-69f5-4237-9190-012177145e10", "entra-role:e8611ab8-c189-46e8-94e1-60213ab1f814",
      "entra-role:9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "entra-role:158c047a-c907-4556-b7ef-446551a6b5f7",
    ] {
      #expect(marked.contains(role), "\(role)")
    }
    #expect(!marked.contains("entra-role:158c047a-c907-4556-b7ef-446551a6b5f7@90"))
    #expect(!marked.contains("entra-role:fe930be7-5e62-47db-91af-98c3a49a38b1"))
  }

  @Test("Okta super admin, GitHub organisations and owners, AD's admin groups, GCP owner bindings")
  func others() throws {
    #expect(try critical("okta").contains("okta-role:SUPER_ADMIN"))
    #expect(!(try critical("okta")).contains("okta-role:HELP_DESK_ADMIN"))
    let github = try critical("bloodhound-opengraph")
    #expect(github.contains("O_kgDOCoV2OQ"))
    #expect(github.contains("T19rZ0RPQ29WMk9RX293bmVycw=="))
    #expect(!github.contains("T19rZ0RPQ29WMk9RX21lbWJlcnM="))
    let ad = try critical("bloodhound-legacy")
    for rid in ["512", "518", "519"] { #expect(ad.contains("ad:S-1-5-21-3130019616-2776909439-2417379446-\(rid)")) }
    #expect(!ad.contains("ad:S-1-5-21-3130019616-2776909439-2417379446-513"))
    let gcp = try critical("gcp-iam")
    #expect(gcp.contains { $0.hasPrefix("gcp-role:roles/owner@") })
    #expect(!gcp.contains { $0.hasPrefix("gcp-role:roles/compute.admin@") })
  }

  @Test("what the input says wins over a mark")
  func inputWins() throws {
    var builder = GraphBuilder()
    let here = SourceLocation(file: "t")
    try builder.addNode(
      id: "okta-role:SUPER_ADMIN", kinds: ["Okta_AdminRole"], properties: Properties([("sensitivity", .string("low"))]), at: here)
    try builder.addNode(id: "u", kinds: ["User"], properties: Properties([("enabled", .bool(false))]), at: here)
    let counts = TierZero.mark(&builder)
    let graph = try builder.build().graph
    #expect(graph.properties(of: graph.index(of: "okta-role:SUPER_ADMIN")!)["sensitivity"] == .string("low"))
    #expect(graph.properties(of: graph.index(of: "u")!)["disabled"] == .bool(true))
    #expect(counts == ["any OpenGraph export": 1])
  }
}
