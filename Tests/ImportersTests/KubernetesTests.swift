import AccessGraph
import Importers
import TestSupport
import Testing

@Suite("Kubernetes RBAC")
struct KubernetesTests {
  func load(_ fixtures: String...) throws -> AccessGraph {
    try InputLoader(strict: true).load(fixtures.map { Fixtures.path("k8s-rbac/\($0)") }).graph
  }

  @Test("the synthetic List: bindings, scoped ClusterRoles, escalation verbs and workload identity")
  func synthetic() throws {
    let g = try load("synthetic_kubectl_get_rbac_list.json")
    #expect(
      g.edge("k8s:user:alice@contoso.example", "HasRole", "k8s:clusterrole:sa-impersonator")?["binding"]
        == .string("helpdesk-impersonate"))
    #expect(
      g.edge("k8s:clusterrole:sa-impersonator", "ActsAs", "k8s:sa:platform/ci-deployer")?["technique"] == .string("impersonate"))
    #expect(g.edge("k8s:sa:platform/ci-deployer", "HasRole", "k8s:clusterrole:cluster-admin") != nil)
    #expect(g.edge("k8s:clusterrole:cluster-admin", "CanAdmin", "k8s:cluster-admin") != nil)
    #expect(g.edge("k8s:sa:ai-agents/support-agent", "HasRole", "k8s:clusterrole:secret-reader@ai-agents") != nil)
    #expect(g.edge("k8s:clusterrole:secret-reader@ai-agents", "CanRead", "k8s:res:ai-agents/secrets") != nil)
    #expect(g.edge("k8s:res:ai-agents/secrets", "Contains", "k8s:sa:ai-agents/default") != nil)
    #expect(g.edge("k8s:res:ai-agents/pods/exec", "RunsAs", "k8s:sa:ai-agents/support-agent") != nil)
    #expect(
      g.edge("k8s:clusterrole:rbac-escalator", "CanAdmin", "k8s:cluster-admin")?["technique"] == .string("bind/escalate on RBAC")
    )
    #expect(
      g.edge("k8s:sa:ai-agents/support-agent", "CanAssume", "arn:aws:iam::123456789012:role/agents/AgentRuntimeRole") != nil)
    #expect(
      g.edge("k8s:sa:ai-agents/support-agent", "ActsAs", "serviceAccount:support-agent@acme-prod.iam.gserviceaccount.com") != nil
    )
    #expect(g.edge("k8s:sa:ai-agents/default", "MemberOf", "k8s:group:system:serviceaccounts:ai-agents") != nil)
  }

  @Test("rbac-tool scenarios: who can impersonate, create pods, read secrets; aggregation")
  func scenarios() throws {
    #expect(try load("rbac-tool_whocan_impersonator.yaml").index(of: "k8s:user:test-impersonator-user") != nil)
    let aggregate = try load("rbac-tool_whocan_clusterrole-aggregate.yaml")
    let aggregations = (0..<aggregate.edgeCount).filter {
      aggregate.properties(ofEdge: $0)["technique"] == .string("aggregationRule")
    }
    #expect(!aggregations.isEmpty)
    let pods = try load("rbac-tool_whocan_pod-creator.yaml")
    #expect(
      (0..<pods.edgeCount).contains { pods.kindName(of: $0) == "CanAct" && pods.id(of: pods.target(of: $0)).hasSuffix("/pods") })
  }

  @Test("a broken object in a manifest is skipped and reported with its line; the rest loads")
  func brokenObject() throws {
    let text = """
      apiVersion: v1
      kind: ServiceAccount
      metadata: {name: deployer, namespace: ci}
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: RoleBinding
      metadata: {name: half-written, namespace: ci}
      subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
      """
    let (graph, report) = try loadLeniently(text, named: "rbac.yaml")
    #expect(graph.index(of: "k8s:sa:ci/deployer") != nil)
    #expect(
      report.samples.map(\.description) == [
        "rbac.yaml:5 (RoleBinding half-written.roleRef): malformed record: a binding needs roleRef.kind and roleRef.name"
      ])
  }

  @Test("every fixture imports cleanly, alone and together")
  func all() throws {
    let result = try InputLoader(strict: true).load([Fixtures.path("k8s-rbac")])
    #expect(result.sources.count == 14)
    #expect(result.sources.allSatisfy { $0.format == .kubernetes })
    #expect(result.graph.index(of: "k8s:group:system:masters") != nil)
  }

  @Test("a rule's API group is honoured: a Gateway API role's * is not * on pods, secrets or the cluster")
  func apiGroups() throws {
    let g = try load("rbac-tool_whocan_gatewat-api-operator.yaml")
    let role = "k8s:clusterrole:gateway-network-operator-role@test"
    #expect(g.edge(role, "CanAct", "k8s:res:test/*.gateway.networking.k8s.io") != nil)
    #expect(g.index(of: "k8s:res:test/*") == nil)
    #expect(g.index(of: "k8s:cluster-admin") == nil)
    let roleNode = try #require(g.index(of: role))
    #expect(g.outEdges(of: roleNode).map { g.kindName(of: $0) }.allSatisfy { $0 == "CanAct" || $0 == "CanRead" })
  }
}
