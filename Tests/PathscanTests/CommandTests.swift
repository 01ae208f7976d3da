import Foundation
import TestSupport
import Testing

@testable import pathscan

@Suite("pathscan commands")
struct CommandTests {
  let example = CommandRunner.example

  @Test("paths --format json matches the golden file")
  func pathsJSON() throws {
    let result = CommandRunner.run([
      "paths", example, "--from", "alice", "--to", "sensitivity:critical", "--format", "json", "-q", "--at",
      "2026-11-22T00:00:00Z",
    ])
    #expect(result.status == 0)
    try CommandRunner.expectGolden(result.out, "paths-alice-critical.json")
  }

  @Test("paths text output lists each path with tier and flags")
  func pathsText() throws {
    let result = CommandRunner.run([
      "paths", example, "--from", "kind:Human", "--to", "idp-directory", "--at", "2026-11-22T00:00:00Z",
    ])
    #expect(result.status == 0)
    try CommandRunner.expectGolden(result.out, "paths-humans-idp.txt")
    #expect(result.err.contains("loaded \(example): 19 nodes, 21 edges (opengraph)"))
  }

  @Test("reach lists every reached node with its highest tier; JSON uses ids as given")
  func reach() throws {
    let text = CommandRunner.run(["reach", example, "--from", "alice", "-q", "--at", "2026-11-22T00:00:00Z"])
    try CommandRunner.expectGolden(text.out, "reach-alice.txt")
    let json = CommandRunner.run(["reach", example, "--from", "alice", "--format", "json", "-q", "--min-tier", "act"])
    let decoded = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as! [String: Any]
    let reached = decoded["reached"] as! [[String: Any]]
    #expect(reached.count == 14)
    #expect(reached.first { $0["id"] as? String == "ticket-system" }?["tier"] as? String == "act")
  }

  @Test("reach --reverse answers who can reach a target at --min-tier or above")
  func reverse() throws {
    let result = CommandRunner.run([
      "reach", example, "--from", "siem", "--reverse", "--min-tier", "admin", "--format", "json", "-q", "--at",
      "2026-11-22T00:00:00Z",
    ])
    let decoded = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as! [String: Any]
    let ids = (decoded["reached"] as! [[String: Any]]).map { $0["id"] as! String }
    #expect(ids == ["alice", "crm-app", "key-siem-admin", "secrets-vault", "svc-siem"])
    let later = CommandRunner.run(["reach", example, "--from", "siem", "--reverse", "-q", "--at", "2027-03-01T00:00:00Z"])
    #expect(later.out.hasPrefix("1 identity reaches siem at read or above"), "only svc-siem once the token has expired")
  }

  @Test("kinds shows every kind with its mapping and flags unmapped edge kinds")
  func kinds() throws {
    let githound = Fixtures.path("bloodhound-opengraph/githound_sample_O_kgDOCoV2OQ.json")
    let bare = CommandRunner.run(["kinds", githound, "-q"])
    #expect(bare.out.hasSuffix("2761 edges have unmapped kinds and are not traversed; map them with --manifest\n"))
    let mapped = CommandRunner.run(["kinds", githound, "-q", "--manifest", Fixtures.project("manifests/githound.json")])
    #expect(mapped.out.hasSuffix("every edge kind is mapped\n"))
    #expect(mapped.out.contains("379    GH_CanWriteBranch") || mapped.out.contains("382    GH_CanWriteBranch"))
  }

  @Test("convert writes OpenGraph that loads back to the same answers")
  func convert() throws {
    let scratch = try TemporaryDirectory("pathscan-convert")
    let out = scratch.path("convert.json")
    let result = CommandRunner.run(["convert", example, "--to", "opengraph", "-o", out, "-q"])
    #expect(result.status == 0)
    let query = ["--from", "alice", "--to", "sensitivity:critical", "--format", "json", "-q", "--at", "2026-11-22T00:00:00Z"]
    let original = CommandRunner.run(["paths", example] + query)
    let again = CommandRunner.run(["paths", out] + query)
    // The same answers; only where each edge was defined differs (another file, other lines).
    func answers(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.contains("\"source\" :") } }
    #expect(!again.out.isEmpty && answers(again.out) == answers(original.out))
    #expect(again.out.contains("\"source\" : \"\(out):"))
  }

  @Test(
    "usage and input errors exit 1 with a message naming the problem",
    arguments: [
      (["paths", "examples/none.json", "--from", "a", "--to", "b"], "examples/none.json: cannot read: no such file or folder"),
      (["reach", "--from", "alice"], "give at least one input file or folder"),
      (["paths", CommandRunner.example, "--from", "nobody", "--to", "idp-directory", "-q"], "no node has the id 'nobody'"),
      (
        ["paths", CommandRunner.example, "--from", "kind:Robot", "--to", "idp-directory", "-q"],
        "--from 'kind:Robot' selects no node"
      ),
      (["reach", CommandRunner.example, "--from", "alice", "--at", "yesterday"], "--at 'yesterday' is not an RFC 3339 time"),
      (["reach", CommandRunner.example, "--from", "alice", "--min-tier", "god"], "--min-tier"),
      (["paths", CommandRunner.example, "--from", "a", "--to", "b", "--max-depth", "0"], "--max-depth must be between 1 and 64"),
      (["frobnicate"], "Unexpected argument 'frobnicate'"),
    ])
  func errors(arguments: [String], message: String) {
    let result = CommandRunner.run(arguments)
    #expect(result.status == 1)
    #expect(result.err.contains(message), "\(result.err)")
  }

  @Test("a strict load fails on dangling edges and names them")
  func strict() {
    let githound = Fixtures.path("bloodhound-opengraph/githound_sample_O_kgDOCoV2OQ.json")
    let result = CommandRunner.run(["reach", githound, "--from", "O_kgDOCoV2OQ", "--strict"])
    #expect(result.status == 1)
    #expect(result.err.contains("--strict is set"))
    #expect(result.err.contains("GH_HasEnvironment start 'D1B8D1241EEFC632BA41A4D00E777F11' matches no node"))
  }

  @Test("a selector that matches nothing names the nearest kinds, categories or properties; an empty one is an error")
  func selectorTypos() {
    let at = ["-q", "--at", "2026-11-22T00:00:00Z"]
    let kind = CommandRunner.run(["reach", CommandRunner.example, "--from", "kind:Agnet"] + at)
    #expect(kind.status == 1)
    #expect(kind.err.contains("--from 'kind:Agnet' selects no node: no node has the kind 'Agnet'; did you mean Agent?"))
    let category = CommandRunner.run(["reach", CommandRunner.example, "--from", "category:agnet"] + at)
    #expect(category.err.contains("'category:agnet' is not a category; did you mean agent?"))
    let key = CommandRunner.run(["paths", CommandRunner.example, "--from", "alice", "--to", "sensitivty:critical"] + at)
    #expect(key.err.contains("no node has a property 'sensitivty'; did you mean sensitivity?"))
    let domain = CommandRunner.run(["reach", CommandRunner.example, "--from", "domain:suport"] + at)
    #expect(domain.err.contains("no node has domain 'suport'; did you mean support?"))
    let empty = CommandRunner.run(["reach", CommandRunner.example, "--from", ",,,"] + at)
    #expect(empty.status == 1 && empty.err.contains("selector ',,,' has no terms"))
  }
}
