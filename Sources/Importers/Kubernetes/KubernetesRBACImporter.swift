import AccessGraph
import Yams

/// Reads Kubernetes RBAC: YAML manifests (one or many documents) and `kubectl get ... -o
/// yaml|json` Lists of ServiceAccounts, Roles, ClusterRoles and their bindings.
///
/// Ids: `k8s:sa:<ns>/<name>`, `k8s:user:<name>`, `k8s:group:<name>`, `k8s:role:<ns>/<name>`,
/// `k8s:clusterrole:<name>` (and `...@<ns>` when a RoleBinding grants a ClusterRole in one
/// namespace), resources `k8s:res:<ns|*>/<resource>`, and `k8s:cluster-admin`. Rules become
/// permission edges at the tier of their verbs; escalation verbs become edges of their own:
/// reading secrets pivots to the namespace's service-account tokens, creating pods or exec
/// pivots to its service accounts, `impersonate` and `serviceaccounts/token` act as them,
/// `bind`/`escalate` on RBAC objects and `*` on `*` reach cluster admin. IRSA and GKE workload
/// identity annotations tie a ServiceAccount to its AWS role ARN or GCP service account.
enum KubernetesRBACImporter: DocumentImporter {
  struct Rule {
    var apiGroups: [String]
    var resources: [String]
    var verbs: [String]
  }

  struct RoleObject {
    var id: String
    var name: String
    var namespace: String?
    var rules: [Rule]
    var labels: [String: String]
    var aggregateSelectors: [[String: String]]
  }

  struct Binding {
    var name: String
    var namespace: String?
    var roleKind: String
    var roleName: String
    var subjects: [(kind: String, name: String, namespace: String?)]
    var line: Int?
  }

