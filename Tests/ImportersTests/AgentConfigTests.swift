import AccessGraph
import Foundation
import Importers
import TestSupport
import Testing

@Suite("AI-agent tool configurations")
struct AgentConfigTests {
  let zendeskKey = "secret:sha256:49bfc536b39c06f4"
  let githubKey = "secret:sha256:e69a21297e65d902"

  func load(_ files: String...) throws -> InputLoader.Result {
    try InputLoader().load(files.map { Fixtures.path($0) })
  }

  func targets(_ graph: AccessGraph, from id: String, kind: String) -> [String] {
    graph.outEdges(of: graph.index(of: id)!).filter { graph.kindName(of: $0) == kind }.map { graph.id(of: graph.target(of: $0)) }
      .sorted()
  }

  @Test("Claude Desktop: the client agent, its servers, and each credential as a fingerprint")
  func claudeDesktop() throws {
    let result = try load("mcp-agent-config/synthetic/claude_desktop_config.json")
    let graph = result.graph
    #expect(result.sources.map(\.format) == [.mcpConfig])
    let agent = "mcp-client:claude_desktop_config"
    #expect(
      targets(graph, from: agent, kind: "CanInvoke") == [
        "mcp-server:claude_desktop_config/aws", "mcp-server:claude_desktop_config/filesystem",
        "mcp-server:claude_desktop_config/github",
        "mcp-server:claude_desktop_config/zendesk",
      ])
    #expect(targets(graph, from: agent, kind: "HasCredential") == [githubKey, zendeskKey].sorted())
    #expect(targets(graph, from: "mcp-server:claude_desktop_config/zendesk", kind: "HasCredential") == [zendeskKey])
    let zendesk = graph.properties(of: graph.index(of: "mcp-server:claude_desktop_config/zendesk")!)
    #expect(zendesk["env_ZENDESK_EMAIL"] == .string("svc-sync@contoso.example"))
    #expect(zendesk["env_ZENDESK_API_TOKEN"] == nil)
    let aws = graph.properties(of: graph.index(of: "mcp-server:claude_desktop_config/aws")!)
    #expect(aws["env_AWS_PROFILE"] == .string("agent-deployer"))
    #expect(graph.properties(of: graph.index(of: zendeskKey)!)["name"] == .string("ZENDESK_API_TOKEN"))
  }

  @Test("every client spelling imports, and no secret value reaches the graph or its export")
  func allClientsWithoutSecrets() throws {
    let result = try load("mcp-agent-config")
    #expect(result.sources.count == 12)
    #expect(Set(result.sources.map(\.format)) == [.mcpConfig, .a2aCard, .mcpRegistry])
    let exported = OpenGraphWriter.json(for: result.graph)
    for secret in ["FAKE-github-pat-for-tests", "FAKE-zendesk-token-for-tests", "FAKE-password", "FAKE-remote-token"] {
      #expect(!exported.contains(secret), "\(secret) leaked")
    }
    #expect(exported.contains("postgresql://support_ro:***@db.internal:5432/support"))
    let graph = result.graph
    #expect(targets(graph, from: "mcp-client:codex_config", kind: "HasCredential") == [githubKey, zendeskKey].sorted())
    #expect(graph.index(of: "secret-file:/home/alice/keys/support-agent.json") != nil)
    #expect(graph.index(of: "secret-ref:input:gh-token") != nil)
    #expect(graph.index(of: "secret-ref:K8S_CONTEXT:-prod") == nil, "a context name is not a secret")
  }

  @Test("A2A agent cards and MCP registry manifests become agents and packages with their secrets")
  func cardsAndRegistry() throws {
    let card = try load("mcp-agent-config/a2a_agent-card_full.json").graph
    let agent = try #require(card.nodeIDs.first)
    #expect(card.kindNames(of: 0) == ["Agent", "A2A_Agent"])
    #expect(card.properties(of: 0)["auth_schemes"].map { "\($0.jsonText)" }?.contains("bearerAuth") == true)
    #expect(agent.hasPrefix("a2a:"))
    let registry = try load("mcp-agent-config/mcp-registry_seed_2025_05_16.json")
    #expect(registry.sources[0].nodes == 471)
    let magic = try #require(registry.graph.index(of: "mcp-package:io.github.21st-dev/magic-mcp"))
    #expect(registry.graph.properties(of: magic)["secrets"] == .array([.string("API_KEY")]))
    let remote = try load("mcp-agent-config/mcp-registry_server-json_with-remote.json").graph
    #expect(remote.properties(of: 0)["secrets"] == .array([.string("Authorization")]))
  }

  @Test("secret recognition: names, shapes, references and URL passwords")
  func secrets() throws {
    var builder = GraphBuilder()
    let config = """
      {"mcpServers": {"s": {"command": "x", "args": ["--token", "ghp_abcdefghijklmnop", "https://u:pw@h/x"],
        "env": {"API_KEY": "${env:MY_KEY}", "REGION": "eu", "HOME_DIR": "${HOME}", "DB_PASSWORD": "hunter2"},
        "headers": {"Authorization": "Bearer abc.def"}}}}
      """
    _ = try InputLoader().loadDocument(Array(config.utf8), named: "cfg.json", into: &builder)
    let graph = try builder.build().graph
    let credentials = graph.nodeIDs.filter { $0.hasPrefix("secret") }.sorted()
    #expect(credentials.count == 5)
    #expect(credentials.contains("secret-ref:MY_KEY"))
    #expect(!credentials.contains("secret-ref:HOME"))
    let server = graph.properties(of: graph.index(of: "mcp-server:cfg/s")!)
    #expect(server["args"] == .array([.string("--token"), .string("***"), .string("https://u:***@h/x")]))
    #expect(server["env_REGION"] == .string("eu"))
    #expect(!OpenGraphWriter.json(for: graph).contains("hunter2"))
  }

  @Test("a server entry that is not an object is skipped and reported; the client's other servers load")
  func brokenServerEntry() throws {
    let config = #"{"mcpServers": {"good": {"command": "npx"}, "bad": 7}}"#
    let (graph, report) = try loadLeniently(config, named: "cfg.json")
    #expect(graph.edge("mcp-client:cfg", "CanInvoke", "mcp-server:cfg/good") != nil)
    #expect(graph.index(of: "mcp-server:cfg/bad") == nil)
    #expect(report.samples.map(\.description) == ["cfg.json (mcpServers.bad): malformed record: a server is an object"])
  }
}

