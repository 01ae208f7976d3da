/// What traversal does with an edge kind: its class, and the tiers that go with it.
public struct EdgeKindRule: Sendable, Hashable {
  public var edgeClass: EdgeClass
  /// For a permission kind, the tier it grants; for any other class, an optional cap.
  public var tier: Tier?
  /// For a pivot kind, the tier needed on its resource before it yields anything.
  public var requiresTier: Tier?

  public init(_ edgeClass: EdgeClass, tier: Tier? = nil, requiresTier: Tier? = nil) {
    self.edgeClass = edgeClass
    self.tier = tier
    self.requiresTier = requiresTier
  }
}

/// Maps node kinds to categories and edge kinds to classes and tiers.
///
/// The built-in kinds of docs/design.md are always present; manifests loaded on top add other
/// sources' kinds (e.g. `GH_MemberOf`) or override built-ins. An edge kind the manifest does
/// not know is class `none` and never traversed.
public struct KindsManifest: Sendable, Equatable {
  public private(set) var nodeKinds: [String: NodeCategory]
  public private(set) var edgeKinds: [String: EdgeKindRule]

  /// A manifest with nothing mapped, not even the built-ins.
  public static let empty = KindsManifest(nodeKinds: [:], edgeKinds: [:])

  /// The built-in kinds of docs/design.md.
  public static let builtIn: KindsManifest = {
    var nodes: [String: NodeCategory] = [:]
    for category in NodeCategory.allCases where category != .unknown { nodes[category.kindName] = category }
    var edges: [String: EdgeKindRule] = [:]
    let k = BuiltInKind.self
    for kind in [k.memberOf, k.hasRole, k.canAssume, k.actsAs, k.authenticatesAs, k.hasCredential, k.oauthGrant] {
      edges[kind] = EdgeKindRule(.inherit)
    }
    edges[k.canManage] = EdgeKindRule(.control)
    edges[k.owns] = EdgeKindRule(.control)
    edges[k.canInvoke] = EdgeKindRule(.invoke)
    for tier in Tier.allCases { edges[k.permission(tier)] = EdgeKindRule(.permission, tier: tier) }
    edges[k.contains] = EdgeKindRule(.pivot, requiresTier: .read)
    edges[k.runsAs] = EdgeKindRule(.pivot, requiresTier: .act)
    edges[k.hosts] = EdgeKindRule(.pivot, requiresTier: .act)
    return KindsManifest(nodeKinds: nodes, edgeKinds: edges)
  }()

  public init(nodeKinds: [String: NodeCategory], edgeKinds: [String: EdgeKindRule]) {
    self.nodeKinds = nodeKinds
    self.edgeKinds = edgeKinds
  }

  /// The rule for an edge kind; unknown kinds are class `none`.
  /// - Complexity: O(1) on average.
  public func rule(forEdgeKind kind: String) -> EdgeKindRule {
    edgeKinds[kind] ?? EdgeKindRule(.none)
  }

  /// Whether the manifest maps this edge kind at all (even to `none`).
  public func maps(edgeKind kind: String) -> Bool { edgeKinds[kind] != nil }

  /// The category of a node given its kinds: the first kind that maps wins.
  /// - Complexity: O(k) in the number of kinds.
  public func category(forKinds kinds: some Sequence<String>) -> NodeCategory {
    for kind in kinds { if let c = nodeKinds[kind] { return c } }
    return .unknown
  }

  /// Adds or replaces the mapping of a node kind.
  public mutating func map(nodeKind: String, to category: NodeCategory) { nodeKinds[nodeKind] = category }

  /// Adds or replaces the mapping of an edge kind.
  public mutating func map(edgeKind: String, to rule: EdgeKindRule) { edgeKinds[edgeKind] = rule }

  /// This manifest with every mapping of `other` laid over it.
  /// - Complexity: O(m) in the size of `other`.
  public func merging(_ other: KindsManifest) -> KindsManifest {
    var result = self
    result.nodeKinds.merge(other.nodeKinds) { _, new in new }
    result.edgeKinds.merge(other.edgeKinds) { _, new in new }
    return result
  }
}
