import AccessGraph

/// The privilege-escalation techniques: what one principal's allowed actions let it become.
extension AWSIAMImporter {
  /// One edge a principal's policies give it, before it is emitted.
  struct Derived {
    var kind: String
    var to: String
    var properties: Properties
    /// A node the edge needs that is no principal: the account's admin node, a resource pattern.
    var target: GraphSink.Area?

    /// What two derivations must share to carry the same power.
    struct Key: Hashable {
      var kind: String
      var to: String
      var conditional: Bool
    }

    var key: Key { Key(kind: kind, to: to, conditional: properties["conditional"] != nil) }
  }

  /// A new resource that runs as a role handed to it: the service the role must trust and
  /// the actions that create and start it, all needed.
  static let passRoleTechniques: [(service: String, actions: [String])] = [
    ("lambda.amazonaws.com", ["lambda:CreateFunction"]),
    ("ec2.amazonaws.com", ["ec2:RunInstances"]),
    ("glue.amazonaws.com", ["glue:CreateDevEndpoint"]),
    ("glue.amazonaws.com", ["glue:CreateJob", "glue:StartJobRun"]),
    ("cloudformation.amazonaws.com", ["cloudformation:CreateStack"]),
    ("ecs-tasks.amazonaws.com", ["ecs:RunTask"]),
    ("sagemaker.amazonaws.com", ["sagemaker:CreateNotebookInstance"]),
    ("sagemaker.amazonaws.com", ["sagemaker:CreateTrainingJob"]),
    ("sagemaker.amazonaws.com", ["sagemaker:CreateProcessingJob"]),
    ("codebuild.amazonaws.com", ["codebuild:CreateProject"]),
    ("datapipeline.amazonaws.com", ["datapipeline:CreatePipeline"]),
  ]

  /// An existing resource that runs as a role, taken over by changing it. The authorization
  /// dump lists no functions, stacks, endpoints or notebooks, so the edge assumes one runs as
  /// every role its service may assume, and says so (it is conditional).
  static let existingResourceTechniques: [(service: String, action: String, resource: String)] = [
    ("lambda.amazonaws.com", "lambda:UpdateFunctionCode", "Lambda function"),
    ("glue.amazonaws.com", "glue:UpdateDevEndpoint", "Glue development endpoint"),
    ("cloudformation.amazonaws.com", "cloudformation:UpdateStack", "CloudFormation stack"),
    ("sagemaker.amazonaws.com", "sagemaker:CreatePresignedNotebookInstanceUrl", "SageMaker notebook instance"),
  ]

  /// Running commands or a shell on an instance yields the role of its instance profile.
  static let instanceTechniques = [
    "ssm:SendCommand", "ssm:StartSession", "ec2-instance-connect:SendSSHPublicKey",
    "ec2-instance-connect:SendSerialConsoleSSHPublicKey",
  ]

  /// Something a principal can act as, and how: assume it, run code as it, take its
  /// credentials, join it.
  struct ActingAs {
    var principal: Principal
    var how: String
    var decisions: [IAMDecision]

    var conditional: Bool { decisions.contains(where: \.conditional) }
  }

