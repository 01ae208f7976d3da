import Foundation
import TestSupport
import Testing

@testable import pathscan

@Suite("pathscan render")
struct RenderCommandTests {
  let example = CommandRunner.example
  let at = ["--at", "2026-11-22T00:00:00Z", "-q"]

  func temporary(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("pathscan-\(UUID())-\(name)").path
  }

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
      (["--from", "alice", "-o", "x.svg"], "give either --finding ID, or both --from and --to"),
      (["--from", "siem", "--to", "alice", "-o", "x.svg"], "no path from siem to alice"),
    ])
  func errors(arguments: [String], message: String) {
    let result = CommandRunner.run(["render", example] + arguments + at)
    #expect(result.status == 1)
    #expect(result.err.contains(message), "\(result.err)")
  }
}
