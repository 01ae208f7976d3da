import AccessGraph
import Foundation
import TestSupport
import Testing

@testable import pathscan

@Suite("pathscan whatif")
struct WhatIfCommandTests {
  let example = CommandRunner.example
  let at = ["--at", "2026-11-22T00:00:00Z", "-q"]

  func decode(_ text: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
  }

  @Test("removing an edge reports exactly the exposures it removes and adds, each with its path")
  func removeEdge() throws {
    let result = CommandRunner.run(
      ["whatif", example, "--remove-edge", "support-assistant:HasCredential:key-svc-helpdesk", "--format", "json"] + at)
    #expect(result.status == 0, "\(result.err)")
    let output = try decode(result.out)
    let removed = output["removedFindings"] as! [[String: Any]]
    let added = output["addedFindings"] as! [[String: Any]]
    func describe(_ items: [[String: Any]]) -> [String] {
      items.map { "\($0["rule"]!) \($0["source"]!)->\($0["target"]!) \($0["tier"]!)" }
    }
    // The agent chain to payments-db does not use the key, so it stays (and is not listed).
    #expect(
      describe(removed) == [
        "shared-nhi support-assistant->key-svc-helpdesk read", "shared-nhi support-assistant->svc-helpdesk read",
        "shared-nhi triage-agent->key-svc-helpdesk read", "shared-nhi triage-agent->svc-helpdesk read",
      ])
    #expect(describe(added) == ["agent-chain-escalation support-assistant->idp-directory admin"])
    let addedPath = try #require(added[0]["path"] as? [String: Any])
    #expect(
      addedPath["nodes"] as? [String] == [
        "support-assistant", "triage-agent", "key-svc-helpdesk", "svc-helpdesk", "helpdesk-operators", "role-password-reset",
        "idp-directory",
      ])
  }

  @Test("removing a node removes what went through it and adds nothing that already existed")
  func removeNode() throws {
    let result = CommandRunner.run(["whatif", example, "--remove-node", "support-assistant"] + at)
    #expect(result.status == 0, "\(result.err)")
    #expect(result.out.contains("22 exposures removed, 0 added"))
    #expect(!result.out.contains("\n+ "))
  }

  @Test("--after alone is a what-if: the just-in-time SIEM token lapses")
  func later() throws {
    let result = CommandRunner.run(["whatif", example, "--after", "2027-03-02T00:00:00Z", "--format", "json"] + at)
    #expect(result.status == 0, "\(result.err)")
    let output = try decode(result.out)
    let removed = (output["removedFindings"] as! [[String: Any]]).map { "\($0["source"]!)->\($0["target"]!)" }
    #expect(Set(removed).isSuperset(of: ["crm-app->siem", "alice->siem"]))
    #expect((output["addedFindings"] as! [Any]).isEmpty)
    #expect(output["changes"] as? [String] == ["evaluate at 2027-03-02T00:00:00Z"])
  }

  @Test("re-tiering an edge to read removes the admin exposures it carried")
  func retier() throws {
    let result = CommandRunner.run(
      ["whatif", example, "--retier-edge", "billing-agent:CanAdmin:payments-db=read", "--format", "json"] + at)
    #expect(result.status == 0, "\(result.err)")
    let output = try decode(result.out)
    let removed = (output["removedFindings"] as! [[String: Any]]).map { "\($0["rule"]!) \($0["source"]!)->\($0["target"]!)" }
    #expect(removed.contains("nhi-standing-privilege billing-agent->payments-db"))
    #expect(removed.contains("agent-chain-escalation support-assistant->payments-db"))
    #expect(output["changes"] as? [String] == ["update billing-agent -[CanAdmin]-> payments-db"])
  }

  @Test("an edge kind no manifest maps is an error naming the nearest kinds")
  func unknownKind() throws {
    let result = CommandRunner.run(["whatif", example, "--add-edge", "alice:CanAdmn:siem"] + at)
    #expect(result.status == 1)
    #expect(result.err.contains("edge kind 'CanAdmn'") && result.err.contains("did you mean CanAdmin"))
  }

  @Test("-o writes the result to a file")
  func outputFile() throws {
    let scratch = try TemporaryDirectory("pathscan-whatif")
    let file = scratch.path("whatif.txt")
    let result = CommandRunner.run(["whatif", example, "--remove-node", "crm-app", "-o", file] + at)
    #expect(result.status == 0 && result.out.isEmpty)
    #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("changes: remove node crm-app\n"))
  }

  @Test("adding an edge between paths' selections adds exactly the new path")
  func addEdgePaths() throws {
    let result = CommandRunner.run(
      ["whatif", example, "--add-edge", "alice:MemberOf:helpdesk-operators", "--from", "alice", "--to", "idp-directory"]
        + at + ["--format", "json"])
    let output = try decode(result.out)
    #expect((output["removed"] as! [Any]).isEmpty)
    let added = output["added"] as! [[String: Any]]
    #expect(added.map { $0["nodes"] as! [String] } == [["alice", "helpdesk-operators", "role-password-reset", "idp-directory"]])
  }

  @Test("a changes file removes a node and its edges")
  func changesFile() throws {
    let scratch = try TemporaryDirectory("pathscan-changes")
    let file = scratch.url.appendingPathComponent("changes.yaml")
    try Data("remove_nodes: [secrets-vault]\n".utf8).write(to: file)
    let result = CommandRunner.run(
      ["whatif", example, "--changes", file.path, "--from", "alice", "--to", "siem", "--format", "json"] + at)
    let output = try decode(result.out)
    #expect((output["removed"] as! [[String: Any]]).count == 1)
    #expect((output["added"] as! [Any]).isEmpty)
  }

  @Test("ids with colons parse when they name existing nodes; bad changes are errors")
  func parsing() throws {
    let graph = try Sketch.graph("arn:aws:iam::1:user/a: Human\narn:aws:iam::1:role/r: Role")
    let edge = try Pathscan.WhatIf.parseEdge(
      "arn:aws:iam::1:user/a:CanAssume:arn:aws:iam::1:role/r", in: graph, option: "--add-edge")
    #expect(edge == .init(from: "arn:aws:iam::1:user/a", kind: "CanAssume", to: "arn:aws:iam::1:role/r"))
    let missing = CommandRunner.run(["whatif", example, "--remove-edge", "alice:CanAdmin:siem"] + at)
    #expect(missing.status == 1 && missing.err.contains("there is no edge alice -[CanAdmin]-> siem to remove"))
    let nothing = CommandRunner.run(["whatif", example] + at)
    #expect(nothing.status == 1 && nothing.err.contains("give at least one change"))
  }
}
