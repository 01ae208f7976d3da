import AccessGraph
import Foundation

/// Reads raw Microsoft Graph v1.0 responses (one GET a file): users, groups, applications,
/// servicePrincipals, oauth2PermissionGrants, appRoleAssignments, directory role definitions
/// and assignments; and a dump's `index.json` (file → GET URL) for the responses that name
/// their parent only in the URL (group members, owners).
///
/// Objects are `entra:<object id>`. Delegated grants are capped `OAuthGrant` edges from the
/// client to the consenting user, or to `entra:all-users` (which acts as every user) for
/// AllPrincipals consent. Application permissions and directory roles become what they amount
/// to: RoleManagement.ReadWrite.Directory, AppRoleAssignment.ReadWrite.All and the privileged
/// roles reach admin on `entra:tenant`; Application.ReadWrite.All and the application
/// administrator roles control `entra:all-service-principals` (which acts as every service
/// principal); helpdesk, password, user and authentication administrators act on
/// `entra:users`. An application registration authenticates as its service principal, and
/// owners control what they own.
enum EntraGraphImporter: DocumentImporter {
  /// Microsoft Graph application permissions by app role id.
  static let graphAppRoles: [String: String] = [
    "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8": "RoleManagement.ReadWrite.Directory",
    "06b708a9-e830-4db3-a914-8e69da51d44f": "AppRoleAssignment.ReadWrite.All",
    "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9": "Application.ReadWrite.All",
    "19dbc75e-c2e2-444c-a770-ec69d8559fc7": "Directory.ReadWrite.All",
    "7ab1d382-f21e-4acd-a863-ba3e13f7da61": "Directory.Read.All",
    "741f803b-c850-494e-b5df-cde7c675a1ca": "User.ReadWrite.All",
    "df021288-bdef-4463-88db-98f22de89214": "User.Read.All",
    "62a82d76-70ea-41e2-9197-370581804d09": "Group.ReadWrite.All",
    "e2a3a72e-5f79-4c64-b1b1-878b674786c9": "Mail.ReadWrite",
    "810c84a8-4a9e-49e6-bf7d-12d183f40d01": "Mail.Read",
    "b633e1c5-b582-4048-a93e-9f11b44c7e96": "Mail.Send",
  ]

  /// Built-in directory roles by template id, and what each amounts to.
  static let directoryRoles: [String: (name: String, effect: Effect)] = [
    "62e90394-69f5-4237-9190-012177145e10": ("Global Administrator", .tenantAdmin),
    "e8611ab8-c189-46e8-94e1-60213ab1f814": ("Privileged Role Administrator", .tenantAdmin),
    "7be44c8a-adaf-4e2a-84d6-ab2649e08a13": ("Privileged Authentication Administrator", .tenantAdmin),
    "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3": ("Application Administrator", .servicePrincipals),
    "158c047a-c907-4556-b7ef-446551a6b5f7": ("Cloud Application Administrator", .servicePrincipals),
    "729827e3-9c14-49f7-bb1b-9608f156bbb8": ("Helpdesk Administrator", .users),
    "966707d0-3269-4727-9be2-8c3a10f19b9d": ("Password Administrator", .users),
    "fe930be7-5e62-47db-91af-98c3a49a38b1": ("User Administrator", .users),
    "c4e39bd9-1100-46d3-8c65-fb160da0071f": ("Authentication Administrator", .users),
    "fdd7a751-b60b-444a-984c-02652fe8fa1c": ("Groups Administrator", .users),
    "194ae4cb-b126-40b2-bd5b-6091b380977d": ("Security Administrator", .tenantAct),
  ]

