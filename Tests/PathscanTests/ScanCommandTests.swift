import Foundation
import TestSupport
import Testing

@testable import pathscan

@Suite("pathscan scan")
struct ScanCommandTests {
  let example = CommandRunner.example
  let at = ["--at", "2026-11-22T00:00:00Z", "-q"]
  static let rulesFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/rules.yaml")
    .path

  @Test("text and Markdown reports match their golden files", arguments: ["text", "markdown"])
  func reports(format: String) throws {
    let result = CommandRunner.run(["scan", example, "--format", format] + at)
    #expect(result.status == 0)
    try CommandRunner.expectGolden(result.out, "scan-example.\(format == "text" ? "txt" : "md")")
  }

  @Test("JSON findings carry docs/design.md's path form plus rule, severity and a stable id")
  func json() throws {
    let result = CommandRunner.run(["scan", example, "--format", "json"] + at)
    try CommandRunner.expectGolden(result.out, "scan-example.json")
    let decoded = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as! [String: Any]
    let findings = decoded["findings"] as! [[String: Any]]
    #expect(findings.count == 32)
    for f in findings {
      for key in ["id", "rule", "severity", "nodes", "edges", "tier", "standing", "gated", "exposures"] {
        #expect(f[key] != nil, "\(key)")
      }
      // A finding's id is its first exposure's.
      #expect((f["exposures"] as! [[String: Any]]).first?["id"] as? String == f["id"] as? String)
    }
    let exposures = findings.flatMap { $0["exposures"] as! [[String: Any]] }
    #expect(exposures.count == 46 && Set(exposures.map { $0["id"] as! String }).count == 46)
    let again = CommandRunner.run(["scan", example, "--format", "json"] + at)
    #expect(again.out == result.out)
  }

