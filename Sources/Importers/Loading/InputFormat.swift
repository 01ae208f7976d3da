import AccessGraph
import Foundation

/// The input formats pathscan reads. `auto` picks by content, never by file name.
public enum InputFormat: String, Sendable, CaseIterable, CustomStringConvertible {
  /// Every format by name, for messages and `--help`.
  public static let readable =
    "OpenGraph, YAML inventory, AWS IAM (with SCPs, resource policies, inventories), GCP IAM, Entra/Graph, Okta, SCIM, BloodHound collector (SharpHound, AzureHound), GitHub REST, Kubernetes RBAC, MCP client config (JSON or TOML), A2A agent card, MCP registry"

  case auto
  /// BloodHound OpenGraph JSON.
  case opengraph
  /// A hand-written YAML inventory.
  case inventory
  /// An MCP client configuration (Claude Desktop, Claude Code, Cursor, VS Code, Windsurf,
  /// Gemini JSON, or Codex TOML).
  case mcpConfig = "mcp-config"
  /// An A2A agent card.
  case a2aCard = "a2a-card"
  /// MCP registry server manifests (`server.json`, or a list of them).
  case mcpRegistry = "mcp-registry"
  /// `aws iam get-account-authorization-details` output.
  case awsIAM = "aws-iam"
  /// What tells an AWS dump's evaluation more: Organizations SCPs (`describe-policy`),
  /// resource policies (S3, KMS, Lambda, Secrets Manager, SNS, SQS), `describe-instances` and
  /// `list-functions`.
  case awsResources = "aws-resources"
  /// Kubernetes RBAC manifests or `kubectl get -o yaml|json` Lists.
  case kubernetes
  /// GCP IAM policies, Cloud Asset Inventory records, service-account and custom-role lists.
  case gcpIAM = "gcp-iam"
  /// Microsoft Graph v1.0 responses (Entra ID), or a dump's index of them.
  case entraGraph = "entra-graph"
  /// Okta Management API responses.
  case okta
  /// SCIM 2.0 resources, list responses and bulk requests.
  case scim
  /// BloodHound collector JSON: SharpHound users/groups/computers/domains, AzureHound.
  case bloodhoundCollector = "bloodhound-collector"
  /// GitHub REST API responses.
  case github

  public var description: String { rawValue }

  /// The format of a document, judged by its content.
  /// - Complexity: O(n) in the size of the document's first bytes and top-level keys.
  static func detect(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> InputFormat {
    let text = bytes.prefix(4096)
    guard let first = text.first(where: { ![0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF, 0xFF, 0xFE, 0x00].contains($0) }) else {
      throw ImportError.unsupportedFormat(file: file, message: "file is empty")
    }
    // A TOML file may open with a table header (`[mcp_servers.docs]`, Codex's usual shape),
    // which is no JSON: a bracket followed by a bare key.
    let firstLine = Array(text.drop { [0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains($0) }.prefix { $0 != 0x0A })
    let tomlHeader =
      first == UInt8(ascii: "[")
      && firstLine.dropFirst().drop { $0 == UInt8(ascii: "[") }.first.map { c in
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
      } == true && TOMLGuard.isHeader(firstLine)
    if (first == UInt8(ascii: "{") || first == UInt8(ascii: "[")) && !tomlHeader {
      let keys = try JSONReader.read(buffer: bytes, file: file) { reader in
        try reader.topLevelKeys(stoppingAt: [
          "graph", "UserDetailList", "RoleDetailList", "GroupDetailList", "mcpServers", "servers", "apiVersion",
        ])
      }
      if keys.contains("graph") { return .opengraph }
      if keys.contains("schemas") || keys.contains("Resources") { return .scim }
      if keys.contains("data") && keys.contains("meta") { return .bloodhoundCollector }
      if keys.contains("UserDetailList") || keys.contains("RoleDetailList") || keys.contains("GroupDetailList") { return .awsIAM }
      if AWSResourceInputs.claims(keys) { return .awsResources }
      if keys.contains("apiVersion") { return .kubernetes }
      if keys.contains("@odata.context") || (keys.contains("files") && keys.contains("tenantId"))
        || keys.contains("privileged_users")
      {
        return .entraGraph
      }
      // PowerShell (ScubaGear) exports of Graph objects: PascalCase keys, one object or a list.
      let pascal = Set(keys.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) })
      if pascal.contains("AppId") || pascal.contains("AppRoleId") || (pascal.contains("Issuer") && pascal.contains("Subject")) {
        return .entraGraph
      }
      // GitHub REST responses: node ids, paged `total_count` envelopes, or GraphQL `data`.
      let githubKeys = [
        "node_id", "[node_id]", "total_count", "[token_expires_at]", "[protection]", "[first_location_detected]",
        "allowed_actions",
      ]
      if githubKeys.contains(where: keys.contains) || keys == ["data"] { return .github }
      // Okta responses carry `_links`; a few lists and objects are recognised by their own keys.
      let oktaKeys = [
        "_links", "[_links]", "jwks", "permissions", "signOnMode", "[scopeId]", "[assignmentType]", "[tokenWindow]",
        "[signOnMode]",
      ]
      if oktaKeys.contains(where: keys.contains) || (keys.contains("[profile]") && keys.contains("[status]")) { return .okta }
      if keys.contains("bindings") || keys.contains("accounts") || keys.contains("roles") { return .gcpIAM }
      if keys.contains("[assetType]") || keys.contains("[asset_type]") { return .gcpIAM }
      if keys.contains("mcpServers") || keys.contains("servers") || keys.contains("mcp_servers") { return .mcpConfig }
      if keys.contains("skills")
        && (keys.contains("url") || keys.contains("supportedInterfaces") || keys.contains("securitySchemes"))
      {
        return .a2aCard
      }
      if keys.contains("packages") || keys.contains("remotes") || keys.contains("[array]") { return .mcpRegistry }
      throw ImportError.unrecognised(
        file: file,
        message:
          "JSON with top-level keys \(keys.prefix(6).sorted().joined(separator: ", ")) is not a format pathscan reads (\(InputFormat.readable)); give --input-format to read it as one"
      )
    }
    let asText = String(decoding: text, as: UTF8.self)
    if asText.contains("[mcp_servers") { return .mcpConfig }
    if asText.split(separator: "\n").contains(where: { $0.hasPrefix("apiVersion:") || $0.hasPrefix("kind:") }) {
      return .kubernetes
    }
    return .inventory
  }
}

