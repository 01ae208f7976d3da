import AccessGraph

/// Reads GitHub REST API responses: the organization, repositories, users (collaborators,
/// role holders), fine-grained personal access tokens (with their permissions and expiry), app
/// installations, the GitHub App, and organization secrets; other responses are accepted and
/// skipped. Objects keep GitHub's GraphQL `node_id` as their id, as GitHound does, so REST
/// and GitHound data merge; kinds are GitHound's (`GH_User`, `GH_Repository`, ...) plus the
/// category.
///
/// A token or installation gets a permission on the organization (or its account) at the
/// highest level its permissions grant: admin, write → act, read.
enum GitHubRESTImporter: DocumentImporter {
  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, into builder: inout GraphBuilder) throws -> (
    nodes: Int, edges: Int
  ) {
    let root = try JSONReader.document(bytes, file: file)
    var sink = GraphSink(file: file)
    func account(_ value: JSONValue?) -> String? {
      guard let value, let login = value["login"]?.stringValue else { return nil }
      let id = value["node_id"]?.stringValue ?? "gh:\(login)"
      let isOrg = value["type"]?.stringValue == "Organization"
      sink.node(
        id, isOrg ? ["GH_Organization", BuiltInKind.resource] : ["GH_User", BuiltInKind.human],
        Properties([("name", .string(login))]))
      return id
    }
    /// The highest tier among GitHub permission levels (`read`, `write`, `admin`).
    func tier(_ permissions: JSONValue?) -> Tier {
      var levels: [String] = []
      func collect(_ value: JSONValue?) {
        switch value {
        case .object(let pairs)?: for pair in pairs { collect(pair.value) }
        case .string(let s)?: levels.append(s)
        default: break
        }
      }
      collect(permissions)
      if levels.contains("admin") { return .admin }
      if levels.contains("write") { return .act }
      return .read
    }
    let items = root.arrayValue ?? [root]
    for item in items {
      if item["token_expires_at"] != nil || item["token_expired"] != nil, let id = item["id"].map({ $0.jsonLikeText }) {
        // A fine-grained personal access token (approved, or requested).
        let token = "gh-pat:\(id)"
        var properties = Properties([("name", .string("fine-grained token \(id)"))])
        if let expires = item["token_expires_at"]?.stringValue { properties["expires"] = .string(expires) }
        if item["token_expired"]?.boolValue == true { properties["disabled"] = .bool(true) }
        sink.node(token, ["GH_PersonalAccessToken", BuiltInKind.credential], properties)
        if let owner = account(item["owner"]) { sink.edge(BuiltInKind.hasCredential, owner, token) }
        let target = "gh:organization"
        sink.node(target, ["GH_Organization", BuiltInKind.resource], Properties([("name", .string("GitHub organization"))]))
        let kind =
          ["read": BuiltInKind.canRead, "act": BuiltInKind.canAct, "admin": BuiltInKind.canAdmin][
            tier(item["permissions"]).description] ?? BuiltInKind.canAct
        sink.edge(kind, token, target, Properties([("technique", .string("fine-grained token permissions"))]))
      } else if let installations = item["installations"]?.arrayValue {
        for installation in installations {
          guard let id = installation["id"].map({ $0.jsonLikeText }) else { continue }
          let node_ = "gh-install:\(id)"
          sink.node(
            node_, ["GH_AppInstallation", BuiltInKind.serviceAccount],
            Properties([("name", .string(installation["app_slug"]?.stringValue ?? id))]))
          if let target = account(installation["account"]) {
            let kind =
              ["read": BuiltInKind.canRead, "act": BuiltInKind.canAct, "admin": BuiltInKind.canAdmin][
                tier(installation["permissions"]).description] ?? BuiltInKind.canAct
            sink.edge(kind, node_, target, Properties([("technique", .string("app installation permissions"))]))
          }
        }
      } else if let secrets = item["secrets"]?.arrayValue {
        for secret in secrets {
          guard let name = secret["name"]?.stringValue else { continue }
          sink.node("gh-secret:\(name)", ["GH_Secret", BuiltInKind.credential], Properties([("name", .string(name))]))
        }
      } else if item["full_name"] != nil, let id = item["node_id"]?.stringValue {
        var properties = Properties([("name", .string(item["full_name"]?.stringValue ?? id))])
        if item["private"]?.boolValue == true { properties["private"] = .bool(true) }
        sink.node(id, ["GH_Repository", BuiltInKind.resource], properties)
        if let owner = account(item["owner"]) { sink.edge(BuiltInKind.owns, owner, id) }
      } else if item["login"] != nil, item["node_id"] != nil {
        if item["billing_email"] != nil || item["type"]?.stringValue == "Organization"
          || item["members_can_create_repositories"] != nil
        {
          sink.node(
            item["node_id"]!.stringValue!, ["GH_Organization", BuiltInKind.resource],
            Properties([("name", .string(item["login"]!.stringValue!))]))
        } else if let user = account(item), let repository = collaboratorsRepository(file: file) {
          // A collaborator list names its repository only in the request path; match it by name.
          let role = item["role_name"]?.stringValue ?? (item["permissions"]?["admin"]?.boolValue == true ? "admin" : "read")
          let kind =
            switch role {
            case "admin": BuiltInKind.canAdmin
            case "maintain", "write": BuiltInKind.canAct
            case "triage": BuiltInKind.canPropose
            default: BuiltInKind.canRead
            }
          sink.edge(
            kind, user, .properties([.init(key: "name", value: .string(repository))], kind: "GH_Repository"),
            named: "repository \(repository)",
            Properties([("technique", .string("repository collaborator (\(role))"))]))
        }
      } else if item["client_id"] != nil, let id = item["node_id"]?.stringValue {
        sink.node(id, ["GH_App", BuiltInKind.application], Properties([("name", .string(item["name"]?.stringValue ?? id))]))
        if let owner = account(item["owner"]) { sink.edge(BuiltInKind.owns, owner, id) }
      }
    }
    return try sink.emit(into: &builder)
  }
}

extension GitHubRESTImporter {
  /// The repository (`owner/name`) whose collaborators a response lists, from
  /// `repos__<owner>__<name>__collaborators` in the file name.
  static func collaboratorsRepository(file: String) -> String? {
    let parts = InputFormat.requestPath(of: file)
    guard parts.count >= 4, parts[parts.count - 1] == "collaborators", parts[parts.count - 4] == "repos" else { return nil }
    return "\(parts[parts.count - 3])/\(parts[parts.count - 2])"
  }
}

extension JSONValue {
  /// A scalar as text: strings as they are, numbers as written.
  var jsonLikeText: String {
    switch self {
    case .string(let s): s
    case .number(let n): n
    case .bool(let b): b ? "true" : "false"
    default: ""
    }
  }
}

extension GitHubRESTImporter: FormatClaim {
  static let format = InputFormat.github
  static let displayName = "GitHub REST"

  static func claim(_ document: DocumentShape) -> Claim? {
    // Node ids, paged `total_count` envelopes, or GraphQL `data`.
    let keys = [
      "node_id", "[node_id]", "total_count", "[token_expires_at]", "[protection]", "[first_location_detected]",
      "allowed_actions",
    ]
    return document.hasAny(keys) || document.keys == ["data"] ? .sure : nil
  }
}
