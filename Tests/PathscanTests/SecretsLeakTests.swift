import Foundation
import TestSupport
import Testing

@testable import pathscan

/// Secrets planted in every shape a config holds them, in every config format, must reach no
/// output format and not the state database.
@Suite("No secret leaves the input")
struct SecretsLeakTests {
  /// Every planted value carries `LEAK`, so one search finds any of them.
  static let claude = """
    {"mcpServers": {
      "remote": {"url": "https://alice:LEAKpassword3@mcp.example.com/mcp/sk-LEAKabcdef1234567890/sse?api_key=LEAKq1w2e3r4t5y6u7i8o9p0&region=eu"},
      "local": {"command": "npx", "args": ["-y", "@acme/tool", "--api-key", "LEAKflagvalue4", "--token=LEAKtoken5", "STRIPE_KEY=LEAKstripe6"],
        "env": {"STRIPE_KEY": "LEAKenv7", "DB_PASS": "LEAKdbpass8", "DATABASE_URL": "postgres://app:LEAKdburl9@db.internal:5432/app",
          "MONGO_URI": "mongodb://app:LEAKmongo10@mongo.internal/app", "FOO_SETTING": "LEAKunnamed12x",
          "SLACK_WEBHOOK": "https://hooks.slack.com/services/T0001/B0002/LEAKwebhook11abcdefghijkl", "LOG_LEVEL": "debug"}}
    }}
    """
  static let codex = """
    [mcp_servers.deploy]
    command = "deploy-mcp"
    args = ["--token", "LEAKcodex13", "--url", "https://ci.example.com/hook/LEAKcodexpath14abcdefghij"]

    [mcp_servers.deploy.env]
    GH_PAT = "LEAKcodex15"
    """

  @Test("scan in every format, reach, paths, kinds, convert, render and the state database hold no planted secret")
  func nowhere() throws {
    let scratch = try TemporaryDirectory("pathscan-leak")
    let dir = scratch.url
    let input = dir.appendingPathComponent("configs")
    try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
    try Data(Self.claude.utf8).write(to: input.appendingPathComponent("claude_desktop_config.json"))
    try Data(Self.codex.utf8).write(to: input.appendingPathComponent("config.toml"))
    var outputs: [String: String] = [:]
    for format in ["text", "json", "sarif", "markdown"] {
      let result = CommandRunner.run(["scan", input.path, "--format", format])
      #expect(result.status == 0, "\(result.err)")
      outputs["scan \(format)"] = result.out + result.err
    }
    outputs["reach"] = CommandRunner.run(["reach", input.path, "--from", "kind:Agent", "--format", "json", "-q"]).out
    outputs["kinds"] = CommandRunner.run(["kinds", input.path, "-q"]).out
    outputs["paths"] =
      CommandRunner.run(["paths", input.path, "--from", "kind:Agent", "--to", "kind:Credential", "--format", "json", "-q"]).out
    for ending in ["json", "dot", "svg"] {
      let file = dir.appendingPathComponent("out.\(ending)").path
      let command =
        ending == "json"
        ? ["convert", input.path, "--to", "opengraph", "-o", file, "-q"]
        : ["render", input.path, "--from", "kind:Agent", "--to", "kind:Credential", "-o", file, "-q"]
      #expect(CommandRunner.run(command).status == 0)
      outputs[ending] = try String(contentsOfFile: file, encoding: .utf8)
    }
    let db = dir.appendingPathComponent("state.db").path
    #expect(CommandRunner.run(["snapshot", input.path, "--db", db, "-q"]).status == 0)
    outputs["database"] = String(decoding: try Data(contentsOf: URL(fileURLWithPath: db)), as: UTF8.self)
    for (name, text) in outputs {
      #expect(!text.isEmpty, "\(name) is empty")
      #expect(!text.contains("LEAK"), "\(name) holds a planted secret")
    }
    // The credentials are there, as fingerprints: 15 planted values.
    let converted = outputs["json"]!
    #expect(converted.components(separatedBy: "\"secret:sha256:").count - 1 >= 15)
    #expect(converted.contains("https://alice:***@mcp.example.com/mcp/***/sse?api_key=***&region=***"))
  }
}
