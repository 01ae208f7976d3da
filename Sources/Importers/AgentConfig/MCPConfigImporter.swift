import AccessGraph
import Foundation
import TOMLKit

/// Reads MCP client configurations: the agent whose configuration it is, each tool server it
/// can invoke, and each credential handed over (env vars, headers, URL passwords, key files).
///
/// Graph: `mcp-client:<file name>` (Agent) `-CanInvoke->` each server (Application), and both
/// the agent and the server `-HasCredential->` each credential. Local servers are
/// `mcp-server:<client>/<name>`; remote ones `mcp-remote:<url>`, shared by every client using
/// that URL. Secrets are fingerprinted (see `Secrets`); arguments and URLs keep no secret.
enum MCPConfigImporter: DocumentImporter {
  /// One server entry, whatever the client's spelling.
  struct Server {
    var name: String
    var command: String?
    var args: [String] = []
    var url: String?
    var env: [(String, String)] = []
    var headers: [(String, String)] = []
  }

  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, into builder: inout GraphBuilder) throws -> (
    nodes: Int, edges: Int
  ) {
    let servers: [Server]
    let client: String
    if let first = bytes.first(where: { $0 > 0x20 }), first == UInt8(ascii: "{") {
      let root = try JSONReader.document(bytes, file: file)
      (servers, client) = try jsonServers(root, file: file, builder: &builder)
    } else {
      (servers, client) = try tomlServers(bytes, file: file)
    }
    let base = (file.split(separator: "/").last.map(String.init) ?? file).split(separator: "!").last.map(String.init) ?? file
    let stem = base.contains(".") ? String(base[..<base.lastIndex(of: ".")!]) : base
    let agentID = "mcp-client:\(stem)"
    let here = SourceLocation(file: file, line: 1, record: .named("client"))
    var sink = GraphSink(file: file)
    sink.node(
      agentID, [BuiltInKind.agent, "MCP_Client"],
      Properties([("name", .string("\(client) (\(base))")), ("client", .string(client)), ("config_file", .string(file))]),
      at: here)
    for server in servers {
      let location = SourceLocation(file: file, record: .named("server \(server.name)"))
      var properties = Properties([("name", .string(server.name))])
      var credentials: [Secrets.Found] = []
      if let command = server.command { properties["command"] = .string(command) }
      if !server.args.isEmpty {
        let redacted = Secrets.redact(arguments: server.args)
        properties["args"] = .array(redacted.texts.map { .string($0) })
        credentials += redacted.found
      }
      var serverID = "mcp-server:\(stem)/\(server.name)"
      if let url = server.url {
        // The id is the URL with no credentials, query values or secret-looking segments.
        let redacted = Secrets.redact(url: url) ?? Secrets.redact(argument: url)
        properties["url"] = .string(redacted.text)
        credentials += redacted.found
        serverID = "mcp-remote:\(redacted.text)"
      }
      for (name, value) in server.env {
        let (kept, found) = Secrets.environment(named: name, value: value)
        credentials += found
        if let kept { properties["env_\(name)"] = .string(kept) }
      }
      for (name, value) in server.headers {
        if let found = Secrets.credential(named: name, value: value) ?? Secrets.credential(named: "AUTH", value: value) {
          credentials.append(found)
        }
      }
      sink.node(serverID, [BuiltInKind.application, "MCP_Server"], properties, at: location)
      sink.edge(BuiltInKind.canInvoke, agentID, serverID, at: location)
      var seen = Set<String>()
      for credential in credentials where seen.insert(credential.id).inserted {
        sink.node(credential.id, [BuiltInKind.credential], credential.properties, at: location)
        sink.edge(BuiltInKind.hasCredential, serverID, credential.id, at: location)
        sink.edge(BuiltInKind.hasCredential, agentID, credential.id, at: location)
      }
    }
    return try sink.emit(into: &builder)
  }

  /// Servers from the JSON spellings: `mcpServers` (Claude, Cursor, Windsurf, Gemini),
  /// `servers` (VS Code), with `command`/`args`/`env`, or `url`/`serverUrl`/`httpUrl` and
  /// `headers`.
  static func jsonServers(_ root: JSONValue, file: String, builder: inout GraphBuilder) throws -> ([Server], String) {
    let key = root["mcpServers"] != nil ? "mcpServers" : root["servers"] != nil ? "servers" : "mcp_servers"
    guard case .object(let entries)? = root[key] else {
      throw ImportError.invalid(file: file, line: nil, column: nil, path: key, message: "expected an object of servers")
    }
    let client =
      key == "servers"
      ? "VS Code"
      : root["theme"] != nil
        ? "Gemini CLI"
        : file.lowercased().contains("cursor")
          ? "Cursor"
          : file.lowercased().contains("windsurf")
            ? "Windsurf" : file.lowercased().contains("claude_desktop") ? "Claude Desktop" : "MCP client"
    var servers: [Server] = []
    for (name, value) in entries {
      guard case .object = value else {
        // One broken entry does not hide the client's other servers.
        builder.skipRecord(at: SourceLocation(file: file, record: .named("\(key).\(name)")), "a server is an object")
        continue
      }
      var server = Server(name: name)
      server.command = value["command"]?.stringValue
      server.args = value["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
      server.url = (value["url"] ?? value["serverUrl"] ?? value["httpUrl"])?.stringValue
      if case .object(let env)? = value["env"] { server.env = env.compactMap { k, v in v.stringValue.map { (k, $0) } } }
      if case .object(let headers)? = value["headers"] {
        server.headers = headers.compactMap { k, v in v.stringValue.map { (k, $0) } }
      }
      servers.append(server)
    }
    return (servers, client)
  }

  /// Servers from Codex's `config.toml`: `[mcp_servers.NAME]` tables.
  static func tomlServers(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> ([Server], String) {
    let table: TOMLTable
    try TOMLGuard.check(bytes, file: file)
    do {
      table = try TOMLTable(string: String(decoding: bytes, as: UTF8.self))
    } catch let error as TOMLParseError {
      throw ImportError.syntax(
        file: file, line: error.source.begin.line, column: error.source.begin.column, message: error.description)
    }
    guard let entries = table["mcp_servers"]?.table else {
      throw ImportError.unsupportedFormat(file: file, message: "TOML without [mcp_servers] tables is not an MCP client config")
    }
    var servers: [Server] = []
    for name in entries.keys.sorted() {
      guard let entry = entries[name]?.table else { continue }
      var server = Server(name: name)
      server.command = entry["command"]?.string
      server.args = entry["args"]?.array?.compactMap(\.string) ?? []
      server.url = entry["url"]?.string
      if let env = entry["env"]?.table { server.env = env.keys.sorted().compactMap { k in env[k]?.string.map { (k, $0) } } }
      if let headers = entry["http_headers"]?.table {
        server.headers = headers.keys.sorted().compactMap { k in headers[k]?.string.map { (k, $0) } }
      }
      servers.append(server)
    }
    return (servers, "Codex")
  }
}

extension MCPConfigImporter: FormatClaim {
  static let format = InputFormat.mcpConfig
  static let displayName = "MCP client config (JSON or TOML)"

  static func claim(_ document: DocumentShape) -> Claim? {
    if document.isJSON { return document.hasAny(["mcpServers", "servers", "mcp_servers"]) ? .sure : nil }
    return document.text.contains("[mcp_servers") ? .sure : nil
  }
}
