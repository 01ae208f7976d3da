import Foundation
import TestSupport
import Testing

@Suite("pathscan chokepoints")
struct ChokePointsCommandTests {
  @Test("the bundled example: the helpdesk chain is the choke point, three grants cut every high exposure")
  func example() throws {
    let result = CommandRunner.run([
      "chokepoints", CommandRunner.example, "--at", "2026-11-22T00:00:00Z", "-q", "--top", "2", "--budget", "3",
    ])
    #expect(result.status == 0)
    #expect(
      result.out.split(separator: "\n").map(String.init) == [
        "32 exposures at or above high considered",
        "choke points (each count verified by re-analysing the graph without the edge):",
        "  1. svc-helpdesk -[MemberOf]-> helpdesk-operators  removes 17 of 32 (on 17 witness paths)",
        "  2. helpdesk-operators -[HasRole]-> role-password-reset  removes 17 of 32 (on 17 witness paths)",
        "a set of at most 3 edges (greedy hitting set over witness paths, re-analysed after each pick) removes 32 of 32:",
        "  + svc-helpdesk -[MemberOf]-> helpdesk-operators  (17 removed so far)",
        "  + billing-agent -[CanAdmin]-> payments-db  (30 removed so far)",
        "  + svc-siem -[CanAdmin]-> siem  (32 removed so far)",
      ])
    let json = CommandRunner.run([
      "chokepoints", CommandRunner.example, "--at", "2026-11-22T00:00:00Z", "-q", "--to", "payments-db", "--format", "json",
    ])
    let output = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
    let first = try #require((output["chokePoints"] as? [[String: Any]])?.first)
    #expect(first["edges"] as? [String] == ["billing-agent -[CanAdmin]-> payments-db"])
    #expect(first["removes"] as? Int == output["considered"] as? Int)
  }
}
