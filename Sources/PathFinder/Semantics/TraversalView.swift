import AccessGraph
import Foundation

/// The graph as traversal sees it at one point in time under one kinds manifest: a packed
/// rule for every edge, and every node's category, domain and flags.
///
/// Building it reads every edge's properties once (`tier`, `scopes`, `expires`,
/// `requiresApproval`, `requiresTier`, `traversable`) so traversal never touches them again.
public struct TraversalView: Sendable {
  public let graph: AccessGraph
  public let manifest: KindsManifest
  public let at: Date
  let edgeRules: [EdgeRule]
  let nodeFlags: [UInt8]
  /// The category of every node under the manifest.
  public let categories: [NodeCategory]
  let domainIDs: [UInt32]
  /// Domain names; `domainIDs` index into it, 0 being "no domain".
  public let domainNames: [String]
  /// `expires` values that are not RFC 3339 times (their element is treated as standing).
  public let unreadableExpiries: Int

  static let absentNode: UInt8 = 1
  static let justInTimeNode: UInt8 = 2
  static let disabledNode: UInt8 = 4
  static let criticalNode: UInt8 = 8

  /// Which elements a view leaves out beyond those expired at its time.
  public struct Exclusions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Elements with a future `expires`: what remains are the standing paths.
    public static let justInTime = Exclusions(rawValue: 1)
    /// Edges that require approval: what remains are the ungated paths.
    public static let gated = Exclusions(rawValue: 2)
  }

  /// What this view leaves out.
  public let exclusions: Exclusions

  /// Edges taken out by `removing(_:)`, kept so that a narrower view leaves them out too.
  public let removedEdges: [AccessGraph.EdgeIndex]

  /// Builds the view of `graph` under `manifest` at time `at`, leaving out `exclusions`.
  /// - Complexity: O(n + e) plus the size of the properties read.
  public init(graph: AccessGraph, manifest: KindsManifest = .builtIn, at: Date = Date(), excluding exclusions: Exclusions = []) {
    self.exclusions = exclusions
    removedEdges = []
    self.graph = graph
    self.manifest = manifest
    self.at = at
    var unreadable = 0
    // What is derived from a value is kept by the value's id: most values repeat (every JIT
    // grant of an export expires at one of a few times), and hashing the values themselves
    // (strings, arrays of them) was a quarter of building a view at 2.5 million nodes.
    var expiryCache: [PropertyValueID: Date?] = [:]
    var scopeCache: [PropertyValueID: Tier?] = [:]
    func expired(_ value: PropertyValueID?) -> Bool? {
      guard let value else { return nil }
      let date =
        expiryCache[value]
        ?? {
          let parsed = Timestamp.parse(graph.propertyValue(value).matchText)
          expiryCache[value] = parsed
          return parsed
        }()
      guard let date else {
        unreadable += 1
        return false
      }
      return date <= at
    }

    let baseRules = graph.kinds.names.map { name -> EdgeRule in
      let rule = manifest.rule(forEdgeKind: name)
      return EdgeRule(
        rule.edgeClass, tier: rule.tier, requiresTier: rule.edgeClass == .pivot ? (rule.requiresTier ?? .read) : nil)
    }
    var rules: [EdgeRule] = []
    rules.reserveCapacity(graph.edgeCount)
    let key = (
      tier: graph.propertyKey(named: "tier"), scopes: graph.propertyKey(named: "scopes"),
      scope: graph.propertyKey(named: "scope"), requiresTier: graph.propertyKey(named: "requiresTier"),
      expires: graph.propertyKey(named: "expires"), requiresApproval: graph.propertyKey(named: "requiresApproval"),
      conditional: graph.propertyKey(named: "conditional"), disabled: graph.propertyKey(named: "disabled"),
      sensitivity: graph.propertyKey(named: "sensitivity"), domain: graph.propertyKey(named: "domain")
    )
    for e in 0..<graph.edgeCount {
      let base = baseRules[Int(graph.kindID(of: e))]
      if graph.propertyCount(ofEdge: e) == 0 || base.edgeClass == .none {
        rules.append(base)
        continue
      }
      var tier = base.tier
      if let t = graph.property(key.tier, ofEdge: e)?.stringValue.flatMap(Tier.init(name:)) {
        tier = t
      } else if base.edgeClass != .permission,
        let scopesID = graph.propertyValueID(key.scopes, ofEdge: e) ?? graph.propertyValueID(key.scope, ofEdge: e)
      {
        let cap =
          scopeCache[scopesID]
          ?? {
            let scopes = graph.propertyValue(scopesID)
            let list: [String]
            switch scopes {
            case .array(let items): list = items.map(\.matchText)
            default: list = scopes.matchText.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            }
            let cap = ScopeTiers.cap(for: list)
            scopeCache[scopesID] = cap
            return cap
          }()
        if let cap { tier = min(tier ?? .admin, cap) }
      }
      let requires = graph.property(key.requiresTier, ofEdge: e)?.stringValue.flatMap(Tier.init(name:)) ?? base.requiresTier
      let expiry = expired(graph.propertyValueID(key.expires, ofEdge: e))
      let gated = graph.property(key.requiresApproval, ofEdge: e)?.boolValue == true
      let absent =
        expiry == true || (expiry == false && exclusions.contains(.justInTime)) || (gated && exclusions.contains(.gated))
      rules.append(
        EdgeRule(
          base.edgeClass, tier: tier, requiresTier: requires, gated: gated, justInTime: expiry == false, absent: absent,
          conditional: graph.property(key.conditional, ofEdge: e)?.boolValue == true))
    }
    var flags = [UInt8](repeating: 0, count: graph.nodeCount)
    var categories: [NodeCategory] = []
    categories.reserveCapacity(graph.nodeCount)
    var domainLookup: [String: UInt32] = [:]
    // One entry a distinct value (.max: not yet seen), as every node asks for its domain.
    var domainByValue = [UInt32](repeating: .max, count: key.domain == nil ? 0 : graph.propertyValueCount)
    var names = [""]
    var domains = [UInt32](repeating: 0, count: graph.nodeCount)
    var categoryByKind = [NodeCategory?](repeating: nil, count: graph.kinds.count)
    for (k, name) in graph.kinds.names.enumerated() { categoryByKind[k] = manifest.nodeKinds[name] }
    for n in 0..<graph.nodeCount {
      categories.append(graph.kindIDs(of: n).lazy.compactMap { categoryByKind[Int($0)] }.first ?? .unknown)
      if graph.propertyCount(of: n) == 0 { continue }
      if let expiry = expired(graph.propertyValueID(key.expires, of: n)) {
        flags[n] |= expiry || exclusions.contains(.justInTime) ? Self.absentNode : Self.justInTimeNode
      }
      if graph.property(key.disabled, of: n)?.boolValue == true { flags[n] |= Self.disabledNode }
      if graph.property(key.sensitivity, of: n)?.matchText == "critical" { flags[n] |= Self.criticalNode }
      if let value = graph.propertyValueID(key.domain, of: n) {
        // Two values can have one text (`"5"` and `5`), so domains are still named by text.
        if domainByValue[value.index] == .max {
          let domain = graph.propertyValue(value).matchText
          domainByValue[value.index] =
            domain.isEmpty
            ? 0
            : domainLookup[domain]
              ?? {
                let id = UInt32(names.count)
                names.append(domain)
                domainLookup[domain] = id
                return id
              }()
        }
        domains[n] = domainByValue[value.index]
      }
    }
    // An edge touching an absent node is absent too, so traversal never asks about nodes.
    if flags.contains(where: { $0 & Self.absentNode != 0 }) {
      for v in 0..<graph.nodeCount {
        for e in graph.outEdges(of: v) where flags[v] & Self.absentNode != 0 || flags[graph.target(of: e)] & Self.absentNode != 0
        {
          rules[e].bits |= 1 << 11
        }
      }
    }
    edgeRules = rules
    nodeFlags = flags
    self.categories = categories
    domainIDs = domains
    domainNames = names
    unreadableExpiries = unreadable
  }

  /// The same graph, manifest and time with further elements left out.
  /// - Complexity: O(n + e).
  public func excluding(_ more: Exclusions) -> TraversalView {
    more.isSubset(of: exclusions)
      ? self : TraversalView(graph: graph, manifest: manifest, at: at, excluding: exclusions.union(more)).removing(removedEdges)
  }

  /// The same view with `edges` gone, as if revoked, without rebuilding the graph: what a
  /// re-analysis of a choke point or a what-if removal runs on. A plan built for this view
  /// stays valid for the result, since removing edges only splits components.
  /// - Complexity: O(e) to copy the rules, plus O(1) an edge.
  public func removing(_ edges: some Sequence<AccessGraph.EdgeIndex>) -> TraversalView {
    var rules = edgeRules
    var removed = removedEdges
    for e in edges {
      rules[e].bits |= 1 << 11
      removed.append(e)
    }
    return TraversalView(self, edgeRules: rules, removedEdges: removed)
  }

  private init(_ view: TraversalView, edgeRules: [EdgeRule], removedEdges: [AccessGraph.EdgeIndex]) {
    graph = view.graph
    manifest = view.manifest
    at = view.at
    self.edgeRules = edgeRules
    nodeFlags = view.nodeFlags
    categories = view.categories
    domainIDs = view.domainIDs
    domainNames = view.domainNames
    unreadableExpiries = view.unreadableExpiries
    exclusions = view.exclusions
    self.removedEdges = removedEdges
  }

  /// Whether anything live in the view is just-in-time or gated, so that standing, ungated
  /// reach can differ from reach.
  /// - Complexity: O(n + e).
  public var hasTemporaryOrGated: Bool {
    edgeRules.contains { $0.isLive && ($0.isGated || $0.isJustInTime) } || nodeFlags.contains { $0 & Self.justInTimeNode != 0 }
  }

  /// The traversal rule of edge `e`.
  /// - Complexity: O(1).
  public func rule(of e: AccessGraph.EdgeIndex) -> EdgeRule { edgeRules[e] }

  /// Whether node `n` exists at the evaluation time (an expired credential does not).
  /// - Complexity: O(1).
  public func isPresent(_ n: AccessGraph.NodeIndex) -> Bool { nodeFlags[n] & Self.absentNode == 0 }

  /// Whether node `n` has an `expires` still in the future.
  /// - Complexity: O(1).
  public func isJustInTime(_ n: AccessGraph.NodeIndex) -> Bool { nodeFlags[n] & Self.justInTimeNode != 0 }

  /// Whether node `n` is marked `disabled`.
  /// - Complexity: O(1).
  public func isDisabled(_ n: AccessGraph.NodeIndex) -> Bool { nodeFlags[n] & Self.disabledNode != 0 }

  /// Whether node `n`'s `sensitivity` is `critical`, which raises admin over it a severity.
  /// - Complexity: O(1).
  public func isCritical(_ n: AccessGraph.NodeIndex) -> Bool { nodeFlags[n] & Self.criticalNode != 0 }

  /// The `domain` of node `n`, if it has one.
  /// - Complexity: O(1).
  public func domain(of n: AccessGraph.NodeIndex) -> String? {
    let d = domainIDs[n]
    return d == 0 ? nil : domainNames[Int(d)]
  }
}
