import AccessGraph
import Foundation

/// Reads GCP IAM: policies (`gcloud ... get-iam-policy`), Cloud Asset Inventory records
/// (`search-all-iam-policies` camelCase, or exports with snake_case `iam_policy`), service
/// account lists and custom role lists.
///
/// A binding of role R on resource X becomes `member -HasRole-> gcp-role:R@X -Can<tier>-> X`,
/// the tier read off the role (owner admin, editor act, viewer read, *Admin admin, ...).
/// Impersonation roles (serviceAccountTokenCreator, serviceAccountUser, workloadIdentityUser,
/// serviceAccountKeyAdmin, owner, editor) add `ActsAs` edges to the service account they are
/// granted on, or to every service account of the project. Members keep GCP's spelling as ids
/// (`user:alice@x`, `serviceAccount:sa@p.iam.gserviceaccount.com`); a GKE workload identity
/// member `serviceAccount:p.svc.id.goog[ns/sa]` is acted as by `k8s:sa:ns/sa`. Conditional
/// bindings keep their expression, and a `request.time < timestamp(...)` bound becomes
/// `expires`. A bare policy names no resource: it is taken from its service accounts' project
/// when they share one, otherwise from the file's name.
enum GCPIAMImporter: DocumentImporter {
  static let impersonationRoles: Set<String> = [
    "roles/iam.serviceAccountTokenCreator", "roles/iam.serviceAccountUser", "roles/iam.workloadIdentityUser",
    "roles/iam.serviceAccountKeyAdmin", "roles/iam.serviceAccountAdmin", "roles/owner", "roles/editor",
  ]

  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, into builder: inout GraphBuilder) throws -> (
    nodes: Int, edges: Int
  ) {
    let root = try JSONReader.document(bytes, file: file)
    var model = Model(file: file)
    if let records = root.arrayValue {
      for (i, record) in records.enumerated() {
        try ImportError.skipping(&builder, in: bytes) { _ in try model.asset(record, path: "[\(i)]") }
      }
    } else if root["bindings"] != nil {
      try model.policy(root, on: model.bareResource(root), type: nil, path: "bindings")
    } else if let accounts = root["accounts"]?.arrayValue {
      for account in accounts { model.serviceAccount(account) }
    } else if let roles = root["roles"]?.arrayValue {
      for role in roles { model.customRole(role) }
    } else {
      throw ImportError.unsupportedFormat(
        file: file, message: "not a GCP IAM policy, asset list, service-account list or role list")
    }
    return try model.emit(into: &builder)
  }

  struct Model {
    let file: String
    /// An entity seen in several bindings gains what each says of it; a grant found twice
    /// keeps its first reason.
    var sink: GraphSink
    /// Service accounts by project id, for project-wide impersonation.
    var accountsByProject: [String: Set<String>] = [:]
    /// Impersonation grants on a whole project, resolved once every account is known.
    var projectWide: [(binding: String, project: String)] = []

    init(file: String) {
      self.file = file
      sink = GraphSink(file: file, nodes: .mergeProperties, edges: .firstWins)
    }

    mutating func node(_ id: String, _ kinds: [String], _ properties: Properties = Properties()) {
      sink.node(id, kinds, properties)
    }

    mutating func edge(_ kind: String, _ from: String, _ to: String, _ properties: Properties = Properties()) {
      sink.edge(kind, from, to, properties)
    }

    static func project(ofAccount email: String) -> String? {
      guard email.hasSuffix(".iam.gserviceaccount.com"), let at = email.firstIndex(of: "@") else { return nil }
      return String(email[email.index(after: at)...].dropLast(".iam.gserviceaccount.com".count))
    }

    /// The resource a bare policy is for: the one project its service accounts belong to, or the file.
    func bareResource(_ policy: JSONValue) -> String {
      let bindings = policy["bindings"]?.arrayValue ?? []
      let base = (file.split(separator: "/").last.map(String.init) ?? file)
      let fromFile = "file:" + (base.hasSuffix(".json") ? String(base.dropLast(5)) : base)
      // A policy of service-account roles only is a service account's own policy.
      if Self.isServiceAccountPolicy(bindings) { return fromFile }
      let members = bindings.flatMap { IAMPolicy.strings($0["members"]) }
      let projects = Set(
        members.compactMap { m in m.hasPrefix("serviceAccount:") ? Self.project(ofAccount: String(m.dropFirst(15))) : nil })
      if projects.count == 1, let project = projects.first { return "projects/\(project)" }
      return fromFile
    }

    static func isServiceAccountPolicy(_ bindings: [JSONValue]) -> Bool {
      !bindings.isEmpty
        && bindings.allSatisfy { b in
          let role = b["role"]?.stringValue ?? ""
          return role.hasPrefix("roles/iam.serviceAccount") || role == "roles/iam.workloadIdentityUser"
        }
    }

    mutating func serviceAccount(_ account: JSONValue) {
      guard let email = account["email"]?.stringValue else { return }
      var properties = Properties([("name", .string(email))])
      if let display = account["displayName"]?.stringValue { properties["display_name"] = .string(display) }
      if let project = account["projectId"]?.stringValue ?? Self.project(ofAccount: email) {
        properties["project"] = .string(project)
        accountsByProject[project, default: []].insert("serviceAccount:\(email)")
      }
      if account["disabled"]?.boolValue == true { properties["disabled"] = .bool(true) }
      node("serviceAccount:\(email)", ["GCP_ServiceAccount", BuiltInKind.serviceAccount], properties)
    }

    mutating func customRole(_ role: JSONValue) {
      guard let name = role["name"]?.stringValue else { return }
      let permissions = IAMPolicy.strings(role["includedPermissions"])
      var properties = Properties([("name", .string(role["title"]?.stringValue ?? name))])
      properties["permissions"] = .array(permissions.map { .string($0) })
      properties["tier"] = .string(Self.tier(ofPermissions: permissions).description)
      if permissions.contains(where: {
        [
          "iam.serviceAccounts.actAs", "iam.serviceAccounts.getAccessToken", "iam.serviceAccounts.signJwt",
          "iam.serviceAccountKeys.create",
        ].contains($0)
      }) {
        properties["impersonates"] = .bool(true)
      }
      node("gcp-role:\(name)", ["GCP_CustomRole", BuiltInKind.role], properties)
    }

    /// One Cloud Asset Inventory record (`resource`/`name`, `assetType`/`asset_type`, `policy`/`iam_policy`).
    mutating func asset(_ record: JSONValue, path: String) throws {
      guard case .object = record else {
        throw ImportError.invalid(file: file, line: nil, column: nil, path: path, message: "expected an asset record object")
      }
      // search-all-iam-policies names the asset in `resource`; exports put its data there and its name in `name`.
      guard let name = record["resource"]?.stringValue ?? record["name"]?.stringValue else {
        throw ImportError.invalid(
          file: file, line: nil, column: nil, path: path, message: "an asset record needs resource or name")
      }
      let type = (record["assetType"] ?? record["asset_type"])?.stringValue
      let data = record["resource"]?["data"]
      let roleName = String(name.drop(while: { $0 == "/" }).drop(while: { $0 != "/" }).dropFirst())
      if type == "iam.googleapis.com/Role", let data {
        customRole(
          .object([
            ("name", .string(roleName)), ("title", data["title"] ?? .string(roleName)),
            ("includedPermissions", data["includedPermissions"] ?? .array([])),
          ]))
        return
      }
      if type == "iam.googleapis.com/ServiceAccountKey", let range = name.range(of: "/serviceAccounts/") {
        let email = String(name[range.upperBound...].split(separator: "/").first ?? "")
        var properties = Properties([("name", .string(String(name.split(separator: "/").last ?? "")))])
        if let before = data?["validBeforeTime"]?.stringValue { properties["expires"] = .string(before) }
        if let after = data?["validAfterTime"]?.stringValue { properties["created"] = .string(after) }
        node("gcp-key:\(roleName)", ["GCP_ServiceAccountKey", BuiltInKind.credential], properties)
        node(
          "serviceAccount:\(email)", ["GCP_ServiceAccount", BuiltInKind.serviceAccount], Properties([("name", .string(email))]))
        edge(BuiltInKind.authenticatesAs, "gcp-key:\(roleName)", "serviceAccount:\(email)")
        return
      }
      let resource = Self.resourceID(name, type: type)
      if let policy = record["policy"] ?? record["iam_policy"] {
        try self.policy(policy, on: resource, type: type, path: "\(path).policy")
      } else {
        node(
          resource, Self.resourceKinds(resource, type: type),
          Properties([("name", .string(name)), ("asset_type", .string(type ?? ""))]))
      }
    }

    /// `projects/p`, `serviceAccount:email`, or the asset name without its service prefix.
    static func resourceID(_ name: String, type: String?) -> String {
      if let range = name.range(of: "/serviceAccounts/") {
        let email = String(name[range.upperBound...].split(separator: "/").first ?? "")
        return "serviceAccount:\(email)"
      }
      var trimmed = Substring(name)
      if trimmed.hasPrefix("//"), let slash = trimmed.dropFirst(2).firstIndex(of: "/") {
        trimmed = trimmed[trimmed.index(after: slash)...]
      }
      return String(trimmed)
    }

    static func resourceKinds(_ id: String, type: String?) -> [String] {
      if id.hasPrefix("serviceAccount:") { return ["GCP_ServiceAccount", BuiltInKind.serviceAccount] }
      if id.hasPrefix("projects/") && !id.dropFirst(9).contains("/") { return ["GCP_Project", BuiltInKind.resource] }
      if id.hasPrefix("file:") { return ["GCP_Resource", BuiltInKind.resource] }
      return ["GCP_Resource", BuiltInKind.resource]
    }

    mutating func policy(_ policy: JSONValue, on resource: String, type: String?, path: String) throws {
      guard let bindings = policy["bindings"]?.arrayValue ?? (policy["bindings"] == nil ? [] : nil) else {
        throw ImportError.invalid(file: file, line: nil, column: nil, path: path, message: "bindings must be an array")
      }
      let kinds =
        resource.hasPrefix("file:") && Self.isServiceAccountPolicy(bindings)
        ? ["GCP_ServiceAccount", BuiltInKind.serviceAccount] : Self.resourceKinds(resource, type: type)
      var properties = Properties([("name", .string(resource))])
      if resource.hasPrefix("projects/") && !resource.dropFirst(9).contains("/") { properties["sensitivity"] = .string("high") }
      node(resource, kinds, properties)
      for (i, binding) in bindings.enumerated() {
        guard let role = binding["role"]?.stringValue else {
          throw ImportError.invalid(file: file, line: nil, column: nil, path: "\(path)[\(i)]", message: "a binding needs a role")
        }
        let grant = "gcp-role:\(role)@\(resource)"
        node(
          grant, ["GCP_RoleBinding", BuiltInKind.role],
          Properties([("name", .string("\(role) on \(resource)")), ("role", .string(role))]))
        // Impersonation roles grant acting as service accounts, not power over the resource.
        if !GCPIAMImporter.impersonationRoles.contains(role) || role == "roles/owner" || role == "roles/editor" {
          let tier = Self.tier(ofRole: role)
          let kind = BuiltInKind.permission(tier)
          edge(kind, grant, resource)
        }
        if role.contains("/roles/") && !role.hasPrefix("roles/") {
          node("gcp-role:\(role)", ["GCP_CustomRole", BuiltInKind.role], Properties([("name", .string(role))]))
          edge(BuiltInKind.hasRole, grant, "gcp-role:\(role)")
        }
        if GCPIAMImporter.impersonationRoles.contains(role) {
          if kinds.first == "GCP_ServiceAccount" {
            edge(BuiltInKind.actsAs, grant, resource, Properties([("technique", .string(role))]))
          } else if resource.hasPrefix("projects/") {
            projectWide.append((grant, String(resource.dropFirst(9))))
          }
        }
        var grantProperties = Properties([("binding_role", .string(role))])
        if let condition = binding["condition"] {
          grantProperties["conditional"] = .bool(true)
          if let title = condition["title"]?.stringValue { grantProperties["condition_title"] = .string(title) }
          if let expression = condition["expression"]?.stringValue {
            grantProperties["condition"] = .string(expression)
            if let expires = Self.expiry(in: expression) { grantProperties["expires"] = .string(expires) }
          }
        }
        for member in IAMPolicy.strings(binding["members"]) {
          guard let id = self.member(member) else { continue }
          edge(BuiltInKind.hasRole, id, grant, grantProperties)
        }
      }
    }

    /// Adds a member node and returns its id (nil for members pathscan cannot name).
    mutating func member(_ text: String) -> String? {
      if text.hasPrefix("deleted:") {
        let id = String(text.dropFirst(8).split(separator: "?").first ?? "")
        node(
          id, ["GCP_DeletedPrincipal", BuiltInKind.human],
          Properties([("name", .string(id)), ("deleted", .bool(true)), ("disabled", .bool(true))]))
        return id
      }
      let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
      let type = parts.count == 2 && !text.hasPrefix("principal") ? parts[0] : text.hasPrefix("principal") ? "principal" : text
      let value = parts.count == 2 ? parts[1] : text
      switch type {
      case "user":
        node(text, ["GCP_User", BuiltInKind.human], Properties([("name", .string(value)), ("email", .string(value))]))
      case "group":
        node(text, ["GCP_Group", BuiltInKind.group], Properties([("name", .string(value)), ("email", .string(value))]))
      case "serviceAccount":
        var properties = Properties([("name", .string(value))])
        if let project = Self.project(ofAccount: value) {
          properties["project"] = .string(project)
          accountsByProject[project, default: []].insert(text)
        }
        node(text, ["GCP_ServiceAccount", BuiltInKind.serviceAccount], properties)
        // GKE workload identity: pool.svc.id.goog[namespace/name] is that Kubernetes service account.
        if let open = value.firstIndex(of: "["), value.hasSuffix("]"), value[..<open].hasSuffix(".svc.id.goog") {
          let k8s = "k8s:sa:" + value[value.index(after: open)..<value.index(before: value.endIndex)]
          node(
            k8s, ["K8s_ServiceAccount", BuiltInKind.serviceAccount], Properties([("name", .string(String(k8s.dropFirst(7))))]))
          edge(BuiltInKind.actsAs, k8s, text, Properties([("technique", .string("GKE workload identity"))]))
        }
      case "domain", "projectOwner", "projectEditor", "projectViewer":
        node(
          text, ["GCP_\(type.prefix(1).uppercased() + type.dropFirst())", BuiltInKind.group],
          Properties([("name", .string(text))]))
      case "allUsers", "allAuthenticatedUsers":
        node(text, ["GCP_Public", BuiltInKind.group], Properties([("name", .string(text)), ("public", .bool(true))]))
      case "principal":
        node(text, ["GCP_FederatedPrincipal", BuiltInKind.group], Properties([("name", .string(text))]))
      default:
        return nil
      }
      return text
    }

    static func tier(ofRole role: String) -> Tier {
      let last = role.split(separator: "/").last.map(String.init)?.lowercased() ?? role.lowercased()
      switch last {
      case "owner": return .admin
      case "editor": return .act
      case "viewer", "browser": return .read
      default: break
      }
      if last.contains("admin") || last.contains("owner") || GCPIAMImporter.impersonationRoles.contains(role) { return .admin }
      if last.contains("viewer") || last.contains("reader") || last.hasSuffix("accessor") || last.contains("browser") {
        return .read
      }
      return .act
    }

    static func tier(ofPermissions permissions: [String]) -> Tier {
      permissions.map { p -> Tier in
        let verb = p.split(separator: ".").last.map(String.init)?.lowercased() ?? p
        if verb == "setiampolicy" || verb == "actas" || verb == "getaccesstoken"
          || p.hasPrefix("iam.") && verb != "get" && verb != "list"
        {
          return .admin
        }
        if ["get", "list", "getiampolicy", "read", "view"].contains(where: verb.hasPrefix) { return .read }
        return .act
      }.max() ?? .read
    }

    /// The time in `request.time < timestamp("...")`, if the condition has such an end.
    static func expiry(in expression: String) -> String? {
      guard let lessThan = expression.range(of: "request.time <"),
        let open = expression.range(of: "timestamp(\"", range: lessThan.upperBound..<expression.endIndex),
        let close = expression.range(of: "\")", range: open.upperBound..<expression.endIndex)
      else { return nil }
      return String(expression[open.upperBound..<close.lowerBound])
    }

    mutating func emit(into builder: inout GraphBuilder) throws -> (nodes: Int, edges: Int) {
      for (grant, project) in projectWide {
        for account in accountsByProject[project, default: []].sorted() {
          edge(
            BuiltInKind.actsAs, grant, account, Properties([("technique", .string("project-wide service account impersonation"))])
          )
        }
      }
      return try sink.emit(into: &builder)
    }
  }
}

extension GCPIAMImporter: FormatClaim {
  static let format = InputFormat.gcpIAM
  static let displayName = "GCP IAM"

  static func claim(_ document: DocumentShape) -> Claim? {
    // Okta's custom roles list `roles` too, with `_links`; GitHub's in a `total_count` page.
    document.hasAny(["bindings", "accounts", "roles", "[assetType]", "[asset_type]"])
      && !document.hasAny(["_links", "total_count"]) ? .sure : nil
  }
}
