import AccessGraph
import Importers
import PathFinder
import TestSupport
import Testing

@Suite("Paths across sources")
struct CrossSourceTests {
  @Test("alice reaches the Zendesk admin console at admin only when her MCP config and the inventory load together")
  func mcpPlusInventory() throws {
    let config = Fixtures.path("mcp-agent-config/synthetic/claude_desktop_config.json")
    let inventory = Fixtures.path("hand-made/inventory.yaml")
    let at = Timestamp.parse("2026-11-22T00:00:00Z")!
    func tier(_ files: [String]) throws -> Tier? {
      let view = TraversalView(graph: try InputLoader().load(files).graph, at: at)
      guard let alice = view.graph.index(of: "alice"), let console = view.graph.index(of: "zendesk-admin") else { return nil }
      return Reachability.forward(view, from: [alice]).tier(of: console)
    }
    #expect(try tier([inventory]) == .read)
    #expect(try tier([config]) == nil)
    #expect(try tier([config, inventory]) == .admin)
    let view = TraversalView(graph: try InputLoader().load([config, inventory]).graph, at: at)
    let path = try #require(
      ShortestWitness.path(
        view, from: view.graph.index(of: "alice")!, to: view.graph.index(of: "zendesk-admin")!, atLeast: .admin))
    #expect(
      path.nodes.map(view.graph.id(of:)) == [
        "alice", "mcp-client:claude_desktop_config", "secret:sha256:49bfc536b39c06f4", "svc-zendesk", "zendesk-admins",
        "zendesk-admin-role",
        "zendesk-admin",
      ])
  }
}

@Suite("Paths across Kubernetes and AWS")
struct KubernetesAWSTests {
  @Test("a helpdesk user impersonates a pod's service account whose IRSA role reaches the customer bucket")
  func irsa() throws {
    let k8s = Fixtures.path("k8s-rbac/synthetic_kubectl_get_rbac_list.json")
    let aws = Fixtures.path("aws-iam/moto_authz_details.json")
    let view = TraversalView(graph: try InputLoader().load([k8s, aws]).graph)
    let graph = view.graph
    let alice = try #require(graph.index(of: "k8s:user:alice@contoso.example"))
    let bucket = try #require(graph.index(of: "arn:aws:s3:::customer-data"))
    #expect(Reachability.forward(view, from: [alice]).tier(of: bucket) != nil)
    let alone = TraversalView(graph: try InputLoader().load([k8s]).graph)
    #expect(alone.graph.index(of: "arn:aws:s3:::customer-data") == nil)
    let path = try #require(ShortestWitness.path(view, from: alice, to: bucket, atLeast: .read))
    let ids = path.nodes.map(graph.id(of:))
    #expect(ids.contains("arn:aws:iam::123456789012:role/agents/AgentRuntimeRole"))
    #expect(ids.contains("arn:aws:iam::123456789012:role/DataExportRole"))
  }
}

@Suite("Paths across Kubernetes and GCP")
struct KubernetesGCPTests {
  @Test("a helpdesk user reaches the GCP project through an impersonated Kubernetes service account")
  func workloadIdentity() throws {
    let k8s = Fixtures.path("k8s-rbac/synthetic_kubectl_get_rbac_list.json")
    let gcp = Fixtures.path("gcp-iam/synthetic_project_iam_policy_v3.json")
    let view = TraversalView(graph: try InputLoader().load([k8s, gcp]).graph)
    let graph = view.graph
    let alice = try #require(graph.index(of: "k8s:user:alice@contoso.example"))
    let project = try #require(graph.index(of: "projects/acme-prod"))
    let path = try #require(ShortestWitness.path(view, from: alice, to: project, atLeast: .read))
    let ids = path.nodes.map(graph.id(of:))
    #expect(ids.contains("k8s:sa:ai-agents/support-agent"))
    #expect(ids.contains("serviceAccount:support-agent@acme-prod.iam.gserviceaccount.com"))
    let alone = TraversalView(graph: try InputLoader().load([gcp]).graph)
    #expect(alone.graph.index(of: "k8s:user:alice@contoso.example") == nil)
  }
}
