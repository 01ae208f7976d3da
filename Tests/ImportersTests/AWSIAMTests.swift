import AccessGraph
import Importers
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

  @Test("self-escalation by policy versions, and conditional cross-account and OIDC trust")
  func escalationAndConditions() throws {
    let g = try graph(Self.moto)
    let ciBot = try #require(g.edge("\(account):user/automation/ci-bot", "CanAdmin", "aws-admin:123456789012"))
    #expect(ciBot["technique"]?.matchText.contains("iam:CreatePolicyVersion") == true)
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
    for fp in [
      "fp1-allow-and-deny", "fp2-allow-and-deny-multiple-policies", "fp3-deny-iam", "fp4-nonExploitableResourceConstraint",
    ] {
      let user = try #require(g.index(of: "\(acct):user/\(fp)-user"))
      let escalations = g.outEdges(of: user).filter {
        ["CanManage", "CanAssume"].contains(g.kindName(of: $0)) || g.id(of: g.target(of: $0)) == admin
      }
      #expect(escalations.isEmpty, "\(fp) should not escalate")
    }
    let fp5 = try #require(g.edge("\(acct):user/fp5-nonExploitableConditionConstraint-user", "CanAdmin", admin))
    #expect(fp5["conditional"] == .bool(true))
    #expect(g.edge("\(acct):user/fn4-exploitableNotAction-user", "CanAdmin", admin) != nil)
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
