import AccessGraph
import Foundation

/// The input formats pathscan reads. `auto` picks by content, never by file name.
public enum InputFormat: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
  /// Every format by name, for messages and `--help`.
  public static var readable: String { claimants.filter { $0.isListedApart }.map { $0.displayName }.joined(separator: ", ") }

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
    let document: DocumentShape
    if (first == UInt8(ascii: "{") || first == UInt8(ascii: "[")) && !tomlHeader {
      let keys = try JSONReader.read(buffer: bytes, file: file) { reader in
        try reader.topLevelKeys(stoppingAt: [
          "graph", "UserDetailList", "RoleDetailList", "GroupDetailList", "mcpServers", "servers", "apiVersion",
        ])
      }
      document = DocumentShape(keys: keys)
    } else {
      document = DocumentShape(text: String(decoding: text, as: UTF8.self))
    }
    let claims = claimants.compactMap { c in c.claim(document).map { (c, $0) } }
    let best = claims.map(\.1).max()
    let claimed = claims.filter { $0.1 == best }.map(\.0)
    if claimed.count == 1 { return claimed[0].format }
    let what =
      document.isJSON
      ? "JSON with top-level keys \(document.listed.prefix(6).sorted().joined(separator: ", "))" : "this text"
    guard claimed.isEmpty else {
      throw ImportError.unrecognised(
        file: file,
        message:
          "\(what) could be \(claimed.map { $0.displayName }.joined(separator: " or ")); give --input-format (\(claimed.map { $0.format.rawValue }.joined(separator: ", "))) to say which"
      )
    }
    throw ImportError.unrecognised(
      file: file,
      message: "\(what) is not a format pathscan reads (\(readable)); give --input-format to read it as one")
  }

  /// Every format's claim, asked in turn by `detect`; the order only sets the order of names
  /// in messages.
  static let claimants: [any FormatClaim.Type] = [
    OpenGraphReader.self, InventoryImporter.self, AWSIAMImporter.self, AWSResourceInputs.self, GCPIAMImporter.self,
    EntraGraphImporter.self, OktaImporter.self, SCIMImporter.self, CollectorJSONImporter.self, GitHubRESTImporter.self,
    KubernetesRBACImporter.self, MCPConfigImporter.self, A2ACardImporter.self, MCPRegistryImporter.self,
  ]
}

extension ImportError {
  /// Runs one record's import; a record that is malformed (not the whole file) is skipped and
  /// reported instead of failing the file.
  static func skipping(
    _ builder: inout GraphBuilder, in document: UnsafeBufferPointer<UInt8>? = nil, _ body: (inout GraphBuilder) throws -> Void
  ) throws {
    do {
      try body(&builder)
    } catch let error as ImportError {
      // JSON record importers work on a parsed tree and name the record by its path, which
      // finds its line in the document; YAML ones know the record's line.
      let located = document.map(error.located(in:)) ?? error
      guard case .invalid(let file, let line, _, let path, let message) = located else { throw error }
      builder.skipRecord(at: SourceLocation(file: file, line: line, record: .named(path)), message)
    }
  }
}

extension InputFormat {
  /// The importer of a format read as a whole document, from the claimants; nil for
  /// OpenGraph, which streams, and for AWS's extra exports, which inform the IAM import.
  var importer: (any DocumentImporter.Type)? {
    Self.claimants.first { $0.format == self } as? any DocumentImporter.Type
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
  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, into builder: inout GraphBuilder) throws -> (
    nodes: Int, edges: Int
  )
  /// The same, for importers whose answer depends on the load's context (the time IAM
  /// conditions are evaluated at).
  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, context: ImportContext, into builder: inout GraphBuilder)
    throws -> (
      nodes: Int, edges: Int
    )
}

extension DocumentImporter {
  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, context: ImportContext, into builder: inout GraphBuilder)
    throws -> (
      nodes: Int, edges: Int
    )
  {
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
