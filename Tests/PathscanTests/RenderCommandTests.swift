import Foundation
import TestSupport
import Testing

@testable import pathscan

@Suite("pathscan render")
struct RenderCommandTests {
  let example = CommandRunner.example
  let at = ["--at", "2026-11-22T00:00:00Z", "-q"]

  let scratch: TemporaryDirectory
  init() throws { scratch = try TemporaryDirectory("pathscan-render") }

  func temporary(_ name: String) -> String { scratch.path(name) }

  @Test("a finding's path renders to SVG with every node on it, and to DOT")
  func finding() throws {
    let svg = temporary("chain.svg")
    defer { try? FileManager.default.removeItem(atPath: svg) }
    let result = CommandRunner.run(["render", example, "--finding", "PS-111ae6653ce3", "-o", svg] + at)
    #expect(result.status == 0, "\(result.err)")
    let text = try String(contentsOfFile: svg, encoding: .utf8)
    for label in ["Support assistant", "Ticket triage agent", "Billing agent", "Payments database", "PS&#45;111ae6653ce3"] {
      #expect(text.contains(label), "\(label)")
    }
    let dot = temporary("chain.dot")
    defer { try? FileManager.default.removeItem(atPath: dot) }
    _ = CommandRunner.run(["render", example, "--finding", "PS-111ae6653ce3", "-o", dot] + at)
    let dotText = try String(contentsOfFile: dot, encoding: .utf8)
    #expect(dotText.hasPrefix("digraph pathscan {"))
    // The chain crosses from support into finance: each domain in its own box, and a legend.
    #expect(dotText.contains("label=\"domain: support\"") && dotText.contains("label=\"domain: finance\""))
    #expect(dotText.contains("subgraph cluster_legend"))
    #expect(dotText.components(separatedBy: " -> ").count == 4)
  }

  @Test("paths between selections render to PNG")
  func paths() throws {
    let png = temporary("alice.png")
    defer { try? FileManager.default.removeItem(atPath: png) }
    let result = CommandRunner.run(["render", example, "--from", "alice", "--to", "sensitivity:critical", "-o", png] + at)
    #expect(result.status == 0, "\(result.err)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: png)).starts(with: [0x89, 0x50, 0x4E, 0x47]))
  }

  @Test(
    "mistakes are usage errors with a message",
    arguments: [
      (["--finding", "PS-000000000000", "-o", "x.svg"], "no finding 'PS-000000000000'"),
      (["--finding", "PS-111ae6653ce3", "-o", "x.jpeg"], "use a name ending in .svg, .png, .pdf or .dot"),
      (["--from", "alice", "-o", "x.svg"], "give one of --finding ID, both --from and --to, or --around ID"),
      (["--from", "siem", "--to", "alice", "-o", "x.svg"], "no path from siem to alice"),
      (["--from", "siem", "--to", "alice", "--max-depth", "65", "-o", "x.svg"], "--max-depth must be between 1 and 64"),
    ])
  func errors(arguments: [String], message: String) {
    let result = CommandRunner.run(["render", example] + arguments + at)
    #expect(result.status == 1)
    #expect(result.err.contains(message), "\(result.err)")
  }

  @Test("--min-tier keeps only paths at that tier, highest first, and the title says how many exist")
  func minTier() throws {
    let dot = temporary("broad.dot")
    defer { try? FileManager.default.removeItem(atPath: dot) }
    let result = CommandRunner.run(
      [
        "render", example, "--from", "kind:Human", "--to", "sensitivity:critical", "--min-tier", "admin", "--limit", "2", "-o",
        dot,
      ]
        + at)
    #expect(result.status == 0, "\(result.err)")
    let text = try String(contentsOfFile: dot, encoding: .utf8)
    #expect(text.contains("label=\"showing 2 of "))
    #expect(text.contains("highest tier first"))
    #expect(text.contains("subgraph cluster_legend"))
  }

  @Test("--around draws a neighbourhood and folds many look-alike members into one counted node")
  func around() throws {
    let members = (1...8).map { #"{"id": "u\#($0)", "kinds": ["Human"]}"# }.joined(separator: ",")
    let edges = (1...8).map { #"{"kind": "MemberOf", "start": {"value": "u\#($0)"}, "end": {"value": "team"}}"# }
      .joined(separator: ",")
    let graph =
      #"{"graph": {"nodes": [\#(members), {"id": "team", "kinds": ["Group"]}, {"id": "db", "kinds": ["Resource"]}], "edges": [\#(edges), {"kind": "CanAct", "start": {"value": "team"}, "end": {"value": "db"}}]}}"#
    let input = temporary("team.json")
    let dot = temporary("around.dot")
    defer {
      try? FileManager.default.removeItem(atPath: input)
      try? FileManager.default.removeItem(atPath: dot)
    }
    try Data(graph.utf8).write(to: URL(fileURLWithPath: input))
    let result = CommandRunner.run(["render", input, "--around", "team", "--depth", "1", "-o", dot, "-q"])
    #expect(result.status == 0, "\(result.err)")
    let text = try String(contentsOfFile: dot, encoding: .utf8)
    #expect(text.contains("8 human nodes"))
    #expect(text.components(separatedBy: " -> ").count - 1 == 2)
    let both = CommandRunner.run(["render", input, "--around", "team", "--finding", "PS-000000000000", "-o", dot, "-q"])
    #expect(both.status == 1 && both.err.contains("give one of --finding ID, both --from and --to, or --around ID"))
  }

  @Test("--context draws the finding's path bold over the edges around it, greyed")
  func context() throws {
    let dot = temporary("context.dot")
    defer { try? FileManager.default.removeItem(atPath: dot) }
    let result = CommandRunner.run(["render", example, "--finding", "PS-ce4a068f9800", "--context", "-o", dot] + at)
    #expect(result.status == 0, "\(result.err)")
    let text = try String(contentsOfFile: dot, encoding: .utf8)
    // The witness has 7 edges, all bold; the context edges are grey.
    #expect(text.components(separatedBy: "penwidth=2.2").count - 1 == 7)
    #expect(text.contains("color=\"#c4c8cf\""))
    #expect(text.contains("context, not on the path"))
  }
}