  enum Effect {
    case tenantAdmin, tenantAct, servicePrincipals, users
  }

  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, into builder: inout GraphBuilder) throws -> (
    nodes: Int, edges: Int
  ) {
    let root = try JSONReader.document(bytes, file: file)
    var out = Output(file: file)
    if case .object(let files)? = root["files"] {
      try readIndex(files, file: file, out: &out)
    } else if let context = root["@odata.context"]?.stringValue {
      let set = context.components(separatedBy: "#").last ?? ""
      for item in root["value"]?.arrayValue ?? [] { record(item, set: set, out: &out) }
    } else if case .object(let users)? = root["privileged_users"] {
      // ScubaGear's provider export: privileged users and the roles they hold.
      for (id, user) in users {
        out.node(
          "entra:\(id)", ["Entra_User", BuiltInKind.human],
          Properties([("name", .string(user["DisplayName"]?.stringValue ?? id))]))
        for role in IAMPolicy.strings(user["roles"]) {
          let known = directoryRoles.first { $0.value.name == role }
          let roleID = "entra-role:\(known?.key ?? role)"
          out.node(roleID, ["Entra_DirectoryRole", BuiltInKind.role], Properties([("name", .string(role))]))
          out.edge(BuiltInKind.hasRole, "entra:\(id)", roleID)
          if let effect = known?.value.effect { out.effect(effect, from: roleID, technique: role) }
        }
      }
    } else {
      // PowerShell `ConvertTo-Json` output: PascalCase objects, one or a list.
      for item in root.arrayValue ?? [root] {
        let object = camelCased(item)
        record(object, set: inferredSet(object), out: &out)
      }
    }
    return try out.emit(into: &builder)
  }

  /// Navigation responses named by the dump's index: `groups/<id>/members`, `.../owners`.
  static func readIndex(_ files: [(key: String, value: JSONValue)], file: String, out: inout Output) throws {
    let folder = (file as NSString).deletingLastPathComponent
    for (name, request) in files {
      guard let url = request.stringValue, let path = url.components(separatedBy: "/v1.0/").last else { continue }
      let parts = path.split(separator: "/").map(String.init)
      guard parts.count == 3, ["members", "owners"].contains(parts[2]) else { continue }
      let sibling = (folder as NSString).appendingPathComponent(name)
      guard let data = FileManager.default.contents(atPath: sibling) else { continue }
      let response = try JSONReader.document([UInt8](data), file: sibling)
      let parent = "entra:\(parts[1])"
      for item in response["value"]?.arrayValue ?? [] {
        guard let id = item["id"]?.stringValue else { continue }
        let member = "entra:\(id)"
        if parts[2] == "members" {
          out.edge(BuiltInKind.memberOf, member, parent)
        } else {
          out.edge(BuiltInKind.owns, member, parent, ["technique": "owner"])
        }
      }
    }
  }

  /// The entity set a PowerShell object belongs to, judged by its keys.
  static func inferredSet(_ item: JSONValue) -> String {
    if item["appRoleId"] != nil && item["principalId"] != nil && item["resourceId"] != nil { return "x/appRoleAssignments" }
    if item["appId"] != nil && item["requiredResourceAccess"] != nil { return "applications" }
    if item["appId"] != nil { return "servicePrincipals" }
    if item["issuer"] != nil && item["subject"] != nil { return "federatedIdentityCredentials" }
    if item["userPrincipalName"] != nil { return "users" }
    return "unknown"
  }

  /// PascalCase keys to Graph's camelCase, all the way down.
  static func camelCased(_ value: JSONValue) -> JSONValue {
    switch value {
    case .object(let pairs): .object(pairs.map { ($0.key.prefix(1).lowercased() + $0.key.dropFirst(), camelCased($0.value)) })
    case .array(let items): .array(items.map(camelCased))
    default: value
    }
  }

  /// RFC 3339 for Graph times and PowerShell's `/Date(milliseconds)/`.
  static func time(_ text: String) -> String {
    guard let open = text.range(of: "Date("), let close = text.range(of: ")", range: open.upperBound..<text.endIndex),
      let ms = Double(text[open.upperBound..<close.lowerBound])
    else { return text }
    return ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: ms / 1000))
  }

  /// Key and password credentials of an application or service principal: each can sign in
  /// as it until it expires.
  static func credentials(of item: JSONValue, for node: String, out: inout Output) {
    for (list, kind) in [("keyCredentials", "certificate"), ("passwordCredentials", "client secret")] {
      for credential in item[list]?.arrayValue ?? [] {
        guard let keyID = credential["keyId"]?.stringValue else { continue }
        var properties = Properties([
          ("name", .string(credential["displayName"]?.stringValue ?? "\(kind) \(keyID)")), ("credential_type", .string(kind)),
        ])
        if let end = credential["endDateTime"]?.stringValue { properties["expires"] = .string(time(end)) }
        out.node("entra-credential:\(keyID)", ["Entra_Credential", BuiltInKind.credential], properties)
        out.edge(BuiltInKind.authenticatesAs, "entra-credential:\(keyID)", node)
      }
    }
  }

  static func record(_ item: JSONValue, set: String, out: inout Output) {
    guard let id = item["id"]?.stringValue else { return }
    let node = "entra:\(id)"
    let name = item["displayName"]?.stringValue ?? id
    switch set {
    case "users":
      var properties = Properties([("name", .string(name))])
      if let upn = item["userPrincipalName"]?.stringValue { properties["upn"] = .string(upn) }
      if let mail = item["mail"]?.stringValue ?? item["userPrincipalName"]?.stringValue { properties["email"] = .string(mail) }
      if item["accountEnabled"]?.boolValue == false { properties["disabled"] = .bool(true) }
      out.node(node, ["Entra_User", BuiltInKind.human], properties)
      out.node(Output.allUsers)
      out.edge(BuiltInKind.actsAs, Output.allUsers.id, node)
    case "groups":
      var properties = Properties([("name", .string(name))])
      if item["isAssignableToRole"]?.boolValue == true { properties["role_assignable"] = .bool(true) }
      out.node(node, ["Entra_Group", BuiltInKind.group], properties)
    case "applications":
      var properties = Properties([("name", .string(name))])
      if let appID = item["appId"]?.stringValue {
        properties["appId"] = .string(appID)
        out.matchedEdge(BuiltInKind.authenticatesAs, node, appID: appID)
      }
      let requested = (item["requiredResourceAccess"]?.arrayValue ?? []).flatMap { $0["resourceAccess"]?.arrayValue ?? [] }
        .compactMap { $0["id"]?.stringValue.map { graphAppRoles[$0] ?? $0 } }
      if !requested.isEmpty { properties["requested_permissions"] = .array(requested.map { .string($0) }) }
      out.node(node, ["Entra_Application", BuiltInKind.application], properties)
      credentials(of: item, for: node, out: &out)
    case "federatedIdentityCredentials":
      guard let issuer = item["issuer"]?.stringValue, let subject = item["subject"]?.stringValue else { return }
      out.node(
        "entra-federated:\(issuer)#\(subject)", ["Entra_FederatedIdentity", BuiltInKind.application],
        Properties([
          ("name", .string(item["name"]?.stringValue ?? subject)), ("issuer", .string(issuer)), ("subject", .string(subject)),
        ]))
    case "servicePrincipals":
      let tags = IAMPolicy.strings(item["tags"]).map { $0.lowercased() }
      let isAgent = tags.contains { $0.contains("agent") }
      var properties = Properties([("name", .string(name))])
      if let appID = item["appId"]?.stringValue { properties["appId"] = .string(appID) }
      if let type = item["servicePrincipalType"]?.stringValue { properties["sp_type"] = .string(type) }
      if item["accountEnabled"]?.boolValue == false { properties["disabled"] = .bool(true) }
      out.node(node, ["Entra_ServicePrincipal", isAgent ? BuiltInKind.agent : BuiltInKind.serviceAccount], properties)
      credentials(of: item, for: node, out: &out)
      out.node(Output.allServicePrincipals)
      out.edge(BuiltInKind.actsAs, Output.allServicePrincipals.id, node)
    case "oauth2PermissionGrants":
      guard let client = item["clientId"]?.stringValue else { return }
      let scope = (item["scope"]?.stringValue ?? "").trimmingCharacters(in: .whitespaces)
      let target =
        item["consentType"]?.stringValue == "AllPrincipals"
        ? Output.allUsers.id : item["principalId"]?.stringValue.map { "entra:\($0)" }
      guard let target else { return }
      if target == Output.allUsers.id { out.node(Output.allUsers) }
      out.edge(BuiltInKind.oauthGrant, "entra:\(client)", target, ["scopes": scope, "technique": "delegated consent"])
    case "roleManagement/directory/roleDefinitions":
      out.node(
        "entra-role:\(item["templateId"]?.stringValue ?? id)", ["Entra_DirectoryRole", BuiltInKind.role],
        Properties([("name", .string(name))]))
    case "roleManagement/directory/roleAssignments":
      guard let principal = item["principalId"]?.stringValue, let definition = item["roleDefinitionId"]?.stringValue else {
        return
      }
      let role = "entra-role:\(definition)"
      let known = directoryRoles[definition]
      out.node(role, ["Entra_DirectoryRole", BuiltInKind.role], Properties([("name", .string(known?.name ?? definition))]))
      let scope = item["directoryScopeId"]?.stringValue ?? "/"
      if scope == "/" {
        out.edge(BuiltInKind.hasRole, "entra:\(principal)", role)
        if let effect = known?.effect { out.effect(effect, from: role, technique: known!.name) }
      } else {
        // A role scoped to one object (an application) controls that object only.
        let scoped = "\(role)@\(scope.dropFirst())"
        out.node(
          scoped, ["Entra_DirectoryRole", BuiltInKind.role],
          Properties([("name", .string("\(known?.name ?? definition) on \(scope.dropFirst())"))]))
        out.edge(BuiltInKind.hasRole, "entra:\(principal)", scoped)
        out.edge(BuiltInKind.canManage, scoped, "entra:\(scope.dropFirst())", ["technique": known?.name ?? definition])
      }
    default:
      if set.hasSuffix("/appRoleAssignments") || set.hasSuffix("/appRoleAssignedTo") {
        guard let principal = item["principalId"]?.stringValue, let resource = item["resourceId"]?.stringValue,
          let appRole = item["appRoleId"]?.stringValue
        else { return }
        let permission = graphAppRoles[appRole] ?? appRole
        let from = "entra:\(principal)"
        switch permission {
        case "RoleManagement.ReadWrite.Directory", "AppRoleAssignment.ReadWrite.All":
          out.effect(.tenantAdmin, from: from, technique: permission)
        case "Application.ReadWrite.All":
          out.effect(.servicePrincipals, from: from, technique: permission)
        case "User.ReadWrite.All", "Directory.ReadWrite.All", "Group.ReadWrite.All":
          out.effect(.users, from: from, technique: permission)
        default:
          let tier = ScopeTier.of(permission)
          let kind = BuiltInKind.permission(tier)
          out.edge(kind, from, "entra:\(resource)", ["technique": permission])
        }
      }
    }
  }

  /// What one file contributes: nodes once (the first record of an id stands), every edge.
  struct Output {
    var sink: GraphSink

    init(file: String) { sink = GraphSink(file: file, nodes: .firstWins, edges: .keepAll) }

    mutating func node(_ id: String, _ kinds: [String], _ properties: Properties) {
      sink.node(id, kinds, properties)
    }

    mutating func node(_ area: GraphSink.Area) { sink.node(area) }

    mutating func edge(_ kind: String, _ from: String, _ to: String, _ properties: [String: String] = [:]) {
      sink.edge(kind, from, to, Properties(properties.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
    }

    /// An application registration authenticates as the service principal with its appId.
    mutating func matchedEdge(_ kind: String, _ from: String, appID: String) {
      sink.edge(
        kind, from, .properties([.init(key: "appId", value: .string(appID))], kind: "Entra_ServicePrincipal"),
        named: "appId:\(appID)", Properties([("technique", .string("credentials of the application registration"))]))
    }

    static let allUsers = GraphSink.Area(
      id: "entra:all-users", kinds: ["Entra_AllUsers", BuiltInKind.group],
      properties: Properties([("name", .string("All users"))]))
    static let tenant = GraphSink.Area(
      id: "entra:tenant", kinds: ["Entra_Tenant", BuiltInKind.resource],
      properties: Properties([("name", .string("Entra tenant")), ("sensitivity", .string("critical"))]))
    static let allServicePrincipals = GraphSink.Area(
      id: "entra:all-service-principals", kinds: ["Entra_AllServicePrincipals", BuiltInKind.group],
      properties: Properties([("name", .string("All service principals"))]))
    static let users = GraphSink.Area(
      id: "entra:users", kinds: ["Entra_Directory", BuiltInKind.resource],
      properties: Properties([("name", .string("Entra users and groups")), ("sensitivity", .string("high"))]))

    mutating func effect(_ effect: Effect, from: String, technique: String) {
      let (kind, area) =
        switch effect {
        case .tenantAdmin: (BuiltInKind.canAdmin, Self.tenant)
        case .tenantAct: (BuiltInKind.canAct, Self.tenant)
        case .servicePrincipals: (BuiltInKind.canManage, Self.allServicePrincipals)
        case .users: (BuiltInKind.canAct, Self.users)
        }
      sink.edge(kind, from, toArea: area, Properties([("technique", .string(technique))]))
    }

    func emit(into builder: inout GraphBuilder) throws -> (nodes: Int, edges: Int) { try sink.emit(into: &builder) }
  }
}

extension EntraGraphImporter: FormatClaim {
  static let format = InputFormat.entraGraph
  static let displayName = "Entra/Graph"

  static func claim(_ document: DocumentShape) -> Claim? {
    if document.has("@odata.context") || document.has("files") && document.has("tenantId") || document.has("privileged_users") {
      return .sure
    }
    // PowerShell (ScubaGear) exports of Graph objects: PascalCase keys, one object or a list.
    let pascal = document.bareKeys
    return pascal.contains("AppId") || pascal.contains("AppRoleId") || pascal.contains("Issuer") && pascal.contains("Subject")
      ? .sure : nil
  }
}
