import AccessGraph

/// Reads `aws iam get-account-authorization-details` JSON: users, groups, roles, managed and
/// inline policies, trust policies; evaluates Allow and explicit Deny (wildcards, NotAction,
/// NotResource); and derives the privilege-escalation edges IAM analysers derive.
///
/// Nodes: `AWS_User` (Human, or ServiceAccount/Agent by an `identity-kind` tag), `AWS_Group`,
/// `AWS_Role`, service and federated principals, external accounts, resources by ARN pattern,
/// and one `aws-admin:<account>` node for "administrator of the account". Every derived edge
/// records its `technique` and the `statement` (policy and Sid or index) behind it; edges
/// guarded by conditions pathscan cannot evaluate are kept and marked `conditional`.
enum AWSIAMImporter: DocumentImporter {
  struct Principal {
    var arn: String
    var name: String
    var kind: String
    var account: String
    var permissions: IAMPermissions
    var attached: [String]
    var groups: [String] = []
    var trust: IAMPolicy?
    var properties: Properties
  }

  /// Services that run code as a role passed to them, and the action that starts it.
  static let computeServices: [String: String] = [
    "lambda.amazonaws.com": "lambda:CreateFunction", "ec2.amazonaws.com": "ec2:RunInstances",
    "glue.amazonaws.com": "glue:CreateDevEndpoint", "cloudformation.amazonaws.com": "cloudformation:CreateStack",
    "ecs-tasks.amazonaws.com": "ecs:RunTask", "sagemaker.amazonaws.com": "sagemaker:CreateNotebookInstance",
    "codebuild.amazonaws.com": "codebuild:CreateProject", "datapipeline.amazonaws.com": "datapipeline:CreatePipeline",
  ]