@Suite("YAML inventory")
struct InventoryTests {
  @Test("sections, relationship keys, permissions, edge lines and properties")
  func reads() throws {
    let result = try InputLoader(strict: true).load([
      Fixtures.path("hand-made/inventory.yaml"), Fixtures.path("mcp-agent-config/synthetic/claude_desktop_config.json"),
    ])
    let graph = result.graph
    #expect(result.sources.map(\.format) == [.inventory, .mcpConfig])
    let bob = try #require(graph.index(of: "bob"))
    let bobEdge = try #require(graph.outEdges(of: bob).first)
    #expect(graph.kindName(of: bobEdge) == "CanAdmin")
    #expect(graph.properties(ofEdge: bobEdge)["requiresApproval"] == .bool(true))
    #expect(graph.kindNames(of: graph.index(of: "zendesk-admin")!) == ["Resource"])
    #expect(graph.properties(of: graph.index(of: "zendesk-admin")!)["sensitivity"] == .string("critical"))
    let alice = try #require(graph.index(of: "alice"))
    let read = try #require(graph.outEdges(of: alice).first { graph.kindName(of: $0) == "CanRead" })
    #expect(graph.properties(ofEdge: read)["expires"] == .string("2027-01-01T00:00:00Z"))
  }

  @Test(
    "mistakes name the file, line, column and place",
    arguments: [
      ("humans:\n  alice: {can: {own: [x]}}\n", "inv.yaml:2:17: at humans.alice.can: 'own' is not read, propose, act or admin"),
      ("people:\n  alice: {}\n", "inv.yaml:1:1: at people: unknown section 'people'"),
      ("edges:\n  - alice knows bob\n", "inv.yaml:2:5: at edges[0]: write an edge as 'a -Kind-> b key=value ...'"),
      ("humans:\n  alice: {team: {a: 1}}\n", "inv.yaml:2:17: at humans.alice.team: property values are strings"),
      ("humans: [\n", "inv.yaml:2:1: malformed input:"),
    ])
  func rejects(text: String, expected: String) {
    var builder = GraphBuilder()
    do {
      _ = try InputLoader(format: .inventory).loadDocument(Array(text.utf8), named: "inv.yaml", into: &builder)
      Issue.record("accepted")
    } catch {
      #expect("\(error)".hasPrefix(expected), "\(error)")
    }
  }
}
