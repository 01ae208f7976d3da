import AccessGraph

/// Reads an A2A agent card: the agent, its skills and how callers must authenticate.
///
/// The agent is `a2a:<name>` with its `url`, `skills` and `auth_schemes` (and OAuth scopes,
/// if any) as properties, so selectors and rules can find it; an MCP client or inventory
/// that invokes it links to that id.
enum A2ACardImporter: DocumentImporter {
  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, into builder: inout GraphBuilder) throws -> (
    nodes: Int, edges: Int
  ) {
    let card = try JSONReader.document(bytes, file: file)
    guard let name = card["name"]?.stringValue, !name.isEmpty else {
      throw ImportError.invalid(file: file, line: nil, column: nil, path: "name", message: "an agent card needs a name")
    }
    var properties = Properties([("name", .string(name))])
    if let description = card["description"]?.stringValue { properties["description"] = .string(description) }
    let url = card["url"]?.stringValue ?? card["supportedInterfaces"]?.arrayValue?.first?["url"]?.stringValue
    if let url { properties["url"] = .string(url) }
    let skills = card["skills"]?.arrayValue?.compactMap { $0["name"]?.stringValue ?? $0["id"]?.stringValue } ?? []
    if !skills.isEmpty { properties["skills"] = .array(skills.map { .string($0) }) }
    if case .object(let schemes)? = card["securitySchemes"] {
      properties["auth_schemes"] = .array(schemes.map { .string($0.key) })
      var scopes: [String] = []
      for (_, scheme) in schemes {
        for flows in [scheme["oauth2SecurityScheme"]?["flows"], scheme["flows"]].compactMap({ $0 }) {
          guard case .object(let byFlow) = flows else { continue }
          for (_, flow) in byFlow {
            if case .object(let s)? = flow["scopes"] { scopes += s.map(\.key) }
          }
        }
      }
      if !scopes.isEmpty { properties["scopes"] = .array(Array(Set(scopes)).sorted().map { .string($0) }) }
    }
    var sink = GraphSink(file: file)
    sink.node(
      "a2a:\(name)", [BuiltInKind.agent, "A2A_Agent"], properties,
      at: SourceLocation(file: file, line: 1, record: .named("agent card")))
    return try sink.emit(into: &builder)
  }
}

/// Reads MCP registry server manifests (`server.json`, or the registry's list of them): each
/// server package with the secrets it needs, as an Application node `mcp-package:<name>`.
enum MCPRegistryImporter: DocumentImporter {
  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, into builder: inout GraphBuilder) throws -> (
    nodes: Int, edges: Int
  ) {
    let root = try JSONReader.document(bytes, file: file)
    let manifests = root.arrayValue ?? [root]
    if manifests.isEmpty {
      throw ImportError.unsupportedFormat(file: file, message: "an empty list is not a format pathscan reads")
    }
    // A list without a single object is not a registry at all; stray entries in one are skipped.
    if !manifests.contains(where: { if case .object = $0 { true } else { false } }) {
      throw ImportError.invalid(
        file: file, line: nil, column: nil, path: "[0]", message: "expected a list of MCP server manifests (objects with a name)")
    }
    var sink = GraphSink(file: file)
    for (i, manifest) in manifests.enumerated() {
      try ImportError.skipping(&builder, in: bytes) { _ in
        guard case .object = manifest else {
          throw ImportError.invalid(
            file: file, line: nil, column: nil, path: "[\(i)]", message: "expected an MCP server manifest (an object with a name)"
          )
        }
        guard let name = manifest["name"]?.stringValue else {
          throw ImportError.invalid(
            file: file, line: nil, column: nil, path: "[\(i)].name", message: "a server manifest needs a name")
        }
        var properties = Properties([("name", .string(name))])
        if let description = manifest["description"]?.stringValue { properties["description"] = .string(description) }
        var secrets: [String] = []
        var settings: [String] = []
        for package in manifest["packages"]?.arrayValue ?? [] {
          for variable in (package["environmentVariables"] ?? package["environment_variables"])?.arrayValue ?? [] {
            guard let variableName = variable["name"]?.stringValue else { continue }
            if variable["isSecret"]?.boolValue == true || Secrets.isSecretName(variableName) {
              secrets.append(variableName)
            } else {
              settings.append(variableName)
            }
          }
        }
        var remotes: [String] = []
        for remote in manifest["remotes"]?.arrayValue ?? [] {
          if let url = remote["url"]?.stringValue { remotes.append(url) }
          for header in remote["headers"]?.arrayValue ?? [] where header["isSecret"]?.boolValue == true {
            if let headerName = header["name"]?.stringValue { secrets.append(headerName) }
          }
        }
        if !secrets.isEmpty { properties["secrets"] = .array(secrets.map { .string($0) }) }
        if !settings.isEmpty { properties["settings"] = .array(settings.map { .string($0) }) }
        if !remotes.isEmpty { properties["remotes"] = .array(remotes.map { .string($0) }) }
        sink.node(
          "mcp-package:\(name)", [BuiltInKind.application, "MCP_Package"], properties,
          at: SourceLocation(file: file, record: .named("server \(i)")))
      }
    }
    return try sink.emit(into: &builder)
  }
}

extension A2ACardImporter: FormatClaim {
  static let format = InputFormat.a2aCard
  static let displayName = "A2A agent card"

  static func claim(_ document: DocumentShape) -> Claim? {
    document.has("skills") && document.hasAny(["url", "supportedInterfaces", "securitySchemes"]) ? .sure : nil
  }
}

extension MCPRegistryImporter: FormatClaim {
  static let format = InputFormat.mcpRegistry
  static let displayName = "MCP registry"

  static func claim(_ document: DocumentShape) -> Claim? {
    // A list of server manifests is a list like any other: claimed only if no one is sure.
    if document.hasAny(["packages", "remotes"]) { return .sure }
    return document.has("[array]") ? .fallback : nil
  }
}
