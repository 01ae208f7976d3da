import AccessGraph
import Foundation
import Importers
import TestSupport
import Testing

/// Hand-made authorization dumps, one per technique and evaluation rule, each with the edges
/// expected and the ones forbidden.
@Suite("AWS IAM evaluation and techniques")
struct AWSIAMTechniquesTests {
  static let account = "111122223333"
  static let arn = "arn:aws:iam::\(account)"
  static let admin = "aws-admin:\(account)"

  /// An authorization dump built from parts.
  struct Dump {
    var users: [[String: Any]] = []
    var groups: [[String: Any]] = []
    var roles: [[String: Any]] = []
    var policies: [[String: Any]] = []

    static func statement(
      _ actions: [String], _ resource: String = "*", effect: String = "Allow", condition: [String: Any]? = nil,
      principal: [String: Any]? = nil
    ) -> [String: Any] {
      var s: [String: Any] = ["Effect": effect, "Action": actions, "Resource": resource]
      if let condition { s["Condition"] = condition }
      if let principal {
        s["Principal"] = principal
        s["Resource"] = nil
      }
      return s
    }

    static func inline(_ name: String, _ statements: [[String: Any]]) -> [String: Any] {
      ["PolicyName": name, "PolicyDocument": ["Version": "2012-10-17", "Statement": statements]]
    }

    mutating func user(
      _ name: String, _ statements: [[String: Any]] = [], groups: [String] = [], attached: [String] = [],
      boundary: String? = nil
    ) {
      var user: [String: Any] = [
        "UserName": name, "Arn": "\(arn):user/\(name)", "GroupList": groups,
        "UserPolicyList": statements.isEmpty ? [] : [Self.inline("\(name)-inline", statements)],
        "AttachedManagedPolicies": attached.map { ["PolicyName": $0, "PolicyArn": "\(arn):policy/\($0)"] },
      ]
      if let boundary {
        user["PermissionsBoundary"] = [
          "PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": "\(arn):policy/\(boundary)",
        ]
      }
      users.append(user)
    }

    mutating func group(_ name: String, _ statements: [[String: Any]]) {
      groups.append([
        "GroupName": name, "Arn": "\(arn):group/\(name)", "GroupPolicyList": [Self.inline("\(name)-inline", statements)],
        "AttachedManagedPolicies": [],
      ])
    }

    mutating func role(
      _ name: String, trust: [[String: Any]], _ statements: [[String: Any]] = [], profile: String? = nil
    ) {
      var role: [String: Any] = [
        "RoleName": name, "Arn": "\(arn):role/\(name)",
        "AssumeRolePolicyDocument": ["Version": "2012-10-17", "Statement": trust],
        "RolePolicyList": statements.isEmpty ? [] : [Self.inline("\(name)-inline", statements)],
        "AttachedManagedPolicies": [],
      ]
      if let profile {
        role["InstanceProfileList"] = [["InstanceProfileName": profile, "Arn": "\(arn):instance-profile/\(profile)"]]
      }
      roles.append(role)
    }

    mutating func policy(_ name: String, versions: [[[String: Any]]]) {
      policies.append([
        "PolicyName": name, "Arn": "\(arn):policy/\(name)", "DefaultVersionId": "v1",
        "PolicyVersionList": versions.enumerated().map { i, statements in
          ["VersionId": "v\(i + 1)", "IsDefaultVersion": i == 0, "Document": ["Version": "2012-10-17", "Statement": statements]]
        },
      ])
    }

    static var trustAccount: [[String: Any]] {
      [statement(["sts:AssumeRole"], principal: ["AWS": "arn:aws:iam::\(account):root"])]
    }
    static func trustService(_ service: String) -> [[String: Any]] {
      [statement(["sts:AssumeRole"], principal: ["Service": service])]
    }
    static var allowAll: [[String: Any]] { [statement(["*"])] }

    /// The dump imported at `time`; `beside` are further AWS exports loaded with it, by file name.
    func graph(at time: Date = Date(), beside: [String: Any] = [:]) throws -> AccessGraph {
      let json: [String: Any] = [
        "UserDetailList": users, "GroupDetailList": groups, "RoleDetailList": roles, "Policies": policies,
      ]
      let folder = try TemporaryDirectory("pathscan-aws")
      // The dump sorts first, so the loader must hold it back until the other exports are read.
      try folder.write("0-authz.json", try JSONSerialization.data(withJSONObject: json))
      for (name, document) in beside { try folder.write(name, try JSONSerialization.data(withJSONObject: document)) }
      var loader = InputLoader(strict: true)
      loader.context.evaluationTime = time
      return try loader.load([folder.url.path]).graph
    }
  }

