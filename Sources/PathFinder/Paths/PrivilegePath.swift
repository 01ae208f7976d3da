import AccessGraph

/// One path through the graph, with what it amounts to.
public struct PrivilegePath: Sendable, Hashable {
  /// Node indexes from the starting identity to the target.
  public var nodes: [AccessGraph.NodeIndex]
  /// Edge indexes, one fewer than the nodes.
  public var edges: [AccessGraph.EdgeIndex]
  /// The effective tier at the end: the least of its permission tier and every cap since the
  /// last pivot.
  public var tier: Tier
  /// No node or edge on it has an `expires`: it does not lapse by itself.
  public var standing: Bool
  /// Some edge on it requires approval.
  public var gated: Bool
  /// Some edge on it holds only under conditions the import could not decide.
  public var conditional: Bool
  /// Its nodes span more than one `domain`.
  public var crossDomain: Bool
  /// It passes through two or more agents.
  public var agentChain: Bool

  /// Summarises a path's flags from the view it was found in.
  /// - Complexity: O(length).
  public init(nodes: [AccessGraph.NodeIndex], edges: [AccessGraph.EdgeIndex], tier: Tier, view: TraversalView) {
    self.nodes = nodes
    self.edges = edges
    self.tier = tier
    standing = !edges.contains { view.rule(of: $0).isJustInTime } && !nodes.contains { view.isJustInTime($0) }
    gated = edges.contains { view.rule(of: $0).isGated }
    conditional = edges.contains { view.rule(of: $0).isConditional }
    crossDomain = Set(nodes.compactMap { view.domainIDs[$0] == 0 ? nil : view.domainIDs[$0] }).count > 1
    agentChain = nodes.lazy.filter { view.categories[$0] == .agent }.count >= 2
  }

  /// The number of edges.
  public var length: Int { edges.count }
}

extension PrivilegePath {
  /// The tier held after each edge: how caps lower it and pivots restore it along the way.
  /// An edge the holding could not cross (a path read against another view) leaves it as
  /// it was.
  /// - Complexity: O(length).
  public func stepTiers(in view: TraversalView) -> [Tier] {
    var held = Holding.source
    return edges.map { e in
      held = held.step(over: view.rule(of: e)) ?? held
      return held.tier
    }
  }
}
