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

  @Test("removing an edge reports the findings it removes and adds, in path form")
  func removeEdge() throws {
    let result = CommandRunner.run(["whatif", example, "--remove-edge", "support-assistant:HasCredential:key-svc-helpdesk"] + at)
    #expect(result.status == 0, "\(result.err)")
    let output = try decode(result.out)
    let removed = output["removedFindings"] as! [[String: Any]]
    let added = output["addedFindings"] as! [[String: Any]]
    #expect(removed.map { $0["rule"] as! String }.sorted() == ["agent-chain-escalation", "shared-nhi", "shared-nhi"])
    #expect(added.map { $0["target"] as! String } == ["idp-directory"])
    let addedPaths = output["added"] as! [[String: Any]]
    #expect((addedPaths[0]["nodes"] as! [String]).contains("triage-agent"))
    #expect(addedPaths[0]["tier"] as? String == "admin")
  }

  @Test("adding an edge between paths' selections adds exactly the new path")
  func addEdgePaths() throws {
    let result = CommandRunner.run(
      ["whatif", example, "--add-edge", "alice:MemberOf:helpdesk-operators", "--from", "alice", "--to", "idp-directory"] + at)
    let output = try decode(result.out)
    #expect((output["removed"] as! [Any]).isEmpty)
    let added = output["added"] as! [[String: Any]]
    #expect(added.map { $0["nodes"] as! [String] } == [["alice", "helpdesk-operators", "role-password-reset", "idp-directory"]])
  }

  @Test("a changes file removes a node and its edges")
  func changesFile() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("pathscan-changes-\(UUID()).yaml")
    defer { try? FileManager.default.removeItem(at: file) }
    try Data("remove_nodes: [secrets-vault]\n".utf8).write(to: file)
    let result = CommandRunner.run(["whatif", example, "--changes", file.path, "--from", "alice", "--to", "siem"] + at)
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
