import Crypto
import Foundation
import TestSupport
import Testing

@testable import pathscan

/// One test at a time: the refused-connection test posts to a port it has just closed, which
/// the kernel may hand to another test's server meanwhile; run alongside, that server took
/// the post and its script went wrong (a stalling hook answered 200).
@Suite("scan --webhook", .serialized)
struct WebhookTests {
  let example = CommandRunner.example
  let at = ["--at", "2026-11-22T00:00:00Z"]

  /// The cron job's command with one hook; `extra` adds options.
  func scan(db: String, hook: String, _ extra: [String] = []) -> [String] {
    ["scan", example, "--db", db, "--alert-on", "new", "--min-severity", "high", "--webhook", hook, "-q"] + at + extra
  }

  @Test("a real pathscan process posts the new exposures once, signed; the next run has nothing new and posts nothing")
  func delivered() throws {
    let binary = Fixtures.project(".build/debug/pathscan")
    try #require(FileManager.default.isExecutableFile(atPath: binary), "build the tool first (swift build --build-tests)")
    let server = try LocalHTTPServer(script: [.status(204)])
    defer { server.stop() }
    let folder = try TemporaryDirectory()
    let db = folder.path("state.db")
    let secret = "correct horse battery staple"
    func run() throws -> (status: Int32, err: String) {
      let process = Process()
      let err = Pipe()
      process.executableURL = URL(fileURLWithPath: binary)
      process.arguments = scan(
        db: db, hook: "http://127.0.0.1:\(server.port)/services/T0/B0/token-part", ["--webhook-secret-env", "HOOK_SECRET"])
      process.environment = ["HOOK_SECRET": secret, "PATH": "/usr/bin:/bin"]
      process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
      process.standardError = err
      try process.run()
      let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      return (process.terminationStatus, text)
    }
    let first = try run()
    #expect(first.status == 3)
    #expect(first.err.contains("32 new exposures at or above high since the last run"))
    try #require(server.requests.count == 1)
    let request = server.requests[0]
    #expect(request.method == "POST" && request.path == "/services/T0/B0/token-part")
    #expect(request.headers["content-type"] == "application/json")
    #expect(request.headers["x-pathscan-delivery"] == "1-1")
    let expected = HMAC<SHA256>.authenticationCode(for: request.body, using: SymmetricKey(data: Data(secret.utf8)))
    #expect(request.headers["x-pathscan-signature-256"] == "sha256=" + expected.map { String(format: "%02x", $0) }.joined())
    let body = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
    #expect(body["run"] as? Int == 1)
    #expect(body["newCount"] as? Int == 32)
    #expect((body["new"] as? [Any])?.count == 32)
    let text = try #require(body["text"] as? String)
    #expect(text.hasPrefix("pathscan: 32 new exposures at or above high in run 1"))
    #expect(text.contains("• PS-111ae6653ce3 [critical] agent-chain-escalation:"))
    #expect(!String(decoding: request.body, as: UTF8.self).contains(secret))
    // The record keeps the host, never the URL's path, where chat hooks keep their token.
    let record = try sqliteShell(db, "SELECT run_id, endpoint, attempts, delivered, http_status, exposures FROM deliveries;")
    #expect(record.hasPrefix("1|http://127.0.0.1:\(server.port) #"))
    #expect(record.hasSuffix("|1|1|204|32"))
    #expect(!record.contains("token-part"))

    let second = try run()
    #expect(second.status == 0)
    #expect(server.requests.count == 1)
    #expect(try sqliteShell(db, "SELECT count(*) FROM runs;") == "2")
  }

  @Test("a 500 is retried after a wait, and the second try delivers")
  func retried() throws {
    let server = try LocalHTTPServer(script: [.status(500), .status(200)])
    defer { server.stop() }
    let folder = try TemporaryDirectory()
    let db = folder.path("state.db")
    let out = CommandRunner.run(scan(db: db, hook: "http://127.0.0.1:\(server.port)/hook", ["--webhook-retries", "2"]))
    #expect(out.status == 3)
    #expect(!out.err.contains("not delivered"))
    #expect(server.requests.count == 2)
    #expect(Set(server.requests.map { $0.headers["x-pathscan-delivery"] ?? "" }) == ["1-1"])
    #expect(server.requests[0].body == server.requests[1].body)
    #expect(try sqliteShell(db, "SELECT attempts, delivered, http_status FROM deliveries;") == "2|1|200")
  }

  @Test("a hook that never answers times out: exit 4, said on stderr, and the run is still recorded")
  func timedOut() throws {
    let server = try LocalHTTPServer(script: [.stall(4)])
    defer { server.stop() }
    let folder = try TemporaryDirectory()
    let db = folder.path("state.db")
    let out = CommandRunner.run(
      scan(db: db, hook: "http://127.0.0.1:\(server.port)/hook", ["--webhook-timeout", "1", "--webhook-retries", "0"]))
    #expect(out.status == 4)
    #expect(out.err.contains("webhook http://127.0.0.1:\(server.port) #"))
    #expect(out.err.contains("not delivered after 1 try (timed out"))
    #expect(out.err.contains("run 1 is recorded"))
    #expect(try sqliteShell(db, "SELECT count(*) FROM exposures WHERE run_id = 1;") == "46")
    #expect(try sqliteShell(db, "SELECT attempts, delivered, http_status IS NULL FROM deliveries;") == "1|0|1")
  }

  @Test("a refused connection is retried, then reported with exit 4")
  func refused() throws {
    let port = try LocalHTTPServer.closedPort()
    let folder = try TemporaryDirectory()
    let db = folder.path("state.db")
    let out = CommandRunner.run(scan(db: db, hook: "http://127.0.0.1:\(port)/hook", ["--webhook-retries", "1"]))
    #expect(out.status == 4)
    #expect(out.err.contains("not delivered after 2 tries (connection refused)"))
    #expect(try sqliteShell(db, "SELECT attempts, delivered, error FROM deliveries;") == "2|0|connection refused")
  }

  @Test("options are checked before anything is scanned")
  func validation() {
    let bad = CommandRunner.run(["scan", example, "--db", "/nonexistent/x.db", "--webhook", "http://127.0.0.1:9/x"])
    #expect(bad.status == 1)
    #expect(bad.err.contains("--webhook posts alerts: give --alert-on new"))
    let scheme = CommandRunner.run(["scan", example, "--db", "x.db", "--alert-on", "new", "--webhook", "ftp://example.com/x"])
    #expect(scheme.status == 1 && scheme.err.contains("is not an http or https URL"))
    let secret = CommandRunner.run([
      "scan", example, "--db", "x.db", "--alert-on", "new", "--webhook", "http://127.0.0.1:9/x", "--webhook-secret-env",
      "PATHSCAN_TEST_UNSET_VARIABLE",
    ])
    #expect(secret.status == 1 && secret.err.contains("that environment variable is not set or empty"))
  }
}