  @Test("JSON written to a file as it is encoded is the text encoded whole, and no partial file is left")
  func streamedFile() throws {
    let scratch = try TemporaryDirectory("pathscan-stream")
    let directory = scratch.url
    let file = directory.appendingPathComponent("findings.json").path
    #expect(CommandRunner.run(["scan", example, "--format", "json", "-o", file] + at).status == 0)
    let written = try String(contentsOfFile: file, encoding: .utf8)
    try CommandRunner.expectGolden(written, "scan-example.json")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["findings.json"])
    // Whole encoding, for a report with findings and for one without.
    let report = try JSONSerialization.jsonObject(with: Data(written.utf8)) as! [String: Any]
    #expect((report["findings"] as! [Any]).count == 32)
    let quiet = directory.appendingPathComponent("quiet.json").path
    try Data(Self.mediumOnly.utf8).write(to: URL(fileURLWithPath: quiet))
    let none = CommandRunner.run(["scan", quiet, "--format", "json", "--min-severity", "high"] + at)
    #expect(none.out.contains("\"findings\" : [\n\n  ]"))
  }

  @Test("SARIF 2.1.0 has the required structure and one result a finding")
  func sarif() throws {
    let result = CommandRunner.run(["scan", example, "--format", "sarif"] + at)
    let log = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as! [String: Any]
    #expect(log["version"] as? String == "2.1.0")
    let run = (log["runs"] as! [[String: Any]])[0]
    let driver = (run["tool"] as! [String: Any])["driver"] as! [String: Any]
    #expect(driver["name"] as? String == "pathscan")
    let rules = driver["rules"] as! [[String: Any]]
    #expect(rules.count == 10)
    let results = run["results"] as! [[String: Any]]
    #expect(results.count == 32)
    for r in results {
      let index = r["ruleIndex"] as! Int
      #expect(rules[index]["id"] as? String == r["ruleId"] as? String)
      #expect(["error", "warning", "note"].contains(r["level"] as! String))
      let location = ((r["locations"] as! [[String: Any]])[0]["physicalLocation"] as! [String: Any])
      #expect((location["artifactLocation"] as! [String: Any])["uri"] as? String == example)
      #expect(((location["region"] as! [String: Any])["startLine"] as! Int) > 0)
    }
  }

  /// One unowned service account with act (not admin) on a critical resource: a single
  /// medium exposure.
  @Test("the text report's top choke point removes what a what-if without it removes; --top keeps the riskiest findings")
  func triageSummary() throws {
    let text = CommandRunner.run(["scan", example] + at).out
    let top = try #require(text.components(separatedBy: "\n").first { $0.hasPrefix("  1. ") })
    #expect(top == "  1. svc-helpdesk -[MemberOf]-> helpdesk-operators  removes 17 of 32")
    // The 32 are the findings' first exposures, whose ids are the findings' ids.
    let scan = try JSONSerialization.jsonObject(
      with: Data(CommandRunner.run(["scan", example, "--format", "json"] + at).out.utf8))
    let firsts = Set(((scan as! [String: Any])["findings"] as! [[String: Any]]).map { $0["id"] as! String })
    #expect(firsts.count == 32)
    let whatIf = CommandRunner.run(
      ["whatif", example, "--remove-edge", "svc-helpdesk:MemberOf:helpdesk-operators", "--format", "json"] + at)
    let removed = try JSONSerialization.jsonObject(with: Data(whatIf.out.utf8)) as! [String: Any]
    let removedIDs = Set((removed["removedFindings"] as! [[String: Any]]).map { $0["id"] as! String })
    #expect(removedIDs.intersection(firsts).count == 17)
    #expect((removed["added"] as! [Any]).isEmpty)
    #expect(!CommandRunner.run(["scan", example, "--choke-points", "0"] + at).out.contains("TOP CHOKE POINTS"))
    let three = CommandRunner.run(["scan", example, "--top", "3", "--format", "json"] + at)
    let report = try JSONSerialization.jsonObject(with: Data(three.out.utf8)) as! [String: Any]
    let findings = report["findings"] as! [[String: Any]]
    #expect(findings.map { $0["id"] as! String } == ["PS-ce4a068f9800", "PS-f65a49c9c740", "PS-24301cec6674"])
    #expect(findings.map { ($0["risk"] as! [String: Any])["score"] as! Int } == [87, 87, 87])
    let summary = report["summary"] as! [String: Any]
    #expect(summary["findings"] as? Int == 32)
    #expect(summary["identities"] as? Int == 9)
    #expect(
      CommandRunner.run(["scan", example, "--top", "3"] + at).out.contains(
        "32 findings (18 critical, 4 high, 8 medium, 1 low, 1 info) in 19 nodes, 21 edges\nshowing the 3 of highest risk\n"))
    let exposed = summary["mostExposed"] as! [[String: Any]]
    #expect(exposed.map { $0["id"] as! String } == ["idp-directory", "payments-db", "siem"])
    #expect(CommandRunner.run(["scan", example, "--top", "0"] + at).status == 1)
  }

  @Test("beyond 2,000 findings the text report leaves choke points out and says how to get them")
  func chokePointsLeftOut() throws {
    let folder = try TemporaryDirectory()
    let agents = (0..<1_001).map { #"{"id": "agent-\#($0)", "kinds": ["Agent"]}"# }
    let edges = (0..<1_001).map { #"{"kind": "CanAdmin", "start": {"value": "agent-\#($0)"}, "end": {"value": "db"}}"# }
    let db = #"{"id": "db", "kinds": ["Resource"], "properties": {"sensitivity": "critical"}}"#
    let input = try folder.write(
      "many.json",
      Data(
        #"{"graph": {"nodes": [\#((agents + [db]).joined(separator: ","))], "edges": [\#(edges.joined(separator: ","))]}}"#.utf8))
    let text = CommandRunner.run(["scan", input] + at).out
    #expect(text.hasPrefix("3003 findings (1001 critical, 1001 high, 1001 medium)"))
    #expect(text.contains("Choke points left out for 3003 findings"))
    #expect(!text.contains("TOP CHOKE POINTS"))
    let asked = CommandRunner.run(["scan", input, "--choke-points", "1"] + at).out
    #expect(asked.contains("TOP CHOKE POINTS") && !asked.contains("left out"))
  }

  static let mediumOnly = """
    {"graph": {"nodes": [{"id": "svc", "kinds": ["ServiceAccount"]},
      {"id": "db", "kinds": ["Resource"], "properties": {"sensitivity": "critical"}}],
     "edges": [{"kind": "CanAct", "start": {"value": "svc"}, "end": {"value": "db"}}]}}
    """

  @Test("--fail-on exits 3 when a finding is at or above the threshold, 0 otherwise")
  func failOn() throws {
    let scratch = try TemporaryDirectory("pathscan-medium")
    let file = scratch.path("medium.json")
    try Data(Self.mediumOnly.utf8).write(to: URL(fileURLWithPath: file))
    #expect(CommandRunner.run(["scan", example, "--fail-on", "critical"] + at).status == 3)
    #expect(CommandRunner.run(["scan", file, "--fail-on", "medium"] + at).status == 3)
    #expect(CommandRunner.run(["scan", file, "--fail-on", "high"] + at).status == 0)
  }

  @Test("a rules file disables rules, changes severities, adds rules and retargets built-ins")
  func rulesFile() throws {
    let result = CommandRunner.run(["scan", example, "--rules", Self.rulesFile, "--format", "json"] + at)
    #expect(result.status == 0, "\(result.err)")
    let decoded = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as! [String: Any]
    let findings = decoded["findings"] as! [[String: Any]]
    let rules = Set(findings.map { $0["rule"] as! String })
    #expect(!rules.contains("shared-nhi") && !rules.contains("unowned-nhi-critical"))
    #expect(findings.first { $0["rule"] as? String == "confused-deputy" }?["severity"] as? String == "critical")
    let custom = findings.filter { $0["rule"] as? String == "finance-admin" }.map { $0["source"] as! String }
    #expect(custom == ["alice", "carol", "support-assistant", "triage-agent"])
    let chains = findings.filter { $0["rule"] as? String == "agent-chain-escalation" }.map { $0["target"] as! String }
    #expect(chains == ["payments-db", "payments-db"])
    let listed = CommandRunner.run(["scan", "--list-rules", "--rules", Self.rulesFile])
    #expect(listed.out.contains("shared-nhi              medium    no"))
    #expect(listed.out.contains("finance-admin           low       yes"))
  }

  @Test(
    "mistakes in a rules file name the file, line and column",
    arguments: [
      ("rules:\n  - id: x\n    from: kind:Human\n", "rules.yaml:2:5: rule 'x' needs both from and to selectors"),
      ("severity:\n  confused-deputy: urgent\n", "rules.yaml:2:20: severity must be one of info, low, medium, high, critical"),
      ("disable: [no-such-rule]\n", "rules.yaml:1:11: no rule 'no-such-rule' to disable"),
      (
        "rules:\n  - id: agent-chain-escalation\n    from: kind:Human\n",
        "rules.yaml:3:11: rule 'agent-chain-escalation' does not take from"
      ),
      ("rules: [\n", "rules.yaml: malformed YAML"),
      ("colour: blue\n", "rules.yaml:1:1: unknown key 'colour'"),
    ])
  func badRules(text: String, message: String) throws {
    let scratch = try TemporaryDirectory("pathscan-rules")
    let dir = scratch.url
    let file = dir.appendingPathComponent("rules.yaml")
    try Data(text.utf8).write(to: file)
    let result = CommandRunner.run(["scan", example, "--rules", file.path] + at)
    #expect(result.status == 1)
    #expect(result.err.contains(file.path.replacingOccurrences(of: "rules.yaml", with: "") + message), "\(result.err)")
  }

  @Test("-o writes the report whole to a file")
  func outputFile() throws {
    let scratch = try TemporaryDirectory("pathscan-scan")
    let out = scratch.path("scan.md")
    let result = CommandRunner.run(["scan", example, "--format", "markdown", "-o", out] + at)
    #expect(result.status == 0 && result.out.isEmpty)
    #expect(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("# pathscan findings"))
  }
}

@Suite("Findings out of the box")
struct OutOfTheBoxTests {
  /// Every fixture folder that holds a tier-zero principal, and one finding its scan must
  /// have (rule, source, target) with no labels added by hand.
  static let folders: [(String, String)] = [
    ("aws-iam", "tier-zero-path"),
    ("bloodhound-legacy", "tier-zero-path ad:S-1-5-21-3130019616-2776909439-2417379446-500 -> ad:TESTLAB.LOCAL-S-1-5-32-550"),
    ("bloodhound-opengraph", "tier-zero-path"),
    ("entra-graph", "tier-zero-path"),
    ("gcp-iam", "tier-zero-path"),
    ("github", "unowned-nhi-critical gh-install:25381 -> MDEyOk9yZ2FuaXphdGlvbjY4MTE2NzI="),
    ("k8s-rbac", "tier-zero-path"),
    ("okta", "tier-zero-path"),
  ]

  @Test("each fixture folder with a crown jewel yields a finding", arguments: folders)
  func yields(_ folder: String, _ expected: String) throws {
    let path = Fixtures.path(folder)
    let manifest = ["--manifest", Fixtures.project("manifests/githound.json")]
    let result = CommandRunner.run(["scan", path, "--format", "json", "-q"] + manifest)
    #expect(result.status == 0, "\(result.err)")
    let report = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as! [String: Any]
    let found = (report["findings"] as! [[String: Any]]).map { "\($0["rule"]!) \($0["source"]!) -> \($0["target"]!)" }
    #expect(found.contains { $0 == expected || $0.hasPrefix(expected + " ") }, "\(found.prefix(5))")
  }
}

@Suite("Rules files over a graph")
struct RulesOverGraphTests {
  let scratch: TemporaryDirectory
  init() throws { scratch = try TemporaryDirectory("pathscan-rules") }

  func rules(_ text: String) throws -> String {
    let file = scratch.path("rules.yaml")
    try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    return file
  }

  @Test("a selector key no node has and pathscan does not know is an error naming the nearest key")
  func unknownKey() throws {
    let file = try rules("rules:\n  - {id: r, title: t, severity: high, from: \"ownr:bob\", to: \"sensitivity:critical\"}\n")
    let result = CommandRunner.run(["scan", CommandRunner.example, "--rules", file, "-q"])
    #expect(result.status == 1)
    #expect(result.err.contains("rule 'r': selector 'ownr:bob': no node has a property 'ownr'; did you mean owner?"))
  }

  @Test("a selector that matches nothing in this graph is a warning, and the scan runs")
  func matchesNothing() throws {
    let file = try rules(
      "rules:\n  - {id: r, title: t, severity: high, from: \"domain:payments\", to: \"sensitivity:critical\"}\n")
    let result = CommandRunner.run(["scan", CommandRunner.example, "--rules", file, "--at", "2026-11-22T00:00:00Z"])
    #expect(result.status == 0)
    #expect(result.err.contains("warning: \(file): rule 'r': selector 'domain:payments' matches no node in this graph"))
    let typo = try rules("rules:\n  - {id: r, title: t, severity: high, from: \"category:agent\", to: payments-bd}\n")
    let mistyped = CommandRunner.run(["scan", CommandRunner.example, "--rules", typo, "--at", "2026-11-22T00:00:00Z"])
    #expect(mistyped.status == 0)
    #expect(
      mistyped.err.contains(
        "selector 'payments-bd' matches no node in this graph (no node has the id 'payments-bd'; did you mean payments-db?)"),
      "\(mistyped.err)")
  }
}

@Suite("Evidence on every edge")
struct EvidenceTests {
  func findings(_ input: String) throws -> [[String: Any]] {
    let result = CommandRunner.run(["scan", input, "--format", "json", "-q", "--at", "2026-11-22T00:00:00Z"])
    let report = try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as! [String: Any]
    return report["findings"] as! [[String: Any]]
  }

  @Test("an AWS escalation carries its technique, statement and file; nodes carry display names")
  func aws() throws {
    let file = Fixtures.path("aws-iam/moto_authz_details.json")
    let result = CommandRunner.run([
      "paths", file, "--from", "arn:aws:iam::123456789012:user/automation/ci-bot", "--to", "aws-admin:123456789012",
      "--format", "json", "-q", "--limit", "1",
    ])
    let report = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
    let path = try #require((report["paths"] as? [[String: Any]])?.first)
    // ci-bot holds the escalation through its group: membership first, then the group's policy.
    let steps = try #require(path["steps"] as? [[String: Any]])
    #expect(steps.map { $0["kind"] as? String } == ["MemberOf", "CanAdmin"])
    let step = try #require(steps.last)
    let evidence = try #require(step["evidence"] as? [String: String])
    #expect(evidence["statement"] == "policy CiDeploy statement 1")
    #expect(
      evidence["technique"]?.hasPrefix("iam:CreatePolicyVersion on attached arn:aws:iam::123456789012:policy/automation/CiDeploy")
        == true)
    #expect(step["source"] as? String == file)
    #expect(step["tier"] as? String == "admin")
    #expect((path["names"] as? [Any])?.last as? String == "Administrator of AWS account 123456789012")
  }

  @Test("an OpenGraph edge names its file and line; the text report shows names beside opaque ids")
  func lines() throws {
    let found = try findings(CommandRunner.example)
    let chain = try #require(found.first { $0["id"] as? String == "PS-111ae6653ce3" })
    let steps = try #require(chain["steps"] as? [[String: Any]])
    #expect(steps.map { $0["source"] as? String } == [29, 30, 46].map { "\(CommandRunner.example):\($0)" })
    let text = CommandRunner.run(["scan", CommandRunner.example, "-q", "--at", "2026-11-22T00:00:00Z"]).out
    #expect(text.contains("-[CanAdmin]-> Payments database (payments-db)"))
  }
}
