import Foundation
import TestSupport
import Testing

@testable import pathscan

/// Runs `pathscan` commands in-process, capturing what they print.
enum CommandRunner {
  struct Output {
    var out: String
    var err: String
    var status: Int32
  }

  static let example = Fixtures.project("examples/support-escalation.json")

  static func run(_ arguments: [String]) -> Output {
    let capture = Console.Capture()
    var status: Int32 = 0
    Console.$capture.withValue(capture) {
      do {
        var command = try Pathscan.parseAsRoot(arguments)
        try command.run()
      } catch {
        status = Pathscan.exitStatus(for: error)
        Console.error(Pathscan.fullMessage(for: error))
      }
    }
    return Output(out: capture.out, err: capture.err, status: status)
  }

  /// Compares `text` with a golden file; `UPDATE_GOLDEN=1 swift test` rewrites them.
  /// Paths in the output that name where the checkout or a test's temporary file lies are
  /// replaced by fixed text first (`replacing`), so the files hold on every machine.
  static func expectGolden(
    _ output: String, _ name: String, replacing places: [String: String] = [:],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    var text = output.replacingOccurrences(of: Fixtures.root.path + "/", with: "")
    for (place, fixed) in places { text = text.replacingOccurrences(of: place, with: fixed) }
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
      try Data(text.utf8).write(to: url)
      // An update run must not pass for a check: it compared nothing.
      Issue.record("rewrote Golden/\(name); run again without UPDATE_GOLDEN to check it", sourceLocation: sourceLocation)
      return
    }
    let golden = try String(contentsOf: url, encoding: .utf8)
    #expect(text == golden, "output differs from Golden/\(name)", sourceLocation: sourceLocation)
  }
}