  static func user(_ name: String) -> String { "\(arn):user/\(name)" }
  static func role(_ name: String) -> String { "\(arn):role/\(name)" }
  static func group(_ name: String) -> String { "\(arn):group/\(name)" }

  /// Every edge leaving `id`, as `KIND target`.
  func edges(of id: String, in g: AccessGraph, kind: String? = nil) -> Set<String> {
    guard let n = g.index(of: id) else { return [] }
    return Set(
      g.outEdges(of: n).filter { kind == nil || g.kindName(of: $0) == kind }.map {
        "\(g.kindName(of: $0)) \(g.id(of: g.target(of: $0)))"
      })
  }

  @Test("writing a policy onto another principal is no takeover of it")
  func policyWriteOnOther() throws {
    var dump = Dump()
    dump.user("writer", [Dump.statement(["iam:AttachUserPolicy", "iam:PutUserPolicy"], Self.user("boss"))])
    dump.user("boss", Dump.allowAll)
    dump.user("role-writer", [Dump.statement(["iam:AttachRolePolicy", "iam:PutRolePolicy"], Self.role("ops"))])
    dump.user("group-writer", [Dump.statement(["iam:PutGroupPolicy"], Self.group("team"))])
    dump.group("team", [])
    dump.role("ops", trust: Dump.trustAccount)
    let g = try dump.graph()
    #expect(edges(of: Self.user("writer"), in: g).isEmpty)
    #expect(edges(of: Self.user("role-writer"), in: g).isEmpty)
    #expect(edges(of: Self.user("group-writer"), in: g).isEmpty)
  }