extension ImportError {
  /// Runs one record's import; a record that is malformed (not the whole file) is skipped and
  /// reported instead of failing the file.
  static func skipping(_ builder: inout GraphBuilder, _ body: (inout GraphBuilder) throws -> Void) throws {
    do {
      try body(&builder)
    } catch let error as ImportError {
      // JSON record importers work on a parsed tree and give no line; the record's path says
      // where it is. YAML ones know the record's line.
      guard case .invalid(let file, let line, _, let path, let message) = error else { throw error }
      builder.skipRecord(at: SourceLocation(file: file, line: line, record: .named(path)), message)
    }
  }
}

extension InputFormat {
  /// The importer of a format read as a whole document; nil for OpenGraph, which streams.
  var importer: (any DocumentImporter.Type)? {
    switch self {
    case .auto, .opengraph, .awsResources: nil
    case .inventory: InventoryImporter.self
    case .mcpConfig: MCPConfigImporter.self
    case .a2aCard: A2ACardImporter.self
    case .mcpRegistry: MCPRegistryImporter.self
    case .awsIAM: AWSIAMImporter.self
    case .kubernetes: KubernetesRBACImporter.self
    case .gcpIAM: GCPIAMImporter.self
    case .entraGraph: EntraGraphImporter.self
    case .okta: OktaImporter.self
    case .scim: SCIMImporter.self
    case .bloodhoundCollector: CollectorJSONImporter.self
    case .github: GitHubRESTImporter.self
    }
  }

  /// The parts of a saved API response's file name split at `__`, which stands for `/` in
  /// the request path (`groups__<id>__users.json` → `groups`, `<id>`, `users`): some responses
  /// name their parent only there.
  static func requestPath(of file: String) -> [String] {
    let base = (file as NSString).lastPathComponent
    return (base.hasSuffix(".json") ? String(base.dropLast(5)) : base).components(separatedBy: "__")
  }
}

/// What one importer does: read one document into the builder.
protocol DocumentImporter {
  /// Nodes and edges the document contributed (records, before merging).
  static func read(_ bytes: [UInt8], file: String, into builder: inout GraphBuilder) throws -> (nodes: Int, edges: Int)
  /// The same, for importers whose answer depends on the load's context (the time IAM
  /// conditions are evaluated at).
  static func read(_ bytes: [UInt8], file: String, context: ImportContext, into builder: inout GraphBuilder) throws -> (
    nodes: Int, edges: Int
  )
}

extension DocumentImporter {
  static func read(_ bytes: [UInt8], file: String, context: ImportContext, into builder: inout GraphBuilder) throws -> (
    nodes: Int, edges: Int
  ) {
    try read(bytes, file: file, into: &builder)
  }
}

/// What a load knows beyond its files.
public struct ImportContext: Sendable {
  /// When conditions on the time (`aws:CurrentTime`, `aws:TokenIssueTime`) are decided.
  public var evaluationTime: Date
  /// The AWS exports loaded beside authorization dumps.
  public var aws = AWSResourceInputs()

  public init(evaluationTime: Date = Date()) { self.evaluationTime = evaluationTime }
}
