import Foundation
import TestSupport
import Testing

@testable import pathscan

@Suite("Writing output")
struct AtomicFileTests {
  let example = CommandRunner.example
  let at = ["--at", "2026-11-22T00:00:00Z", "-q"]

  func isCharacterDevice(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR
  }

  @Test("a device is written through, never replaced: /dev/null takes the report, /dev/full fails with exit 1")
  func devices() {
    let null = CommandRunner.run(["scan", example, "-o", "/dev/null"] + at)
    #expect(null.status == 0)
    #expect(isCharacterDevice("/dev/null"))
    let full = CommandRunner.run(["scan", example, "--format", "json", "-o", "/dev/full"] + at)
    #expect(full.status == 1)
    #expect(full.err.contains("/dev/full: cannot write: No space left on device"))
    #expect(isCharacterDevice("/dev/full"))
  }

  @Test("a symbolic link is followed: its target is replaced, the link stays; a folder is refused")
  func links() throws {
    let scratch = try TemporaryDirectory("pathscan-out")
    let dir = scratch.url
    let target = dir.appendingPathComponent("report.txt").path
    let link = dir.appendingPathComponent("latest.txt").path
    try Data("old".utf8).write(to: URL(fileURLWithPath: target))
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "report.txt")
    #expect(CommandRunner.run(["scan", example, "-o", link] + at).status == 0)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "report.txt")
    #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("32 findings"))
    let folder = CommandRunner.run(["scan", example, "-o", dir.path] + at)
    #expect(folder.status == 1 && folder.err.contains("\(dir.path): cannot write: it is a folder"))
  }

  @Test("standard output that refuses the text ends the command with a message and exit 1, not a crash")
  func fullStandardOutput() throws {
    let binary = Fixtures.project(".build/debug/pathscan")
    try #require(FileManager.default.isExecutableFile(atPath: binary), "build the tool first (swift build --build-tests)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = ["kinds", example, "-q"]
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 1)
    #expect(message.contains("cannot write to standard output: No space left on device"))
  }
}
