import AccessGraph
import Foundation

/// Reads `aws iam get-account-authorization-details` JSON: users, groups, roles, managed and
/// inline policies, trust policies and permissions boundaries; evaluates them as IAM does
/// (`IAMEvaluator`); and derives the privilege-escalation edges IAM analysers derive
/// (`AWSIAMImporter+Techniques.swift`, `AWSIAMImporter+Trust.swift`).
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
    /// Its own inline and managed policies' statements.
    var statements: [IAMStatement]
    var attached: [String]
    var groups: [String] = []
    var trust: IAMPolicy?
    /// The managed policy set as its permissions boundary.
    var boundary: String?
    var properties: Properties
  }

  /// A managed policy's default version, and how many versions it keeps.
  struct ManagedPolicy {
    var policy: IAMPolicy
    var versions: Int
  }

  /// What one principal's evaluation is done against: the account's principals and policies.
  struct Account {
    var principals: [Principal]
    var managed: [String: ManagedPolicy]
    var byName: [String: Principal]
    /// By ARN, and by ARN without the path as trust policies may name them.
    var lookup: [String: Principal]
    var roles: [Principal]
    var users: [Principal]
    var groups: [Principal]
    /// Instance profiles by the role they run as.
    var profiles: [String: [String]]
    var now: Date
    /// SCPs, resource policies and inventories loaded beside the dump.
    var inputs: AWSResourceInputs

    func group(_ name: String, of p: Principal) -> Principal? { byName["Group:\(p.account):\(name)"] }
  }

  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, into builder: inout GraphBuilder) throws -> (
    nodes: Int, edges: Int
  ) {
    try read(bytes, file: file, context: ImportContext(), into: &builder)
  }

  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, context: ImportContext, into builder: inout GraphBuilder)
    throws -> (
      nodes: Int, edges: Int
    )
  {
    let root = try JSONReader.document(bytes, file: file)
    var sink = GraphSink(file: file, nodes: .firstWins, edges: .accumulate(merge: mergeEvidence))
    let managed = try managedPolicies(root, file: file)
    var principals: [Principal] = []
    for (list, kind) in [("UserDetailList", "User"), ("GroupDetailList", "Group"), ("RoleDetailList", "Role")] {
      for (i, item) in (root[list]?.arrayValue ?? []).enumerated() {
        try ImportError.skipping(&builder, in: bytes) { _ in
          principals.append(try principal(item, kind: kind, managed: managed, file: file, path: "\(list)[\(i)]"))
        }
      }
    }
    let byARN = Dictionary(principals.map { ($0.arn, $0) }, uniquingKeysWith: { a, _ in a })
    // Trust policies may name a principal without its path (user/name for user/team/name).
    let byPathlessARN = Dictionary(
      principals.map { ("arn:aws:iam::\($0.account):\($0.kind.lowercased())/\($0.name)", $0) }, uniquingKeysWith: { a, _ in a })
    var account = Account(
      principals: principals, managed: managed,
      byName: Dictionary(principals.map { ("\($0.kind):\($0.account):\($0.name)", $0) }, uniquingKeysWith: { a, _ in a }),
      lookup: byARN.merging(byPathlessARN) { exact, _ in exact }, roles: principals.filter { $0.kind == "Role" },
      users: principals.filter { $0.kind == "User" }, groups: principals.filter { $0.kind == "Group" }, profiles: [:],
      now: context.evaluationTime, inputs: context.aws)
    let evaluators = principals.map { evaluator(for: $0, in: account) }
    for (p, evaluator) in zip(principals, evaluators) {
      let category = p.kind == "User" ? userCategory(p.properties) : p.kind == "Group" ? BuiltInKind.group : BuiltInKind.role
      var properties = p.properties
      // A principal allowed everything, or all of IAM, is tier zero: whoever becomes it owns
      // the account. The input's own `sensitivity` tag wins.
      if properties["sensitivity"] == nil, let reason = tierZero(evaluator) {
        properties["sensitivity"] = .string("critical")
        properties["tier_zero"] = .string(reason)
      }
      sink.node(p.arn, ["AWS_\(p.kind)", category], properties)
    }
    // An instance profile is how EC2 runs as a role: control of the instance it is attached to
    // (act) yields the role, as for any resource that runs as an identity.
    for (i, item) in (root["RoleDetailList"]?.arrayValue ?? []).enumerated() {
      guard let role = item["Arn"]?.stringValue, byARN[role] != nil else { continue }
      for (j, profile) in (item["InstanceProfileList"]?.arrayValue ?? []).enumerated() {
        guard let arn = profile["Arn"]?.stringValue else {
          builder.skipRecord(
            at: SourceLocation(file: file, record: .named("RoleDetailList[\(i)].InstanceProfileList[\(j)].Arn")),
            "every instance profile needs an Arn")
          continue
        }
        let name = profile["InstanceProfileName"]?.stringValue ?? String(arn.split(separator: "/").last ?? Substring(arn))
        sink.node(
          arn, ["AWS_InstanceProfile", BuiltInKind.resource],
          Properties([("name", .string(name)), ("aws_account", .string(Self.account(of: arn)))]))
        sink.edge(BuiltInKind.runsAs, arn, role)
        account.profiles[role, default: []].append(arn)
      }
    }
    for role in account.roles {
      trustEdges(role, in: account, sink: &sink)
    }
    var derived: [String: [Derived]] = [:]
    for (p, evaluator) in zip(principals, evaluators) {
      derived[p.arn] = derive(p, evaluator, in: account)
    }
    emit(derived, in: account, sink: &sink)
    return try sink.emit(into: &builder)
  }

  /// The evaluation of a principal's requests: a user's groups' policies join its own, and a
  /// group's are evaluated for no one member, so clauses on the principal stay undecided.
  static func evaluator(for p: Principal, in account: Account) -> IAMEvaluator {
    var identity = p.statements
    if p.kind == "User" {
      for name in p.groups { identity += account.group(name, of: p)?.statements ?? [] }
    }
    let isOne = p.kind != "Group"
    // Service-linked roles are out of SCPs' reach.
    let controlled = !p.arn.contains(":role/aws-service-role/")
    return IAMEvaluator(
      identity: identity, boundary: p.boundary.flatMap { account.managed[$0]?.policy.statements },
      controlPolicies: controlled ? account.inputs.controlPolicies : [],
      context: IAMConditionContext(
        principalARN: isOne ? p.arn : nil, principalAccount: isOne ? p.account : nil, now: account.now))
  }

  /// Emits every principal's derived edges. A user acts with its groups' policies and its
  /// own together, so a Deny or a boundary of its own can cut what a group allows: a user
  /// keeps its `MemberOf` edge to a group only while everything the group's edges carry is
  /// still allowed to it, and otherwise holds what remains directly, so that no path passes
  /// through the group with power the user does not have.
  static func emit(_ derived: [String: [Derived]], in account: Account, sink: inout GraphSink) {
    for p in account.principals {
      let own = derived[p.arn] ?? []
      var covered = Set<Derived.Key>()
      if p.kind == "User" {
        let mine = Set(own.map(\.key))
        for name in p.groups {
          guard let group = account.group(name, of: p) else { continue }
          let carried = Set((derived[group.arn] ?? []).map(\.key))
          guard carried.isSubset(of: mine) else { continue }
          sink.edge(BuiltInKind.memberOf, p.arn, group.arn)
          covered.formUnion(carried)
        }
      }
      for edge in own where !covered.contains(edge.key) {
        if let area = edge.target {
          sink.edge(edge.kind, p.arn, toArea: area, edge.properties)
        } else {
          sink.edge(edge.kind, p.arn, edge.to, edge.properties)
        }
      }
    }
  }

  static func userCategory(_ properties: Properties) -> String {
    switch properties["tag_identity-kind"]?.matchText.lowercased() {
    case "service", "service-account", "serviceaccount", "bot", "ci", "workload", "machine": BuiltInKind.serviceAccount
    case "agent", "ai-agent": BuiltInKind.agent
    default: BuiltInKind.human
    }
  }

  /// Why a principal's own policies make it tier zero, or nil.
  static func tierZero(_ evaluator: IAMEvaluator) -> String? {
    func unconditional(_ action: String) -> Bool {
      evaluator.allowing(action, on: "*").map { !$0.conditional } ?? false
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

  static func managedPolicies(_ root: JSONValue, file: String) throws -> [String: ManagedPolicy] {
    var policies: [String: ManagedPolicy] = [:]
    for (i, item) in (root["Policies"]?.arrayValue ?? []).enumerated() {
      guard let arn = item["Arn"]?.stringValue else { continue }
      let name = item["PolicyName"]?.stringValue ?? String(arn.split(separator: "/").last ?? Substring(arn))
      let versions = item["PolicyVersionList"]?.arrayValue ?? []
      // Only the default version is in force; the others matter to SetDefaultPolicyVersion.
      guard let version = versions.first(where: { $0["IsDefaultVersion"]?.boolValue == true }) ?? versions.first,
        let document = version["Document"]
      else { continue }
      policies[arn] = ManagedPolicy(
        policy: try IAMPolicy.parse(document, name: name, file: file, path: "Policies[\(i)]"), versions: versions.count)
    }
    return policies
  }

  static func principal(_ item: JSONValue, kind: String, managed: [String: ManagedPolicy], file: String, path: String) throws
    -> Principal
  {
    guard let arn = item["Arn"]?.stringValue else {
      throw ImportError.invalid(
        file: file, line: nil, column: nil, path: "\(path).Arn", message: "every \(kind.lowercased()) needs an Arn")
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
    for policyARN in attached { statements += managed[policyARN]?.policy.statements ?? [] }
    var properties = Properties([("name", .string(name)), ("aws_account", .string(account(of: arn)))])
    for tag in item["Tags"]?.arrayValue ?? [] {
      guard let key = tag["Key"]?.stringValue, let value = tag["Value"]?.stringValue else { continue }
      properties["tag_\(key)"] = .string(value)
      if ["email", "owner", "domain"].contains(key.lowercased()) { properties[key.lowercased()] = .string(value) }
    }
    if !attached.isEmpty { properties["attached_policies"] = .array(attached.map { .string($0) }) }
    let boundary = item["PermissionsBoundary"]?["PermissionsBoundaryArn"]?.stringValue
    if let boundary { properties["permissions_boundary"] = .string(boundary) }
    var principal = Principal(
      arn: arn, name: name, kind: kind, account: account(of: arn), statements: statements, attached: attached,
      boundary: boundary, properties: properties)
    principal.groups = item["GroupList"]?.arrayValue?.compactMap(\.stringValue) ?? []
    if !principal.groups.isEmpty { properties["groups"] = .array(principal.groups.map { .string($0) }) }
    principal.properties = properties
    if let trust = item["AssumeRolePolicyDocument"] {
      principal.trust = try IAMPolicy.parse(
        trust, name: "\(name) trust policy", file: file, path: "\(path).AssumeRolePolicyDocument")
    }
    return principal
  }

  /// The same edge derived again adds its technique and statement to the first one's, so
  /// every reason stays visible; it is conditional only if every derivation is.
  static func mergeEvidence(_ kept: inout Properties, _ again: Properties) {
    for field in ["technique", "statement"] {
      guard let new = again[field] else { continue }
      var values: [PropertyValue]
      switch kept[field] {
      case .array(let items)?: values = items
      case let single?: values = [single]
      case nil: values = []
      }
      let added: [PropertyValue]
      if case .array(let items) = new { added = items } else { added = [new] }
      for value in added where !values.contains(value) { values.append(value) }
      kept[field] = values.count == 1 ? values[0] : .array(values)
    }
    if kept["conditional"] != nil && again["conditional"] == nil {
      kept["conditional"] = nil
      kept["conditions"] = nil
    }
  }
}

extension AWSIAMImporter: FormatClaim {
  static let format = InputFormat.awsIAM
  static let displayName = "AWS IAM (with SCPs, resource policies, inventories)"

  static func claim(_ document: DocumentShape) -> Claim? {
    document.hasAny(["UserDetailList", "RoleDetailList", "GroupDetailList"]) ? .sure : nil
  }
}