  @Test("writing a policy onto a role it can assume escalates, with both statements as evidence")
  func policyWriteThenAssume() throws {
    var dump = Dump()
    dump.user("dev", [Dump.statement(["iam:PutRolePolicy", "sts:AssumeRole"], Self.role("ops"))])
    dump.role("ops", trust: Dump.trustAccount)
    let g = try dump.graph()
    #expect(edges(of: Self.user("dev"), in: g) == ["CanAssume \(Self.role("ops"))", "CanAdmin \(Self.admin)"])
    let escalation = try #require(g.edge(Self.user("dev"), "CanAdmin", Self.admin))
    #expect(escalation["technique"] == .string("iam:PutRolePolicy on ops, then sts:AssumeRole as ops"))
    #expect(
      escalation["statement"]
        == .array([.string("policy dev-inline statement 0"), .string("policy ops trust policy statement 0")]))
  }

  @Test("a Deny in one group cuts what another group allows; the member keeps only what is left")
  func denyAcrossGroups() throws {
    var dump = Dump()
    dump.group("helpdesk", [Dump.statement(["iam:CreateAccessKey"], Self.user("boss"))])
    dump.group("restricted", [Dump.statement(["iam:CreateAccessKey"], effect: "Deny")])
    dump.user("boss", Dump.allowAll)
    dump.user("both", groups: ["helpdesk", "restricted"])
    dump.user("plain", groups: ["helpdesk"])
    let g = try dump.graph()
    #expect(edges(of: Self.group("helpdesk"), in: g) == ["CanManage \(Self.user("boss"))"])
    #expect(edges(of: Self.user("both"), in: g) == ["MemberOf \(Self.group("restricted"))"])
    #expect(edges(of: Self.user("plain"), in: g) == ["MemberOf \(Self.group("helpdesk"))"])
  }

  @Test("a permissions boundary caps an administrator's policy")
  func boundary() throws {
    var dump = Dump()
    dump.policy("ReadS3", versions: [[Dump.statement(["s3:GetObject"])]])
    dump.user("bounded", Dump.allowAll, boundary: "ReadS3")
    dump.user("free", Dump.allowAll)
    let g = try dump.graph()
    #expect(g.edge(Self.user("free"), "CanAdmin", Self.admin) != nil)
    #expect(g.edge(Self.user("bounded"), "CanAdmin", Self.admin) == nil)
    #expect(g.properties(of: g.index(of: Self.user("bounded"))!)["sensitivity"] == nil)
    #expect(g.properties(of: g.index(of: Self.user("free"))!)["sensitivity"] == .string("critical"))
  }

  @Test("conditions on the time and the principal are decided; others leave the edge conditional")
  func conditions() throws {
    var dump = Dump()
    let key = ["iam:CreateAccessKey"]
    dump.user("target")
    dump.user("expired", [Dump.statement(key, condition: ["DateLessThan": ["aws:CurrentTime": "2020-01-01T00:00:00Z"]])])
    dump.user("current", [Dump.statement(key, condition: ["DateGreaterThan": ["aws:TokenIssueTime": "2020-01-01T00:00:01Z"]])])
    dump.user("self-named", [Dump.statement(key, condition: ["StringEquals": ["aws:PrincipalArn": Self.user("self-named")]])])
    dump.user("other-named", [Dump.statement(key, condition: ["ArnLike": ["aws:PrincipalArn": "\(Self.arn):role/*"]])])
    dump.user("from-office", [Dump.statement(key, condition: ["IpAddress": ["aws:SourceIp": "203.0.113.0/24"]])])
    dump.user("until-2027", [Dump.statement(key, condition: ["DateLessThan": ["aws:CurrentTime": "2027-01-01T00:00:00Z"]])])
    let now = try #require(ISO8601DateFormatter().date(from: "2026-12-02T00:00:00Z"))
    let g = try dump.graph(at: now)
    let target = Self.user("target")
    #expect(g.edge(Self.user("expired"), "CanManage", target) == nil)
    #expect(g.edge(Self.user("current"), "CanManage", target)?["conditional"] == nil)
    #expect(g.edge(Self.user("current"), "CanManage", target) != nil)
    #expect(g.edge(Self.user("self-named"), "CanManage", target)?["conditional"] == nil)
    #expect(g.edge(Self.user("self-named"), "CanManage", target) != nil)
    #expect(g.edge(Self.user("other-named"), "CanManage", target) == nil)
    let office = try #require(g.edge(Self.user("from-office"), "CanManage", target))
    #expect(office["conditional"] == .bool(true))
    #expect(office["conditions"] == .array([.string("IpAddress:aws:SourceIp")]))
    #expect(g.edge(Self.user("until-2027"), "CanManage", target) != nil)
    let later = try dump.graph(at: now.addingTimeInterval(365 * 86400))
    #expect(later.edge(Self.user("until-2027"), "CanManage", target) == nil)
  }

  @Test("SetDefaultPolicyVersion escalates only when the policy has another version")
  func setDefaultPolicyVersion() throws {
    var dump = Dump()
    dump.policy("Single", versions: [[Dump.statement(["iam:SetDefaultPolicyVersion"])]])
    dump.policy("Double", versions: [[Dump.statement(["iam:SetDefaultPolicyVersion"])], Dump.allowAll])
    dump.user("single", attached: ["Single"])
    dump.user("double", attached: ["Double"])
    let g = try dump.graph()
    #expect(g.edge(Self.user("single"), "CanAdmin", Self.admin) == nil)
    let double = try #require(g.edge(Self.user("double"), "CanAdmin", Self.admin))
    #expect(double["technique"] == .string("iam:SetDefaultPolicyVersion on attached \(Self.arn):policy/Double"))
  }

  @Test("trust policies: a Deny wins, `*` and the account root need an identity Allow, a name does not")
  func trust() throws {
    var dump = Dump()
    dump.role(
      "shared",
      trust: Dump.trustAccount + [
        Dump.statement(["sts:AssumeRole"], effect: "Deny", principal: ["AWS": Self.user("barred")])
      ])
    dump.role("open", trust: [Dump.statement(["sts:AssumeRole"], principal: ["AWS": "*"])])
    dump.role("named", trust: [Dump.statement(["sts:AssumeRole"], principal: ["AWS": Self.user("quiet")])])
    dump.user("barred", [Dump.statement(["sts:AssumeRole"])])
    dump.user("allowed", [Dump.statement(["sts:AssumeRole"])])
    dump.user("quiet")
    let g = try dump.graph()
    #expect(edges(of: Self.user("barred"), in: g) == ["CanAssume \(Self.role("open"))"])
    #expect(edges(of: Self.user("allowed"), in: g) == ["CanAssume \(Self.role("shared"))", "CanAssume \(Self.role("open"))"])
    #expect(edges(of: Self.user("quiet"), in: g) == ["CanAssume \(Self.role("named"))"])
    #expect(g.edge("aws-anyone", "CanAssume", Self.role("open")) != nil)
  }

  @Test("PassRole: any resource the run action allows, the PassedToService condition, SageMaker jobs")
  func passRole() throws {
    var dump = Dump()
    dump.role("fn", trust: Dump.trustService("lambda.amazonaws.com"), Dump.allowAll)
    dump.role("vm", trust: Dump.trustService("ec2.amazonaws.com"), Dump.allowAll)
    dump.role("ml", trust: Dump.trustService("sagemaker.amazonaws.com"), Dump.allowAll)
    dump.user(
      "scoped",
      [
        Dump.statement(["iam:PassRole"], Self.role("fn")),
        Dump.statement(["lambda:CreateFunction"], "arn:aws:lambda:*:\(Self.account):function:app-*"),
      ])
    dump.user(
      "ec2-only",
      [
        Dump.statement(
          ["iam:PassRole"], condition: ["StringEquals": ["iam:PassedToService": "ec2.amazonaws.com"]]),
        Dump.statement(["lambda:CreateFunction", "ec2:RunInstances"]),
      ])
    dump.user("trainer", [Dump.statement(["iam:PassRole", "sagemaker:CreateTrainingJob"])])
    let g = try dump.graph()
    #expect(
      g.edge(Self.user("scoped"), "CanAssume", Self.role("fn"))?["technique"] == .string("iam:PassRole + lambda:CreateFunction"))
    #expect(edges(of: Self.user("ec2-only"), in: g, kind: "CanAssume") == ["CanAssume \(Self.role("vm"))"])
    #expect(g.edge(Self.user("ec2-only"), "CanAssume", Self.role("vm"))?["conditional"] == nil)
    #expect(edges(of: Self.user("trainer"), in: g, kind: "CanAssume") == ["CanAssume \(Self.role("ml"))"])
    #expect(
      g.edge(Self.user("trainer"), "CanAssume", Self.role("ml"))?["technique"]
        == .string("iam:PassRole + sagemaker:CreateTrainingJob"))
  }

  @Test("SSM and existing resources: conditional edges that say what they assume")
  func existingResources() throws {
    var dump = Dump()
    dump.role("web", trust: Dump.trustService("ec2.amazonaws.com"), Dump.allowAll, profile: "web-profile")
    dump.role("fn", trust: Dump.trustService("lambda.amazonaws.com"), Dump.allowAll)
    dump.user("operator", [Dump.statement(["ssm:SendCommand"])])
    dump.user("coder", [Dump.statement(["lambda:UpdateFunctionCode"])])
    let g = try dump.graph()
    let ssm = try #require(g.edge(Self.user("operator"), "CanAct", "\(Self.arn):instance-profile/web-profile"))
    #expect(ssm["technique"] == .string("ssm:SendCommand"))
    #expect(ssm["conditional"] == .bool(true))
    #expect(g.edge("\(Self.arn):instance-profile/web-profile", "RunsAs", Self.role("web")) != nil)
    let code = try #require(g.edge(Self.user("coder"), "CanAssume", Self.role("fn")))
    #expect(code["technique"] == .string("lambda:UpdateFunctionCode"))
    #expect(
      code["conditions"] == .array([.string("an existing Lambda function runs as this role (no inventory of them is loaded)")]))
  }

  @Test("CreateRole with AttachRolePolicy: a new role that trusts its creator")
  func createRole() throws {
    var dump = Dump()
    dump.user("maker", [Dump.statement(["iam:CreateRole", "iam:AttachRolePolicy"], "\(Self.arn):role/app-*")])
    dump.user("creator-only", [Dump.statement(["iam:CreateRole"])])
    let g = try dump.graph()
    #expect(
      g.edge(Self.user("maker"), "CanAdmin", Self.admin)?["technique"]
        == .string("iam:CreateRole + iam:AttachRolePolicy on a new role that trusts it"))
    #expect(g.edge(Self.user("creator-only"), "CanAdmin", Self.admin) == nil)
  }

  static func document(_ statements: [[String: Any]]) -> String {
    let data = try! JSONSerialization.data(withJSONObject: ["Version": "2012-10-17", "Statement": statements])
    return String(decoding: data, as: UTF8.self)
  }

  @Test("service control policies: a Deny cuts, and without an Allow in them nothing is allowed")
  func controlPolicies() throws {
    var dump = Dump()
    dump.user("boss", Dump.allowAll)
    dump.user("keys", [Dump.statement(["iam:CreateAccessKey"])])
    let scp: [String: Any] = [
      "Policy": [
        "PolicySummary": ["Name": "NoKeys", "Type": "SERVICE_CONTROL_POLICY"],
        "Content": Self.document([Dump.statement(["*"]), Dump.statement(["iam:CreateAccessKey"], effect: "Deny")]),
      ]
    ]
    let plain = try dump.graph()
    #expect(plain.edge(Self.user("keys"), "CanManage", Self.user("boss")) != nil)
    let g = try dump.graph(beside: ["scp.json": scp])
    #expect(g.edge(Self.user("keys"), "CanManage", Self.user("boss")) == nil)
    #expect(
      g.edge(Self.user("boss"), "CanManage", Self.user("keys"))?["technique"]
        == .array([.string("iam:CreateLoginProfile"), .string("iam:UpdateLoginProfile")]))
    #expect(g.edge(Self.user("boss"), "CanAdmin", Self.admin) != nil)
    // An SCP set with no Allow (FullAWSAccess left out) allows nothing, as in AWS.
    let denyOnly: [String: Any] = [
      "Policy": [
        "PolicySummary": ["Name": "NoKeys", "Type": "SERVICE_CONTROL_POLICY"],
        "Content": Self.document([Dump.statement(["iam:CreateAccessKey"], effect: "Deny")]),
      ]
    ]
    let closed = try dump.graph(beside: ["scp.json": denyOnly])
    #expect(closed.edge(Self.user("boss"), "CanAdmin", Self.admin) == nil)
    #expect(edges(of: Self.user("boss"), in: closed).isEmpty)
  }

  @Test("a resource policy grants a named principal on its own; the principal's Deny still cuts")
  func resourcePolicies() throws {
    var dump = Dump()
    dump.user("reader")
    dump.user("barred", [Dump.statement(["s3:*"], effect: "Deny")])
    let bucket = "arn:aws:s3:::ledger/*"
    let policy: [String: Any] = [
      "Policy": Self.document([
        Dump.statement(["s3:GetObject"], bucket, principal: ["AWS": [Self.user("reader"), Self.user("barred")]])
          .merging(["Resource": bucket]) { $1 }
      ])
    ]
    let g = try dump.graph(beside: ["bucket-policy.json": policy])
    let read = try #require(g.edge(Self.user("reader"), "CanRead", bucket))
    #expect(read["technique"] == .string("resource policy"))
    #expect(g.edge(Self.user("barred"), "CanRead", bucket) == nil)
  }

  @Test("inventories make instance and function techniques certain, and only where something runs")
  func inventories() throws {
    var dump = Dump()
    dump.role("web", trust: Dump.trustService("ec2.amazonaws.com"), Dump.allowAll, profile: "web-profile")
    dump.role("idle", trust: Dump.trustService("ec2.amazonaws.com"), Dump.allowAll, profile: "idle-profile")
    dump.role("fn", trust: Dump.trustService("lambda.amazonaws.com"), Dump.allowAll)
    dump.role("unused-fn", trust: Dump.trustService("lambda.amazonaws.com"), Dump.allowAll)
    dump.user("operator", [Dump.statement(["ssm:SendCommand"])])
    dump.user("coder", [Dump.statement(["lambda:UpdateFunctionCode"])])
    let instances: [String: Any] = [
      "Reservations": [
        [
          "Instances": [
            [
              "InstanceId": "i-0abc", "State": ["Name": "running"],
              "IamInstanceProfile": ["Arn": "\(Self.arn):instance-profile/web-profile"],
            ]
          ]
        ]
      ]
    ]
    let functions: [String: Any] = ["Functions": [["FunctionName": "billing", "Role": Self.role("fn")]]]
    let g = try dump.graph(beside: ["instances.json": instances, "functions.json": functions])
    let ssm = try #require(g.edge(Self.user("operator"), "CanAct", "\(Self.arn):instance-profile/web-profile"))
    #expect(ssm["conditional"] == nil)
    #expect(ssm["instances"] == .array([.string("i-0abc")]))
    #expect(g.edge(Self.user("operator"), "CanAct", "\(Self.arn):instance-profile/idle-profile") == nil)
    let code = try #require(g.edge(Self.user("coder"), "CanAssume", Self.role("fn")))
    #expect(code["conditional"] == nil)
    #expect(code["functions"] == .array([.string("billing")]))
    #expect(g.edge(Self.user("coder"), "CanAssume", Self.role("unused-fn")) == nil)
  }
}
