import AccessGraph
import Importers
import PathFinder
import TestSupport
import Testing

@Suite("AWS IAM authorization details")
struct AWSIAMTests {
  static let moto = "aws-iam/moto_authz_details.json"
  static let vulnerable = "aws-iam/cloudsplaining_example.json"
  let account = "arn:aws:iam::123456789012"

  func graph(_ fixture: String) throws -> AccessGraph { try InputLoader(strict: true).load([Fixtures.path(fixture)]).graph }

  @Test("principals, categories from tags, membership and named trust")
  func principals() throws {
    let g = try graph(Self.moto)
    let alice = try #require(g.index(of: "\(account):user/alice"))
    #expect(g.kindNames(of: alice) == ["AWS_User", "Human"])
    #expect(g.properties(of: alice)["email"] == .string("alice@example.com"))
    #expect(g.kindNames(of: g.index(of: "\(account):user/automation/ci-bot")!) == ["AWS_User", "ServiceAccount"])
    #expect(g.edge("\(account):user/alice", "MemberOf", "\(account):group/support") != nil)
    #expect(g.edge("aws-service:lambda.amazonaws.com", "CanAssume", "\(account):role/AdminAutomationRole") != nil)
    #expect(g.edge("\(account):user/automation/agent-deployer", "CanAssume", "\(account):role/agents/AgentRuntimeRole") != nil)
    #expect(g.edge("\(account):role/agents/AgentRuntimeRole", "CanAssume", "\(account):role/DataExportRole") != nil)
    let profile = try #require(g.index(of: "\(account):instance-profile/agents/agent-runtime-profile"))
    #expect(g.kindNames(of: profile) == ["AWS_InstanceProfile", "Resource"])
    #expect(g.properties(of: profile)["name"] == .string("agent-runtime-profile"))
    #expect(
      g.edge("\(account):instance-profile/agents/agent-runtime-profile", "RunsAs", "\(account):role/agents/AgentRuntimeRole")
        != nil)
  }

  @Test("the planted escalation: alice -> support -> SupportTriageRole -> PassRole to Lambda -> admin")
  func plantedPath() throws {
    let g = try graph(Self.moto)
    let assume = try #require(g.edge("\(account):group/support", "CanAssume", "\(account):role/SupportTriageRole"))
    #expect(assume["technique"] == .string("sts:AssumeRole"))
    let pass = try #require(g.edge("\(account):role/SupportTriageRole", "CanAssume", "\(account):role/AdminAutomationRole"))
    #expect(pass["technique"] == .string("iam:PassRole + lambda:CreateFunction"))
    #expect(pass["statement"]?.matchText.hasPrefix("policy ") == true)
    #expect(g.edge("\(account):role/AdminAutomationRole", "CanAdmin", "aws-admin:123456789012") != nil)
  }

  @Test("self-escalation by policy versions through a group, and conditional cross-account and OIDC trust")
  func escalationAndConditions() throws {
    let g = try graph(Self.moto)
    // ci-bot may create versions of the policy its group holds: the group's edge, reached by membership.
    #expect(g.edge("\(account):user/automation/ci-bot", "MemberOf", "\(account):group/automation/automation") != nil)
    let group = try #require(g.edge("\(account):group/automation/automation", "CanAdmin", "aws-admin:123456789012"))
    #expect(group["technique"]?.matchText.contains("iam:CreatePolicyVersion") == true)
    let vendor = try #require(g.edge("aws-account:999988887777", "CanAssume", "\(account):role/VendorAuditRole"))
    #expect(vendor["conditional"] == .bool(true))
    #expect(vendor["conditions"] == .array([.string("StringEquals:sts:ExternalId")]))
    let oidc = try #require(
      g.edge(
        "\(account):oidc-provider/token.actions.githubusercontent.com", "CanAssume",
        "\(account):role/automation/GitHubActionsDeploy"))
    #expect(oidc["subject"] != nil)
  }

  @Test("IAM-Vulnerable: true escalations found, explicit denies and resource constraints respected")
  func vulnerable() throws {
    let g = try graph(Self.vulnerable)
    let acct = "arn:aws:iam::200611803367"
    // The file merges a second, small account; its users are out of the first's reach.
    #expect(g.edge("\(acct):user/privesc4-CreateAccessKey-user", "CanManage", "arn:aws:iam::012345678901:user/obama") == nil)
    let admin = "aws-admin:200611803367"
    #expect(g.edge("\(acct):user/privesc1-CreateNewPolicyVersion-user", "CanAdmin", admin) != nil)
    #expect(g.edge("\(acct):user/privesc10-PutUserPolicy-user", "CanAdmin", admin) != nil)
    #expect(
      g.edge("\(acct):user/privesc4-CreateAccessKey-user", "CanManage", "\(acct):user/fp1-allow-and-deny-user")?["technique"]
        == .string("iam:CreateAccessKey"))
    #expect(g.edge("\(acct):user/privesc13-AddUserToGroup-user", "CanManage", "\(acct):group/privesc-sre-group") != nil)
    #expect(
      g.edge("\(acct):user/privesc14-UpdatingAssumeRolePolicy-user", "CanManage", "\(acct):role/privesc-high-priv-service-role")
        != nil)
    let lambda = try #require(
      g.edge(
        "\(acct):user/privesc15-PassExistingRoleToNewLambdaThenInvoke-user", "CanAssume",
        "\(acct):role/privesc-high-priv-service-role"))
    #expect(lambda["technique"] == .string("iam:PassRole + lambda:CreateFunction"))
    // Writing another principal's policy is no edge to it.
    let writers = [
      "privesc7-AttachUserPolicy", "privesc9-AttachRolePolicy", "privesc10-PutUserPolicy", "privesc12-PutRolePolicy",
    ]
    for writer in writers {
      let user = try #require(g.index(of: "\(acct):user/\(writer)-user"))
      #expect(!g.outEdges(of: user).contains { g.kindName(of: $0) == "CanManage" }, "\(writer) takes nobody over")
    }
    for fp in [
      "fp1-allow-and-deny", "fp2-allow-and-deny-multiple-policies", "fp3-deny-iam", "fp4-nonExploitableResourceConstraint",
      "fp5-nonExploitableConditionConstraint",
    ] {
      let user = try #require(g.index(of: "\(acct):user/\(fp)-user"))
      let escalations = g.outEdges(of: user).filter {
        ["CanManage", "CanAssume"].contains(g.kindName(of: $0)) || g.id(of: g.target(of: $0)) == admin
      }
      #expect(escalations.isEmpty, "\(fp) should not escalate")
    }
    #expect(g.edge("\(acct):user/fn3-exploitableConditionConstraint-user", "CanAdmin", admin)?["conditional"] == nil)
    #expect(g.edge("\(acct):user/fn4-exploitableNotAction-user", "CanAdmin", admin) != nil)
  }

  /// Every principal of the lab account that reaches its administrator, and no other.
  @Test("IAM-Vulnerable: the exact set of principals that reach admin")
  func vulnerableAdmins() throws {
    let loaded = try InputLoader(strict: true).load([Fixtures.path(Self.vulnerable)])
    let view = TraversalView(graph: loaded.graph, manifest: .builtIn)
    let g = loaded.graph
    let admin = try #require(g.index(of: "aws-admin:200611803367"))
    let reached = Reachability.reverse(view, to: [admin], minTier: .admin)
    let prefix = "arn:aws:iam::200611803367:"
    let principals = Set(
      reached.map { g.id(of: $0.node) }.filter {
        $0.hasPrefix(prefix) && !$0.contains(":instance-profile/") && !$0.contains(":saml-provider/")
      }
      .map { String($0.dropFirst(prefix.count)) })
    let users = [
      "fn1-privesc3-partial", "fn2-exploitableResourceConstraint", "fn3-exploitableConditionConstraint",
      "fn4-exploitableNotAction", "privesc-codeBuildCreateProjectPassRole", "privesc-sageMakerCreateNotebookPassRole",
      "privesc-sageMakerCreateProcessingJobPassRole", "privesc-sageMakerCreateTrainingJobPassRole", "privesc-sre",
      "privesc1-CreateNewPolicyVersion", "privesc10-PutUserPolicy", "privesc11-PutGroupPolicy", "privesc13-AddUserToGroup",
      "privesc14-UpdatingAssumeRolePolicy", "privesc15-PassExistingRoleToNewLambdaThenInvoke",
      "privesc16-PassRoleToNewLambdaThenTriggerWithNewDynamo", "privesc18-PassExistingRoleToNewGlueDevEndpoint",
      "privesc20-PassExistingRoleToCloudFormation", "privesc21-PassExistingRoleToNewDataPipeline",
      "privesc3-CreateEC2WithExistingInstanceProfile", "privesc4-CreateAccessKey", "privesc5-CreateLoginProfile",
      "privesc6-UpdateLoginProfile", "privesc7-AttachUserPolicy", "privesc8-AttachGroupPolicy",
      // Conditional: these change an existing resource or reach into an instance, which the
      // authorization dump cannot show exists.
      "privesc-CloudFormationUpdateStack", "privesc-ec2InstanceConnect", "privesc-sageMakerCreatePresignedNotebookURL",
      "privesc-ssmSendCommand", "privesc-ssmStartSession", "privesc17-EditExistingLambdaFunctionWithRole",
      "privesc19-UpdateExistingGlueDevEndpoint",
      // Not here, though the lab names them as escalations:
      // - privesc2-SetExistingDefaultPolicyVersion: every policy it could switch has one version only.
      // - privesc9-AttachRolePolicy, privesc12-PutRolePolicy: they may write any role's policy but
      //   can assume no role, so they grant power they cannot use.
      // - privesc-AssumeRole-start: it holds no policy; the starting role trusts an SSO session only.
      // - fp1-fp5: the lab's false-positive traps (fp5's condition ended in 2020).
    ].map { "user/\($0)-user" }
    let roles = [
      "fn1-privesc3-partial", "fn2-exploitableResourceConstraint", "fn3-exploitableConditionConstraint",
      "fn4-exploitableNotAction", "privesc-AssumeRole-ending", "privesc-AssumeRole-intermediate",
      "privesc-AssumeRole-starting", "privesc-codeBuildCreateProjectPassRole", "privesc-high-priv-service",
      "privesc-sageMakerCreateNotebookPassRole", "privesc-sageMakerCreateProcessingJobPassRole",
      "privesc-sageMakerCreateTrainingJobPassRole", "privesc-sre", "privesc1-CreateNewPolicyVersion",
      "privesc12-PutRolePolicy", "privesc14-UpdatingAssumeRolePolicy", "privesc15-PassExistingRoleToNewLambdaThenInvoke",
      "privesc16-PassRoleToNewLambdaThenTriggerWithNewDynamo", "privesc18-PassExistingRoleToNewGlueDevEndpoint",
      "privesc20-PassExistingRoleToCloudFormation", "privesc21-PassExistingRoleToNewDataPipeline",
      "privesc3-CreateEC2WithExistingInstanceProfile", "privesc4-CreateAccessKey", "privesc5-CreateLoginProfile",
      "privesc6-UpdateLoginProfile", "privesc9-AttachRolePolicy",
      "privesc-CloudFormationUpdateStack", "privesc-ec2InstanceConnect", "privesc-sageMakerCreatePresignedNotebookURL",
      "privesc-ssmSendCommand", "privesc-ssmStartSession", "privesc17-EditExistingLambdaFunctionWithRole",
      "privesc19-UpdateExistingGlueDevEndpoint",
      // Not here: the roles for privesc7, 8, 10 and 11 may write users' and groups' policies,
      // and a role is neither; privesc13's role may add users to groups, and a role joins none;
      // privesc2's role, as its user.
    ].map { "role/\($0)-role" }
    let others = [
      "group/privesc-sre-group",
      // Administrators by policy.
      "role/AWS-QuickSetup-StackSet-Local-ExecutionRole", "role/OrganizationAccountAccessRole",
      "role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_dc6414f7f2ab04fc",
      "role/stacksets-exec-b5520cb2730c2f54b523d6375a319abb",
      // The StackSet administration role may assume the execution role by name.
      "role/AWS-QuickSetup-StackSet-Local-AdministrationRole",
      // Service-linked roles whose AWS-managed policies allow what takes the roles above over;
      // AWS alone assumes them.
      "role/aws-service-role/member.org.stacksets.cloudformation.amazonaws.com/AWSServiceRoleForCloudFormationStackSetsOrgMember",
      "role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO",
      "role/aws-service-role/ssm.amazonaws.com/AWSServiceRoleForAmazonSSM",
    ]
    #expect(principals == Set(users + roles + others))
  }

  @Test(
    "every AWS fixture imports without problems",
    arguments: [
      "aws-iam/cloudsplaining_example-authz-details.json", "aws-iam/cloudsplaining_example_authz_v2.json",
    ])
  func others(fixture: String) throws {
    let result = try InputLoader(strict: true).load([Fixtures.path(fixture)])
    #expect(result.sources[0].format == .awsIAM)
    #expect(result.graph.nodeCount > 0 && result.graph.edgeCount > 0)
  }

  @Test("principals allowed * on * are tier zero; AWS service principals are vendor-managed, not unowned NHIs")
  func tierZero() throws {
    let g = try graph(Self.moto)
    func critical(_ id: String) -> Bool { g.properties(of: g.index(of: id)!)["sensitivity"] == .string("critical") }
    #expect(critical("\(account):user/carol-admin") && critical("\(account):role/AdminAutomationRole"))
    #expect(!critical("\(account):user/alice") && !critical("\(account):role/SupportTriageRole"))
    #expect(g.properties(of: g.index(of: "\(account):user/carol-admin")!)["tier_zero"] == .string("allowed * on *"))
    #expect(g.properties(of: g.index(of: "aws-service:lambda.amazonaws.com")!)["vendor_managed"] == .bool(true))
  }
}