  /// Every edge `p`'s policies give it.
  /// - Complexity: O((roles + users + groups) · statements).
  static func derive(_ p: Principal, _ e: IAMEvaluator, in account: Account) -> [Derived] {
    var out: [Derived] = []
    var actingAs: [ActingAs] = []
    let admin = "aws-admin:\(p.account)"
    let adminNode = GraphSink.Area(
      id: admin, kinds: ["AWS_AccountAdmin", BuiltInKind.resource],
      properties: Properties([
        ("name", .string("Administrator of AWS account \(p.account)")), ("sensitivity", .string("critical")),
      ]))
    func escalate(_ technique: String, _ decisions: [IAMDecision]) {
      var properties = evidence(technique, decisions)
      properties["tier"] = .string("admin")
      out.append(Derived(kind: BuiltInKind.canAdmin, to: admin, properties: properties, target: adminNode))
    }
    func edge(_ kind: String, _ to: Principal, _ technique: String, _ decisions: [IAMDecision], how: String? = nil) {
      out.append(Derived(kind: kind, to: to.arn, properties: evidence(technique, decisions)))
      if let how { actingAs.append(ActingAs(principal: to, how: how, decisions: decisions)) }
    }
    if let s = e.allowing("iam:AttachRolePolicy", on: "*"), let d = e.allowing("s3:DeleteBucket", on: "*") {
      escalate("administrator (Action * on Resource *)", [s, d])
    }
    for role in account.roles where role.arn != p.arn && role.account == p.account {
      if let trust = trust(of: role, admits: p, evaluator: e) {
        edge(BuiltInKind.canAssume, role, trust.technique, trust.decisions, how: "sts:AssumeRole")
      }
      let services = Set((role.trust?.statements ?? []).filter(\.allow).flatMap { $0.principals["Service"] ?? [] })
      for technique in passRoleTechniques where services.contains(technique.service) {
        guard let pass = e.allowing("iam:PassRole", on: role.arn, passedTo: technique.service) else { continue }
        let runs = technique.actions.compactMap(e.allowingSomewhere)
        guard runs.count == technique.actions.count else { continue }
        let name = "iam:PassRole + \(technique.actions.joined(separator: " + "))"
        var properties = evidence(name, [pass] + runs)
        properties["statement"] = .string(pass.statement.origin)
        properties["statement_run"] = .string(runs[0].statement.origin)
        out.append(Derived(kind: BuiltInKind.canAssume, to: role.arn, properties: properties))
        actingAs.append(ActingAs(principal: role, how: name, decisions: [pass] + runs))
      }
      for technique in existingResourceTechniques where services.contains(technique.service) {
        guard let change = e.allowingSomewhere(technique.action) else { continue }
        var properties = evidence(technique.action, [change])
        // With a function list loaded, only roles a function runs as, and for certain.
        if technique.service == "lambda.amazonaws.com", let functions = account.inputs.functions {
          guard let names = functions[role.arn], !names.isEmpty else { continue }
          properties["functions"] = .array(names.prefix(10).map { .string($0) })
        } else {
          properties["conditional"] = .bool(true)
          properties["conditions"] = .array(
            [.string("an existing \(technique.resource) runs as this role (no inventory of them is loaded)")]
              + (properties["conditions"].map { if case .array(let a) = $0 { a } else { [$0] } } ?? []))
        }
        out.append(Derived(kind: BuiltInKind.canAssume, to: role.arn, properties: properties))
      }
      if let s = e.allowing("iam:UpdateAssumeRolePolicy", on: role.arn) {
        edge(BuiltInKind.canManage, role, "iam:UpdateAssumeRolePolicy", [s], how: "iam:UpdateAssumeRolePolicy")
      }
      for profile in account.profiles[role.arn] ?? [] {
        // With `describe-instances` loaded, only profiles a running instance has, and for certain.
        let running = account.inputs.instances.map { $0[profile] ?? [] }
        if running?.isEmpty == true { continue }
        for action in instanceTechniques {
          guard let run = e.allowingSomewhere(action) else { continue }
          var properties = evidence(action, [run])
          properties["tier"] = .string("act")
          if let running {
            properties["instances"] = .array(running.prefix(10).map { .string($0) })
          } else {
            properties["conditional"] = .bool(true)
            properties["conditions"] = .array([
              .string("an instance runs with this instance profile (no inventory of instances is loaded)")
            ])
          }
          out.append(Derived(kind: BuiltInKind.canAct, to: profile, properties: properties))
        }
      }
    }
    for user in account.users where user.account == p.account && user.arn != p.arn {
      for action in ["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"] {
        if let s = e.allowing(action, on: user.arn) { edge(BuiltInKind.canManage, user, action, [s], how: action) }
      }
    }
    for group in account.groups where group.account == p.account && p.kind == "User" && !p.groups.contains(group.name) {
      if let s = e.allowing("iam:AddUserToGroup", on: group.arn) {
        edge(BuiltInKind.canManage, group, "iam:AddUserToGroup", [s], how: "iam:AddUserToGroup")
      }
    }
    // Writing a policy onto a principal grants that principal power; it escalates the writer
    // only when the writer is, or can act as, that principal.
    // An administrator needs no further way to become one.
    let administrator = out.first?.to == admin
    for write in administrator ? [] : policyWrites(by: p, onto: p, e, in: account) {
      escalate("\(write.action) on \(write.object)", [write.decision])
    }
    // One way a principal acted as is evidence enough; the first found (unconditional first).
    let ordered = actingAs.filter({ !$0.conditional }) + actingAs.filter(\.conditional)
    for other in administrator ? [] : ordered {
      guard let write = policyWrites(by: p, onto: other.principal, e, in: account).first else { continue }
      escalate(
        "\(write.action) on \(write.object), then \(other.how) as \(other.principal.name)", [write.decision] + other.decisions)
    }
    // A role it creates may trust it by name and hold any policy it may attach or put there.
    let creatable = e.resources(allowing: "iam:CreateRole")
    createRole: for action in ["iam:AttachRolePolicy", "iam:PutRolePolicy"] {
      for grant in e.resources(allowing: action) {
        guard
          let created = creatable.first(where: {
            IAMPattern.matches($0.resource, grant.resource, caseInsensitive: false)
              || IAMPattern.matches(grant.resource, $0.resource, caseInsensitive: false)
          })
        else { continue }
        escalate("iam:CreateRole + \(action) on a new role that trusts it", [created.decision, grant.decision])
        break createRole
      }
    }
    out += dataPlane(p, e)
    out += resourcePolicyGrants(p, e, in: account)
    return out
  }