  static func read(_ bytes: [UInt8], file: String, into builder: inout GraphBuilder) throws -> (nodes: Int, edges: Int) {
    let root = try JSONReader.document(bytes, file: file)
    var emitter = Emitter(file: file)
    swap(&emitter.builder, &builder)
    defer { swap(&emitter.builder, &builder) }
    let managed = try managedPolicies(root, file: file)
    var principals: [Principal] = []
    for (list, kind) in [("UserDetailList", "User"), ("GroupDetailList", "Group"), ("RoleDetailList", "Role")] {
      for (i, item) in (root[list]?.arrayValue ?? []).enumerated() {
        try ImportError.skipping(&emitter.builder) { _ in
          principals.append(try principal(item, kind: kind, managed: managed, file: file, path: "\(list)[\(i)]"))
        }
      }
    }
    let byName = Dictionary(principals.map { ("\($0.kind):\($0.account):\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
    let byARN = Dictionary(principals.map { ($0.arn, $0) }, uniquingKeysWith: { a, _ in a })
    for p in principals {
      let category = p.kind == "User" ? userCategory(p.properties) : p.kind == "Group" ? "Group" : "Role"
      var properties = p.properties
      // A principal allowed everything, or all of IAM, is tier zero: whoever becomes it owns
      // the account. The input's own `sensitivity` tag wins.
      if properties["sensitivity"] == nil, let reason = tierZero(p.permissions) {
        properties["sensitivity"] = .string("critical")
        properties["tier_zero"] = .string(reason)
      }
      try emitter.node(p.arn, kinds: ["AWS_\(p.kind)", category], properties: properties)
    }
    // An instance profile is how EC2 runs as a role: control of the instance it is attached to
    // (act) yields the role, as for any resource that runs as an identity.
    for (i, item) in (root["RoleDetailList"]?.arrayValue ?? []).enumerated() {
      guard let role = item["Arn"]?.stringValue, byARN[role] != nil else { continue }
      for (j, profile) in (item["InstanceProfileList"]?.arrayValue ?? []).enumerated() {
        guard let arn = profile["Arn"]?.stringValue else {
          emitter.builder.skipRecord(
            at: SourceLocation(file: file, record: .named("RoleDetailList[\(i)].InstanceProfileList[\(j)].Arn")),
            "every instance profile needs an Arn")
          continue
        }
        let name = profile["InstanceProfileName"]?.stringValue ?? String(arn.split(separator: "/").last ?? Substring(arn))
        try emitter.node(
          arn, kinds: ["AWS_InstanceProfile", "Resource"],
          properties: Properties([("name", .string(name)), ("aws_account", .string(account(of: arn)))]))
        try emitter.edge("RunsAs", arn, role)
      }
    }
    for user in principals where user.kind == "User" {
      for group in user.groups {
        guard let g = byName["Group:\(user.account):\(group)"] else { continue }
        try emitter.edge("MemberOf", user.arn, g.arn)
      }
    }
    let roles = principals.filter { $0.kind == "Role" }
    let users = principals.filter { $0.kind == "User" }
    // Trust policies may name a principal without its path (user/name for user/team/name).
    let byPathlessARN = Dictionary(
      principals.map { ("arn:aws:iam::\($0.account):\($0.kind.lowercased())/\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
    let lookup = byARN.merging(byPathlessARN) { exact, _ in exact }
    for role in roles {
      try trustEdges(role, principals: principals, byARN: lookup, emitter: &emitter)
    }
    for p in principals {
      // A user acts with its own policies and its groups'.
      var effective = p.permissions
      if p.kind == "User" {
        for group in p.groups { effective.statements += byName["Group:\(p.account):\(group)"]?.permissions.statements ?? [] }
      }
      let attachedHere = Set(p.attached + p.groups.flatMap { byName["Group:\(p.account):\($0)"]?.attached ?? [] })
      try derive(p, effective, roles: roles, users: users, principals: principals, attached: attachedHere, emitter: &emitter)
    }
    try emitter.flushEdges()
    return (emitter.nodeCount, emitter.edgeCount)
  }

  static func userCategory(_ properties: Properties) -> String {
    switch properties["tag_identity-kind"]?.matchText.lowercased() {
    case "service", "service-account", "serviceaccount", "bot", "ci", "workload", "machine": "ServiceAccount"
    case "agent", "ai-agent": "Agent"
    default: "Human"
    }
  }

  /// Why a principal's own policies make it tier zero, or nil.
  static func tierZero(_ permissions: IAMPermissions) -> String? {
    func unconditional(_ action: String) -> Bool {
      permissions.allowing(action, on: "*").map { $0.conditionKeys.isEmpty } ?? false
    }
    if unconditional("iam:AttachRolePolicy") && unconditional("s3:DeleteBucket") && unconditional("ec2:TerminateInstances") {
      return "allowed * on *"
    }
    if unconditional("iam:CreateUser") && unconditional("iam:AttachUserPolicy") && unconditional("iam:PutRolePolicy") {
      return "allowed all of IAM"
    }
    return nil
  }

  static func account(of arn: String) -> String {
    let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
    return parts.count > 4 ? String(parts[4]) : ""
  }

  static func managedPolicies(_ root: JSONValue, file: String) throws -> [String: IAMPolicy] {
    var policies: [String: IAMPolicy] = [:]
    for (i, item) in (root["Policies"]?.arrayValue ?? []).enumerated() {
      guard let arn = item["Arn"]?.stringValue else { continue }
      let name = item["PolicyName"]?.stringValue ?? String(arn.split(separator: "/").last ?? Substring(arn))
      let versions = item["PolicyVersionList"]?.arrayValue ?? []
      guard let version = versions.first(where: { $0["IsDefaultVersion"]?.boolValue == true }) ?? versions.first,
        let document = version["Document"]
      else { continue }
      policies[arn] = try IAMPolicy.parse(document, name: name, file: file, path: "Policies[\(i)]")
    }
    return policies
  }

  static func principal(_ item: JSONValue, kind: String, managed: [String: IAMPolicy], file: String, path: String) throws
    -> Principal
  {
    guard let arn = item["Arn"]?.stringValue else {
      throw ImportError.invalid(
        file: file, line: 1, column: 1, path: "\(path).Arn", message: "every \(kind.lowercased()) needs an Arn")
    }
    let name = item["\(kind)Name"]?.stringValue ?? String(arn.split(separator: "/").last ?? Substring(arn))
    var statements: [IAMStatement] = []
    for (j, inline) in ((item["\(kind)PolicyList"] ?? item["RolePolicyList"])?.arrayValue ?? []).enumerated() {
      guard let document = inline["PolicyDocument"] else { continue }
      let policyName = inline["PolicyName"]?.stringValue ?? "inline-\(j)"
      statements += try IAMPolicy.parse(document, name: policyName, file: file, path: "\(path).\(kind)PolicyList[\(j)]")
        .statements
    }
    let attached = (item["AttachedManagedPolicies"]?.arrayValue ?? []).compactMap { $0["PolicyArn"]?.stringValue }
    for policyARN in attached { statements += managed[policyARN]?.statements ?? [] }
    var properties = Properties([("name", .string(name)), ("aws_account", .string(account(of: arn)))])
    for tag in item["Tags"]?.arrayValue ?? [] {
      guard let key = tag["Key"]?.stringValue, let value = tag["Value"]?.stringValue else { continue }
      properties["tag_\(key)"] = .string(value)
      if ["email", "owner", "domain"].contains(key.lowercased()) { properties[key.lowercased()] = .string(value) }
    }
    if !attached.isEmpty { properties["attached_policies"] = .array(attached.map { .string($0) }) }
    var principal = Principal(
      arn: arn, name: name, kind: kind, account: account(of: arn), permissions: IAMPermissions(statements: statements),
      attached: attached, properties: properties)
    principal.groups = item["GroupList"]?.arrayValue?.compactMap(\.stringValue) ?? []
    if let trust = item["AssumeRolePolicyDocument"] {
      principal.trust = try IAMPolicy.parse(
        trust, name: "\(name) trust policy", file: file, path: "\(path).AssumeRolePolicyDocument")
    }
    return principal
  }

  /// Who a role's trust policy lets assume it directly: named principals, services,
  /// federated identity providers, other accounts, anyone.
  static func trustEdges(_ role: Principal, principals: [Principal], byARN: [String: Principal], emitter: inout Emitter) throws {
    for statement in role.trust?.statements ?? [] where statement.allow {
      guard
        statement.actions.contains(where: {
          IAMPattern.matches($0, "sts:AssumeRole", caseInsensitive: true)
            || IAMPattern.matches($0, "sts:AssumeRoleWithWebIdentity", caseInsensitive: true)
            || IAMPattern.matches($0, "sts:AssumeRoleWithSAML", caseInsensitive: true)
        })
      else { continue }
      var properties = emitter.evidence("trust policy", statement)
      for (type, values) in statement.principals {
        for value in values {
          switch type {
          case "Service":
            // AWS runs its service principals; nobody in the account owns or offboards them.
            try emitter.node(
              "aws-service:\(value)", kinds: ["AWS_Service", "ServiceAccount"],
              properties: Properties([("name", .string(value)), ("vendor_managed", .bool(true))]))
            try emitter.edge("CanAssume", "aws-service:\(value)", role.arn, properties)
          case "Federated":
            if let sub = statement.conditionValues.first(where: { $0.key.hasSuffix(":sub") })?.value {
              properties["subject"] = .array(sub.map { .string($0) })
            }
            try emitter.node(
              value, kinds: ["AWS_IdentityProvider", "Application"], properties: Properties([("name", .string(value))]))
            try emitter.edge("CanAssume", value, role.arn, properties)
          default:
            if value == "*" {
              try emitter.node(
                "aws-anyone", kinds: ["AWS_Anyone", "Group"], properties: Properties([("name", .string("Any AWS principal"))]))
              try emitter.edge("CanAssume", "aws-anyone", role.arn, properties)
            } else if let named = byARN[value] {
              try emitter.edge("CanAssume", named.arn, role.arn, properties)
            } else {
              let other = value.hasPrefix("arn:") ? account(of: value) : value
              // The role's own account delegates to identity policies (derived per principal).
              guard other != role.account else { continue }
              let id = "aws-account:\(other)"
              try emitter.node(
                id, kinds: ["AWS_Account", "Group"],
                properties: Properties([("name", .string("AWS account \(other)")), ("external", .bool(true))]))
              try emitter.edge("CanAssume", id, role.arn, properties)
            }
          }
        }
      }
    }
  }

  /// Whether a role's trust policy delegates to its own account (`:root` or the account id).
  static func trustsOwnAccount(_ role: Principal) -> IAMStatement? {
    role.trust?.statements.first { s in
      s.allow && (s.principals["AWS"] ?? []).contains { $0 == role.account || $0 == "arn:aws:iam::\(role.account):root" }
    }
  }

  static func derive(
    _ p: Principal, _ e: IAMPermissions, roles: [Principal], users: [Principal], principals: [Principal], attached: Set<String>,
    emitter: inout Emitter
  ) throws {
    let admin = "aws-admin:\(p.account)"
    func escalate(_ technique: String, _ statement: IAMStatement) throws {
      try emitter.node(
        admin, kinds: ["AWS_AccountAdmin", "Resource"],
        properties: Properties([
          ("name", .string("Administrator of AWS account \(p.account)")), ("sensitivity", .string("critical")),
        ]))
      var properties = emitter.evidence(technique, statement)
      properties["tier"] = .string("admin")
      try emitter.edge("CanAdmin", p.arn, admin, properties)
    }
    // Full administrators.
    if let s = e.allowing("iam:AttachRolePolicy", on: "*"), e.allowing("s3:DeleteBucket", on: "*") != nil {
      try escalate("administrator (Action * on Resource *)", s)
    }
    for role in roles where role.arn != p.arn && role.account == p.account {
      if trustsOwnAccount(role) != nil, let s = e.allowing("sts:AssumeRole", on: role.arn) {
        try emitter.edge("CanAssume", p.arn, role.arn, emitter.evidence("sts:AssumeRole", s))
      }
      for statement in role.trust?.statements ?? [] where statement.allow {
        for service in statement.principals["Service"] ?? [] {
          guard let start = computeServices[service], let pass = e.allowing("iam:PassRole", on: role.arn),
            let run = e.allowing(start, on: "*")
          else { continue }
          var properties = emitter.evidence("iam:PassRole + \(start)", pass)
          properties["statement_run"] = .string(run.origin)
          try emitter.edge("CanAssume", p.arn, role.arn, properties)
        }
      }
      for action in ["iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy"] {
        if let s = e.allowing(action, on: role.arn) {
          try emitter.edge("CanManage", p.arn, role.arn, emitter.evidence(action, s))
        }
      }
    }
    for user in users where user.account == p.account {
      if user.arn == p.arn {
        for action in ["iam:AttachUserPolicy", "iam:PutUserPolicy"] {
          if let s = e.allowing(action, on: user.arn) { try escalate("\(action) on itself", s) }
        }
        continue
      }
      for action in [
        "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:AttachUserPolicy", "iam:PutUserPolicy",
      ] {
        if let s = e.allowing(action, on: user.arn) {
          try emitter.edge("CanManage", p.arn, user.arn, emitter.evidence(action, s))
        }
      }
    }
    if p.kind == "Role" {
      for action in ["iam:AttachRolePolicy", "iam:PutRolePolicy"] {
        if let s = e.allowing(action, on: p.arn) { try escalate("\(action) on itself", s) }
      }
    }
    for group in principals where group.kind == "Group" && group.account == p.account {
      let member = p.groups.contains(group.name) || group.arn == p.arn
      for action in ["iam:AttachGroupPolicy", "iam:PutGroupPolicy"] {
        guard let s = e.allowing(action, on: group.arn) else { continue }
        if member {
          try escalate("\(action) on its own group \(group.name)", s)
        } else {
          try emitter.edge("CanManage", p.arn, group.arn, emitter.evidence(action, s))
        }
      }
      if !member, let s = e.allowing("iam:AddUserToGroup", on: group.arn), p.kind == "User" {
        try emitter.edge("CanManage", p.arn, group.arn, emitter.evidence("iam:AddUserToGroup", s))
      }
    }
    for policy in attached {
      for action in ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"] {
        if let s = e.allowing(action, on: policy) { try escalate("\(action) on attached \(policy)", s) }
      }
    }
    // Data-plane permissions: one edge a resource pattern, at the highest tier allowed.
    for statement in p.permissions.statements where statement.allow && !statement.notResource {
      let actions =
        statement.notAction
        ? ["*"] : statement.actions.filter { !$0.lowercased().hasPrefix("iam:") && !$0.lowercased().hasPrefix("sts:") }
      guard !actions.isEmpty else { continue }
      for resource in statement.resources {
        // The statement itself allows these; only an explicit Deny can take one away.
        let r = Array(resource.utf8)
        let allowed = actions.filter { !e.denied(Array(($0 == "*" ? "s3:deletebucket" : $0.lowercased()).utf8), r) }
        guard !allowed.isEmpty else { continue }
        let tier = allowed.map(IAMPermissions.tier(of:)).max()!
        let id = resource == "*" ? "aws-resource:\(p.account):*" : resource
        try emitter.node(
          id, kinds: ["AWS_Resource", "Resource"],
          properties: Properties([("name", .string(resource == "*" ? "All resources in \(p.account)" : resource))]))
        var properties = emitter.evidence("policy permission", statement)
        properties["actions"] = .array(allowed.prefix(10).map { .string($0) })
        let kind = ["read": "CanRead", "propose": "CanPropose", "act": "CanAct", "admin": "CanAdmin"][tier.description]!
        try emitter.edge(kind, p.arn, id, properties)
      }
    }
  }

  /// Adds nodes once and edges with their evidence, counting both.
  struct Emitter {
    let file: String
    var nodeCount = 0
    var edgeCount = 0
    var seen = Set<String>()
    /// The caller's builder, swapped in for the import and back out after it.
    var builder = GraphBuilder()

    init(file: String) { self.file = file }

    func evidence(_ technique: String, _ statement: IAMStatement) -> Properties {
      var properties = Properties([("technique", .string(technique)), ("statement", .string(statement.origin))])
      if !statement.conditionKeys.isEmpty {
        properties["conditional"] = .bool(true)
        properties["conditions"] = .array(statement.conditionKeys.map { .string($0) })
      }
      return properties
    }

    mutating func node(_ id: String, kinds: [String], properties: Properties) throws {
      guard seen.insert(id).inserted else { return }
      try builder.addNode(id: id, kinds: kinds, properties: properties, at: SourceLocation(file: file, record: .named(id)))
      nodeCount += 1
    }

    /// Records an edge; the same edge derived again adds its technique and statement to
    /// the first one's, so every reason stays visible.
    mutating func edge(_ kind: String, _ from: String, _ to: String, _ properties: Properties = Properties()) throws {
      let key = EdgeKey(from: from, kind: kind, to: to)
      guard let i = edgeIndex[key] else {
        edgeIndex[key] = edges.count
        edges.append((key, properties))
        edgeCount += 1
        return
      }
      for field in ["technique", "statement"] {
        guard let new = properties[field] else { continue }
        var values: [PropertyValue]
        switch edges[i].properties[field] {
        case .array(let items)?: values = items
        case let single?: values = [single]
        case nil: values = []
        }
        if !values.contains(new) { values.append(new) }
        edges[i].properties[field] = values.count == 1 ? values[0] : .array(values)
      }
      // Conditional only if every derivation is.
      if edges[i].properties["conditional"] != nil && properties["conditional"] == nil {
        edges[i].properties["conditional"] = nil
        edges[i].properties["conditions"] = nil
      }
    }

    struct EdgeKey: Hashable {
      var from: String
      var kind: String
      var to: String
    }

    var edges: [(key: EdgeKey, properties: Properties)] = []
    var edgeIndex: [EdgeKey: Int] = [:]

    /// Hands the collected edges to the builder.
    mutating func flushEdges() throws {
      for (key, properties) in edges {
        try builder.addEdge(
          kind: key.kind, start: .id(key.from), end: .id(key.to), properties: properties,
          at: SourceLocation(file: file, record: .named("\(key.from) \(key.kind) \(key.to)")))
      }
      edges.removeAll()
    }
  }
}
