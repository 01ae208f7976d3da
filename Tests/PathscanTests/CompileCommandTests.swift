import Foundation
import TestSupport
import Testing

@testable import pathscan

@Suite("pathscan compile")
struct CompileCommandTests {
  let scratch: TemporaryDirectory
  init() throws { scratch = try TemporaryDirectory("pathscan-compile") }

  static let at = ["--at", "2026-11-22T00:00:00Z"]

  /// Standard output with the one line that names the time the command ran.
  static func stable(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\"evaluatedAt\"") }
      .joined(separator: "\n")
  }

  @Test("every command reads the compiled graph and answers as it does from the exports")
  func commandsAgree() throws {
    let inputs = [CommandRunner.example, Fixtures.path("aws-iam"), Fixtures.path("okta")]
    let psg = scratch.path("graph.psg")
    let compiled = CommandRunner.run(["compile"] + inputs + ["-o", psg] + Self.at)
    #expect(compiled.status == 0, "\(compiled.err)")
    #expect(compiled.err.contains("wrote \(psg): "))
    let commands: [[String]] = [
      ["scan", "--format", "json"],
      ["paths", "--from", "alice", "--to", "sensitivity:critical", "--format", "json"],
      ["reach", "--from", "kind:Agent", "--format", "json"],
      ["whatif", "--remove-node", "support-assistant", "--format", "json"],
      ["chokepoints"],
    ]
    for command in commands {
      let fromExports = CommandRunner.run([command[0]] + inputs + command.dropFirst() + ["-q"] + Self.at)
      let fromCompiled = CommandRunner.run([command[0], psg] + command.dropFirst() + ["-q"] + Self.at)
      #expect(fromExports.status == 0 && fromCompiled.status == fromExports.status, "\(command): \(fromCompiled.err)")
      #expect(fromExports.out.count > 100, "\(command) printed too little to compare")
      #expect(Self.stable(fromCompiled.out) == Self.stable(fromExports.out), "\(command) differs")
    }
  }

  @Test("the load summary says the graph was compiled and lists the sources it was built from")
  func summary() throws {
    let psg = scratch.path("graph.psg")
    _ = CommandRunner.run(["compile", CommandRunner.example, Fixtures.path("aws-iam"), "-o", psg, "-q"] + Self.at)
    let result = CommandRunner.run(["scan", psg, "--at", "2026-12-01T00:00:00Z"])
    #expect(result.status == 0, "\(result.err)")
    #expect(result.err.contains("read the compiled graph \(psg), built from:"))
    #expect(result.err.contains("loaded \(CommandRunner.example): 19 nodes, 21 edges (opengraph)"))
    #expect(result.err.contains("note: AWS time conditions were decided when it was compiled (2026-11-22T00:00:00Z)"))
  }

  @Test("recompiling a compiled graph keeps the time and correlation it was built with")
  func recompile() throws {
    let first = scratch.path("first.psg")
    let second = scratch.path("second.psg")
    _ = CommandRunner.run(["compile", Fixtures.path("aws-iam"), "-o", first, "-q", "--no-correlate"] + Self.at)
    let again = CommandRunner.run(["compile", first, "-o", second, "-q", "--at", "2026-12-01T00:00:00Z"])
    #expect(again.status == 0, "\(again.err)")
    let result = CommandRunner.run(["kinds", second, "--at", "2026-12-01T00:00:00Z"])
    #expect(result.err.contains("note: AWS time conditions were decided when it was compiled (2026-11-22T00:00:00Z)"))
    #expect(result.err.contains("note: it was compiled with --no-correlate"))
  }

  @Test("a compiled graph beside other inputs, or a damaged one, fails with exit status 1 and the file named")
  func refusals() throws {
    let psg = scratch.path("graph.psg")
    _ = CommandRunner.run(["compile", CommandRunner.example, "-o", psg, "-q"])
    let mixed = CommandRunner.run(["scan", psg, CommandRunner.example, "-q"])
    #expect(mixed.status == 1)
    #expect(mixed.err.contains("\(psg): a compiled graph is read on its own"))
    let bytes = try Data(contentsOf: URL(fileURLWithPath: psg))
    let cut = try scratch.write("cut.psg", bytes.prefix(bytes.count / 2))
    let damaged = CommandRunner.run(["scan", cut, "-q"])
    #expect(damaged.status == 1)
    #expect(
      damaged.err.contains("\(cut): cannot read: compiled graph is \(bytes.count / 2) bytes but its header says \(bytes.count)"))
    let missing = CommandRunner.run(["compile", CommandRunner.example])
    #expect(missing.status == 1 && missing.err.contains("--output"))
  }
}