  /// What resource policies grant `p` by name: within its account such a grant needs no
  /// identity Allow, but an explicit Deny of `p`'s own still cuts it.
  static func resourcePolicyGrants(_ p: Principal, _ e: IAMEvaluator, in account: Account) -> [Derived] {
    guard p.kind != "Group" else { return [] }
    var out: [Derived] = []
    let names = [p.arn, "arn:aws:iam::\(p.account):\(p.kind.lowercased())/\(p.name)"]
    for (attached, policy) in account.inputs.resourcePolicies {
      for s in policy.statements where s.allow && !s.notAction && !s.notResource {
        guard (s.principals["AWS"] ?? []).contains(where: names.contains) else { continue }
        let truth = s.conditionsHold(in: e.context)
        guard truth != .no else { continue }
        let resources = s.resources.map { $0 == "*" ? (attached ?? "*") : $0 }
        for resource in resources where resource != "*" {
          let actions = s.actions.filter { action in
            !e.denied(action == "*" ? "s3:DeleteBucket" : action, on: resource)
          }
          guard let tier = actions.map(IAMActionTier.of).max() else { continue }
          var properties = evidence(
            "resource policy", [IAMDecision(statement: s, undecided: truth == .unknown ? s.undecided(in: e.context) : [])])
          properties["actions"] = .array(actions.prefix(10).map { .string($0) })
          out.append(permission(tier, on: resource, named: resource, properties))
        }
      }
    }
    return out
  }

  /// The ways `p` can change the policies in force for `target`: its own policies, its
  /// groups', and new versions of the customer-managed policies attached to either.
  static func policyWrites(by p: Principal, onto target: Principal, _ e: IAMEvaluator, in account: Account) -> [(
    action: String, object: String, decision: IAMDecision
  )] {
    var writes: [(action: String, object: String, decision: IAMDecision)] = []
    let isSelf = target.arn == p.arn
    let direct = ["User": "User", "Role": "Role", "Group": "Group"][target.kind]!
    for action in ["iam:Attach\(direct)Policy", "iam:Put\(direct)Policy"] {
      if let s = e.allowing(action, on: target.arn) {
        writes.append((action, isSelf ? (target.kind == "Group" ? "its own group \(target.name)" : "itself") : target.name, s))
      }
    }
    var attached = target.attached
    if target.kind == "User" {
      for name in target.groups {
        guard let group = account.group(name, of: target) else { continue }
        attached += group.attached
        for action in ["iam:AttachGroupPolicy", "iam:PutGroupPolicy"] {
          if let s = e.allowing(action, on: group.arn) {
            writes.append((action, isSelf ? "its own group \(group.name)" : "group \(group.name) of \(target.name)", s))
          }
        }
      }
    }
    for policy in Set(attached).sorted() where !policy.contains(":aws:policy/") {
      if let s = e.allowing("iam:CreatePolicyVersion", on: policy) {
        writes.append(("iam:CreatePolicyVersion", "attached \(policy)", s))
      }
      // Switching the default needs another version to switch to.
      if (account.managed[policy]?.versions ?? 0) > 1, let s = e.allowing("iam:SetDefaultPolicyVersion", on: policy) {
        writes.append(("iam:SetDefaultPolicyVersion", "attached \(policy)", s))
      }
    }
    return writes
  }

  /// Data-plane permissions: one edge a resource pattern, at the highest tier allowed.
  static func dataPlane(_ p: Principal, _ e: IAMEvaluator) -> [Derived] {
    var out: [Derived] = []
    for statement in e.identity where statement.allow && !statement.notResource {
      let actions =
        statement.notAction
        ? ["*"] : statement.actions.filter { !$0.lowercased().hasPrefix("iam:") && !$0.lowercased().hasPrefix("sts:") }
      guard !actions.isEmpty else { continue }
      for resource in statement.resources {
        let decided = actions.compactMap { action in
          e.allowing(action == "*" ? "s3:DeleteBucket" : action, on: resource).map { (action, $0) }
        }
        guard let tier = decided.map({ IAMActionTier.of($0.0) }).max() else { continue }
        let id = resource == "*" ? "aws-resource:\(p.account):*" : resource
        var properties = evidence("policy permission", [IAMDecision(statement: statement, undecided: decided[0].1.undecided)])
        properties["actions"] = .array(decided.prefix(10).map { .string($0.0) })
        out.append(
          permission(tier, on: id, named: resource == "*" ? "All resources in \(p.account)" : resource, properties))
      }
    }
    return out
  }

  /// A permission edge at `tier` to a resource node, which it creates if need be.
  static func permission(_ tier: Tier, on id: String, named name: String, _ properties: Properties) -> Derived {
    let kind = BuiltInKind.permission(tier)
    return Derived(
      kind: kind, to: id, properties: properties,
      target: GraphSink.Area(
        id: id, kinds: ["AWS_Resource", BuiltInKind.resource], properties: Properties([("name", .string(name))])))
  }
}