  static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, into builder: inout GraphBuilder) throws -> (
    nodes: Int, edges: Int
  ) {
    guard let text = TextBytes.string(bytes) else {
      throw ImportError.syntax(file: file, line: nil, column: nil, message: "not UTF-8 text")
    }
    let objects = try ImportError.parsingYAML(text, file: file) {
      try Yams.compose_all(yaml: text).flatMap { document -> [Node] in
        if document.mapping?["kind"]?.string == "List" { return document.mapping?["items"]?.sequence.map(Array.init) ?? [] }
        return document.mapping != nil ? [document] : []
      }
    }
    var model = Model(file: file)
    for object in objects {
      try ImportError.skipping(&builder) { _ in try model.add(object) }
    }
    return try model.emit(into: &builder)
  }

  /// Everything read from the file, resolved once all objects are known.
  struct Model {
    let file: String
    var serviceAccounts: [(namespace: String, name: String, annotations: [String: String], line: Int?)] = []
    var roles: [RoleObject] = []
    var bindings: [Binding] = []
    var sink: GraphSink

    init(file: String) {
      self.file = file
      sink = GraphSink(file: file, nodes: .firstWins, edges: .firstWins)
    }

    func invalid(_ node: Node, _ path: String, _ message: String) -> ImportError {
      .invalid(file: file, line: node.mark?.line, column: node.mark?.column, path: path, message: message)
    }

    static func strings(_ node: Node?) -> [String] { node?.sequence?.compactMap(\.string) ?? [] }

    static func stringMap(_ node: Node?) -> [String: String] {
      var map: [String: String] = [:]
      for (k, v) in node?.mapping ?? [:] { if let key = k.string, let value = v.string { map[key] = value } }
      return map
    }

    mutating func add(_ object: Node) throws {
      guard let map = object.mapping else { return }
      let kind = map["kind"]?.string ?? ""
      let metadata = map["metadata"]?.mapping
      guard let name = metadata?["name"]?.string else {
        if ["ServiceAccount", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"].contains(kind) {
          throw invalid(object, kind, "\(kind) has no metadata.name")
        }
        return
      }
      let namespace = metadata?["namespace"]?.string
      switch kind {
      case "ServiceAccount":
        serviceAccounts.append((namespace ?? "default", name, Self.stringMap(metadata?["annotations"]), object.mark?.line))
      case "Role", "ClusterRole":
        let rules = (map["rules"]?.sequence.map(Array.init) ?? []).map { r in
          Rule(
            apiGroups: Self.strings(r.mapping?["apiGroups"]),
            resources: Self.strings(r.mapping?["resources"]) + Self.strings(r.mapping?["nonResourceURLs"]),
            verbs: Self.strings(r.mapping?["verbs"]))
        }
        let selectors = (map["aggregationRule"]?.mapping?["clusterRoleSelectors"]?.sequence.map(Array.init) ?? []).map {
          Self.stringMap($0.mapping?["matchLabels"])
        }
        let id = kind == "Role" ? "k8s:role:\(namespace ?? "default")/\(name)" : "k8s:clusterrole:\(name)"
        roles.append(
          RoleObject(
            id: id, name: name, namespace: kind == "Role" ? namespace ?? "default" : nil, rules: rules,
            labels: Self.stringMap(metadata?["labels"]), aggregateSelectors: selectors))
      case "RoleBinding", "ClusterRoleBinding":
        guard let roleRef = map["roleRef"]?.mapping, let roleKind = roleRef["kind"]?.string,
          let roleName = roleRef["name"]?.string
        else {
          throw invalid(object, "\(kind) \(name).roleRef", "a binding needs roleRef.kind and roleRef.name")
        }
        let subjects = (map["subjects"]?.sequence.map(Array.init) ?? []).compactMap { s -> (String, String, String?)? in
          guard let k = s.mapping?["kind"]?.string, let n = s.mapping?["name"]?.string else { return nil }
          return (k, n, s.mapping?["namespace"]?.string)
        }
        bindings.append(
          Binding(
            name: name, namespace: kind == "RoleBinding" ? namespace ?? "default" : nil, roleKind: roleKind, roleName: roleName,
            subjects: subjects, line: object.mark?.line))
      default:
        return
      }
    }

    mutating func node(_ id: String, _ kinds: [String], _ properties: Properties) {
      sink.node(id, kinds, properties)
    }

    /// Adds an edge once: a rule that is escalation-prone in several ways keeps its first reason.
    mutating func edge(_ kind: String, _ from: String, _ to: String, _ properties: Properties = Properties()) {
      sink.edge(kind, from, to, properties)
    }

    static func tier(of verbs: [String]) -> Tier {
      if verbs.contains("*") || verbs.contains(where: { ["impersonate", "bind", "escalate"].contains($0) }) { return .admin }
      if verbs.contains(where: { ["create", "update", "patch", "delete", "deletecollection"].contains($0) }) { return .act }
      return .read
    }

    static func sensitivity(_ resource: String) -> String? {
      switch resource {
      case "*", "clusterroles", "clusterrolebindings", "roles", "rolebindings", "nodes/proxy": "critical"
      case "secrets", "pods/exec", "serviceaccounts/token", "pods/attach": "high"
      default: nil
      }
    }

    mutating func emit(into builder: inout GraphBuilder) throws -> (nodes: Int, edges: Int) {
      let saIDs = serviceAccounts.map { "k8s:sa:\($0.namespace)/\($0.name)" }
      for (sa, id) in zip(serviceAccounts, saIDs) {
        var properties = Properties([("name", .string(sa.name)), ("namespace", .string(sa.namespace))])
        for (key, value) in sa.annotations.sorted(by: { $0.key < $1.key }) { properties["annotation_\(key)"] = .string(value) }
        node(id, ["K8s_ServiceAccount", BuiltInKind.serviceAccount], properties)
        for group in ["system:serviceaccounts", "system:serviceaccounts:\(sa.namespace)", "system:authenticated"] {
          node("k8s:group:\(group)", ["K8s_Group", BuiltInKind.group], Properties([("name", .string(group))]))
          edge(BuiltInKind.memberOf, id, "k8s:group:\(group)")
        }
        if let arn = sa.annotations["eks.amazonaws.com/role-arn"] {
          node(
            arn, ["AWS_Role", BuiltInKind.role],
            Properties([("name", .string(String(arn.split(separator: "/").last ?? Substring(arn))))]))
          edge(BuiltInKind.canAssume, id, arn, Properties([("technique", .string("EKS IRSA annotation"))]))
        }
        if let email = sa.annotations["iam.gke.io/gcp-service-account"] {
          let gcp = "serviceAccount:\(email)"
          node(gcp, ["GCP_ServiceAccount", BuiltInKind.serviceAccount], Properties([("name", .string(email))]))
          edge(BuiltInKind.actsAs, id, gcp, Properties([("technique", .string("GKE workload identity annotation"))]))
        }
      }
      func accounts(in namespace: String?) -> [String] {
        zip(serviceAccounts, saIDs).filter { namespace == nil || $0.0.namespace == namespace }.map(\.1)
      }
      let byID = Dictionary(roles.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
      // A role's permissions, in a namespace (nil: cluster-wide).
      func grant(_ role: RoleObject, id: String, namespace: String?) {
        let scope = namespace ?? "*"
        for rule in role.rules {
          // A resource is named with its API group (`gateways.gateway.networking.k8s.io`),
          // so that a Gateway API role's `*` is not `*` on pods and secrets. Core ("") and
          // any ("*") groups keep the plain name.
          let groups = rule.apiGroups.isEmpty ? [""] : rule.apiGroups
          for group in groups {
            for plain in rule.resources {
              let resource = group.isEmpty || group == "*" || plain.hasPrefix("/") ? plain : "\(plain).\(group)"
              let resourceID = "k8s:res:\(scope)/\(resource)"
              var properties = Properties([("name", .string("\(resource) in \(namespace ?? "all namespaces")"))])
              if let level = Self.sensitivity(resource) { properties["sensitivity"] = .string(level) }
              node(resourceID, ["K8s_Resource", BuiltInKind.resource], properties)
              let tier = Self.tier(of: rule.verbs)
              let kind = BuiltInKind.permission(tier)
              edge(kind, id, resourceID, Properties([("verbs", .array(rule.verbs.map { .string($0) }))]))
              escalations(
                rule, group: group, resource: plain, resourceID: resourceID, roleID: id, namespace: namespace)
            }
          }
        }
      }
      for role in roles {
        node(
          role.id, ["K8s_\(role.namespace == nil ? "ClusterRole" : "Role")", BuiltInKind.role],
          Properties([("name", .string(role.name))]))
        grant(role, id: role.id, namespace: role.namespace)
        for selector in role.aggregateSelectors where !selector.isEmpty {
          for other in roles
          where other.namespace == nil && other.id != role.id && selector.allSatisfy({ other.labels[$0.key] == $0.value }) {
            edge(BuiltInKind.hasRole, role.id, other.id, Properties([("technique", .string("aggregationRule"))]))
          }
        }
      }
      for binding in bindings {
        var roleID: String
        if binding.roleKind == "ClusterRole" {
          roleID = "k8s:clusterrole:\(binding.roleName)"
          if let namespace = binding.namespace {
            // A ClusterRole granted by a RoleBinding applies in that namespace only.
            let scoped = "\(roleID)@\(namespace)"
            node(
              scoped, ["K8s_ClusterRole", BuiltInKind.role],
              Properties([("name", .string("\(binding.roleName) in \(namespace)")), ("namespace", .string(namespace))]))
            if let role = byID[roleID] { grant(role, id: scoped, namespace: namespace) }
            roleID = scoped
          } else if byID[roleID] == nil {
            node(roleID, ["K8s_ClusterRole", BuiltInKind.role], Properties([("name", .string(binding.roleName))]))
          }
        } else {
          roleID = "k8s:role:\(binding.namespace ?? "default")/\(binding.roleName)"
          if byID[roleID] == nil {
            node(roleID, ["K8s_Role", BuiltInKind.role], Properties([("name", .string(binding.roleName))]))
          }
        }
        if binding.roleName == "cluster-admin" && binding.roleKind == "ClusterRole" && binding.namespace == nil {
          // The bootstrap cluster-admin role is `*` on `*`, whether or not its definition is loaded.
          clusterAdmin(from: roleID, technique: "* on *")
        }
        for subject in binding.subjects {
          let subjectID: String
          switch subject.kind {
          case "ServiceAccount":
            subjectID = "k8s:sa:\(subject.namespace ?? binding.namespace ?? "default")/\(subject.name)"
            node(
              subjectID, ["K8s_ServiceAccount", BuiltInKind.serviceAccount], Properties([("name", .string(subject.name))]))
          case "Group":
            subjectID = "k8s:group:\(subject.name)"
            node(subjectID, ["K8s_Group", BuiltInKind.group], Properties([("name", .string(subject.name))]))
          default:
            subjectID = "k8s:user:\(subject.name)"
            var properties = Properties([("name", .string(subject.name))])
            if subject.name.contains("@") { properties["email"] = .string(subject.name) }
            node(subjectID, ["K8s_User", BuiltInKind.human], properties)
          }
          edge(BuiltInKind.hasRole, subjectID, roleID, Properties([("binding", .string(binding.name))]))
        }
      }
      return try sink.emit(into: &builder)
    }

    static let clusterAdmin = GraphSink.Area(
      id: "k8s:cluster-admin", kinds: ["K8s_Cluster", BuiltInKind.resource],
      properties: Properties([("name", .string("Kubernetes cluster admin")), ("sensitivity", .string("critical"))]))

    mutating func clusterAdmin(from id: String, technique: String) {
      sink.edge(BuiltInKind.canAdmin, id, toArea: Self.clusterAdmin, Properties([("technique", .string(technique))]))
    }

    /// The edges an escalation-prone rule adds beyond its permission.
    mutating func escalations(
      _ rule: Rule, group: String, resource: String, resourceID: String, roleID: String, namespace: String?
    ) {
      // Pods, secrets and service accounts are core; roles and bindings are RBAC's.
      let core = group.isEmpty || group == "*"
      let rbac = group == "rbac.authorization.k8s.io" || group == "*"
      guard core || rbac else { return }
      let verbs = Set(rule.verbs)
      let any = verbs.contains("*")
      let accountsHere = zip(serviceAccounts, serviceAccounts.map { "k8s:sa:\($0.namespace)/\($0.name)" })
        .filter { namespace == nil || $0.0.namespace == namespace }.map(\.1)
      if group == "*" && resource == "*" && any { clusterAdmin(from: roleID, technique: "* on *") }
      if rbac, ["clusterroles", "clusterrolebindings", "roles", "rolebindings", "*"].contains(resource),
        any || verbs.contains("bind") || verbs.contains("escalate")
      {
        clusterAdmin(from: roleID, technique: "bind/escalate on RBAC")
      }
      guard core else { return }
      if (resource == "secrets" || resource == "*") && (any || verbs.contains("get") || verbs.contains("list")) {
        for sa in accountsHere {
          edge(
            BuiltInKind.contains, resourceID, sa, Properties([("technique", .string("service-account token secret"))]))
        }
      }
      if (resource == "pods" || resource == "pods/exec" || resource == "*") && (any || verbs.contains("create")) {
        for sa in accountsHere {
          edge(
            BuiltInKind.runsAs, resourceID, sa, Properties([("technique", .string("pod running as the service account"))]))
        }
      }
      if (resource == "serviceaccounts" && (any || verbs.contains("impersonate")))
        || (resource == "serviceaccounts/token" && (any || verbs.contains("create")))
      {
        for sa in accountsHere {
          edge(
            BuiltInKind.actsAs, roleID, sa,
            Properties([("technique", .string(resource == "serviceaccounts" ? "impersonate" : "token request"))]))
        }
      }
    }
  }
}

extension KubernetesRBACImporter: FormatClaim {
  static let format = InputFormat.kubernetes
  static let displayName = "Kubernetes RBAC"

  static func claim(_ document: DocumentShape) -> Claim? {
    if document.isJSON { return document.has("apiVersion") ? .sure : nil }
    let manifest = document.text.split(separator: "\n").contains { $0.hasPrefix("apiVersion:") || $0.hasPrefix("kind:") }
    return manifest ? .sure : nil
  }
}
