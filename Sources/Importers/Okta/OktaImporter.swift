import AccessGraph
import Foundation

/// Reads Okta Management API responses: users, groups, applications (service apps are
/// service accounts), admin role assignments, OAuth scope grants of service apps and API
/// tokens; other Okta records (policies, devices, realms, ...) are accepted and skipped.
///
/// Objects are `okta:<id>`. An admin role becomes `okta-role:<type>`: SUPER_ADMIN and
/// ORG_ADMIN are admin on `okta:org`; USER_ADMIN, HELP_DESK_ADMIN and GROUP_MEMBERSHIP_ADMIN
/// act on `okta:users`; APP_ADMIN is admin on `okta:apps`. Assignees and token owners are
/// added as bare nodes, so the link holds when their own records are in another response. A role's assignee comes from its
/// `_links.assignee`, else from the response's file name (`users__<id>__roles`); likewise a
/// group's member list (`groups__<id>__users`) makes its users members. A scope grant
/// (`okta.users.manage`) is a permission on `okta:<users|groups|apps|...>` at the scope's tier;
/// an API token authenticates as its user until it expires.
enum OktaImporter: DocumentImporter {
  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, into builder: inout GraphBuilder) throws -> (
    nodes: Int, edges: Int
  ) {
    let root = try JSONReader.document(bytes, file: file)
    var sink = GraphSink(file: file)
    // One name and sensitivity an area, however it is reached.
    func resource(_ area: String) -> String {
      let (name, sensitivity) =
        switch area {
        case "org": ("Okta organization", "critical")
        case "users": ("Okta users", "high")
        case "groups": ("Okta groups", "high")
        case "apps", "clients": ("Okta applications", "high")
        default: ("Okta \(area)", "medium")
        }
      let id = "okta:\(area == "clients" ? "apps" : area)"
      sink.node(
        id, ["Okta_Org", BuiltInKind.resource], Properties([("name", .string(name)), ("sensitivity", .string(sensitivity))]))
      return id
    }
    for item in root.arrayValue ?? [root] {
      guard case .object = item else { continue }
      let id = item["id"]?.stringValue ?? ""
      let profile = item["profile"]
      if let login = profile?["login"]?.stringValue, !id.isEmpty {
        var properties = Properties([("name", .string(login))])
        if let email = profile?["email"]?.stringValue { properties["email"] = .string(email) }
        if let status = item["status"]?.stringValue, status != "ACTIVE" && status != "PROVISIONED" {
          properties["disabled"] = .bool(true)
        }
        sink.node("okta:\(id)", ["Okta_User", BuiltInKind.human], properties)
        // A group's member list names the group only in its request path.
        if let group = memberListGroup(file: file) {
          sink.node("okta:\(group)", ["Okta_Group", BuiltInKind.group])
          sink.edge(BuiltInKind.memberOf, "okta:\(id)", "okta:\(group)")
        }
      } else if item["objectClass"] != nil || item["type"]?.stringValue == "OKTA_GROUP", let name = profile?["name"]?.stringValue
      {
        sink.node("okta:\(id)", ["Okta_Group", BuiltInKind.group], Properties([("name", .string(name))]))
      } else if item["signOnMode"] != nil, !id.isEmpty {
        let service = item["settings"]?["oauthClient"]?["application_type"]?.stringValue == "service"
        sink.node(
          "okta:\(id)", ["Okta_Application", service ? BuiltInKind.serviceAccount : BuiltInKind.application],
          Properties([("name", .string(item["label"]?.stringValue ?? id))]))
      } else if let type = item["type"]?.stringValue, item["assignmentType"] != nil {
        guard let (collection, assignee) = assignee(of: item, file: file) else { continue }
        let kinds =
          collection == "groups"
          ? ["Okta_Group", BuiltInKind.group]
          : collection == "clients" ? ["Okta_Application", BuiltInKind.serviceAccount] : ["Okta_User", BuiltInKind.human]
        // The assignee may be defined in another response; its own record names it.
        sink.node("okta:\(assignee)", kinds, Properties())
        let role = "okta-role:\(type)"
        sink.node(
          role, ["Okta_AdminRole", BuiltInKind.role], Properties([("name", .string(item["label"]?.stringValue ?? type))]))
        sink.edge(BuiltInKind.hasRole, "okta:\(assignee)", role)
        switch type {
        case "SUPER_ADMIN", "ORG_ADMIN":
          sink.edge(BuiltInKind.canAdmin, role, resource("org"), Properties([("technique", .string(type))]))
        case "USER_ADMIN", "HELP_DESK_ADMIN", "GROUP_MEMBERSHIP_ADMIN":
          sink.edge(BuiltInKind.canAct, role, resource("users"), Properties([("technique", .string(type))]))
        case "APP_ADMIN":
          sink.edge(BuiltInKind.canAdmin, role, resource("apps"), Properties([("technique", .string(type))]))
        default:
          sink.edge(BuiltInKind.canRead, role, resource("org"), Properties([("technique", .string(type))]))
        }
      } else if let scope = item["scopeId"]?.stringValue, let client = item["clientId"]?.stringValue {
        let area = scope.split(separator: ".").dropFirst().first.map(String.init) ?? "org"
        let tier = ScopeTier.of(scope)
        let target = resource(area)
        let kind = BuiltInKind.permission(tier)
        sink.edge(
          kind, "okta:\(client)", target, Properties([("scopes", .string(scope)), ("technique", .string("OAuth scope grant"))]))
      } else if item["tokenWindow"] != nil, let user = item["userId"]?.stringValue {
        var properties = Properties([("name", .string(item["name"]?.stringValue ?? id))])
        if let expires = item["expiresAt"]?.stringValue { properties["expires"] = .string(expires) }
        sink.node("okta-token:\(id)", ["Okta_ApiToken", BuiltInKind.credential], properties)
        sink.node("okta:\(user)", ["Okta_User", BuiltInKind.human], Properties())
        sink.edge(
          BuiltInKind.authenticatesAs, "okta-token:\(id)", "okta:\(user)",
          Properties([("technique", .string("API token acts as its user"))]))
      }
    }
    return try sink.emit(into: &builder)
  }

  /// The group whose members a response lists, from `groups__<id>__users` in the file name.
  static func memberListGroup(file: String) -> String? {
    let parts = InputFormat.requestPath(of: file)
    guard parts.count >= 3, parts[parts.count - 1] == "users", parts[parts.count - 3] == "groups" else { return nil }
    return parts[parts.count - 2]
  }

  /// Whom a role assignment is for, as (collection, id): its `_links.assignee`, else
  /// `<users|groups|clients>__<id>__roles` in the file name.
  static func assignee(of item: JSONValue, file: String) -> (String, String)? {
    if let href = item["_links"]?["assignee"]?["href"]?.stringValue {
      let parts = href.split(separator: "/").map(String.init)
      if parts.count >= 2 { return (parts[parts.count - 2], parts[parts.count - 1]) }
    }
    let parts = InputFormat.requestPath(of: file)
    guard let roles = parts.firstIndex(where: { $0.hasPrefix("roles") }), roles > 1 else { return nil }
    return (parts[roles - 2], parts[roles - 1])
  }
}

extension OktaImporter: FormatClaim {
  static let format = InputFormat.okta
  static let displayName = "Okta"

  static func claim(_ document: DocumentShape) -> Claim? {
    // Okta responses carry `_links`; a few lists and objects are recognised by their own keys.
    let keys = [
      "_links", "[_links]", "jwks", "permissions", "signOnMode", "[scopeId]", "[assignmentType]", "[tokenWindow]",
      "[signOnMode]",
    ]
    // A GitHub App lists `permissions` too, beside its `node_id`.
    guard !document.has("node_id") else { return nil }
    return document.hasAny(keys) || document.has("[profile]") && document.has("[status]") ? .sure : nil
  }
}
