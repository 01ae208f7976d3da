import AccessGraph
import Foundation

extension RuleScanner {
  /// Turns candidates into findings by finding each one's witness path.
  func witnesses(for candidates: [Candidate], rule: Rule, in view: TraversalView, index: PathIndex) -> [Finding] {
    // Candidates sharing a target (and view) share one distance table.
    let groups = Dictionary(grouping: candidates) { GroupKey(target: $0.target, exclusions: $0.exclusions.rawValue) }
      .sorted { ($0.key.target, $0.key.exclusions) < ($1.key.target, $1.key.exclusions) }
    let views = Dictionary(
      uniqueKeysWithValues: Set(candidates.map(\.exclusions.rawValue)).map {
        let v = view.excluding(TraversalView.Exclusions(rawValue: $0))
        return ($0, (view: v, inEdges: LiveInEdges(v)))
      })
    let search = PathSearch(maxDepth: maxDepth, limit: furtherPathLimit + 1, workBudget: witnessBudget)
    // A few chunks a core, each reusing one witness workspace for all its groups.
    let chunkCount = min(groups.count, 8 * ProcessInfo.processInfo.activeProcessorCount)
    let chunks = (0..<chunkCount).map { k in stride(from: k, to: groups.count, by: chunkCount).map { groups[$0].value } }
    let perChunk = Parallel.map(chunks) { chunk -> [Finding] in
      var workspace = ShortestWitness.Workspace(nodeCount: view.graph.nodeCount)
      return chunk.flatMap { group in
        let (v, inEdges) = views[group[0].exclusions.rawValue]!
        return witnesses(for: group, rule: rule, view: v, inEdges: inEdges, index: index, search: search, workspace: &workspace)
      }
    }
    return perChunk.flatMap { $0 }
  }

  /// The findings of candidates that share a target.
  private func witnesses(
    for group: [Candidate], rule: Rule, view v: TraversalView, inEdges: LiveInEdges, index: PathIndex, search: PathSearch,
    workspace: inout ShortestWitness.Workspace
  ) -> [Finding] {
    let limit = furtherPathLimit
    let distances = PathSearch.distances(v, to: [group[0].target], inEdges: inEdges)
    return group.compactMap { c in
      if let via = c.via {
        guard let witness = throughWitness(c, via: via, in: v, distances: distances, workspace: &workspace) else { return nil }
        return finding(c, witness: witness, further: 0, cut: false, rule: rule, view: v)
      }
      let start = c.prefix?.node ?? c.source
      let found = search.run(
        v, from: [start], to: [c.target], index: index, distances: distances, startTier: c.prefix?.tier ?? .admin)
      let accepted = found.paths.compactMap { p -> PrivilegePath? in
        let path =
          c.prefix.map { prefix in
            PrivilegePath(nodes: [c.source] + p.nodes, edges: [prefix.edge] + p.edges, tier: p.tier, view: v)
          } ?? p
        return path.tier >= c.tier && c.require.accept(path) ? path : nil
      }
      // The bounded search can give up on long paths; reach proved one exists, so fall back
      // to the exact breadth-first witness, which must still have the required shape.
      guard
        let witness = accepted.first
          ?? exactWitness(c, in: v, distances: distances, workspace: &workspace).flatMap({ c.require.accept($0) ? $0 : nil })
      else {
        return nil
      }
      return finding(
        c, witness: witness, further: max(0, accepted.count - 1),
        cut: found.cut != nil || found.paths.count > limit || accepted.isEmpty,
        rule: rule,
        view: v)
    }
  }

  private func finding(_ c: Candidate, witness: PrivilegePath, further: Int, cut: Bool, rule: Rule, view: TraversalView)
    -> Finding
  {
    Finding(
      id: Finding.stableID(rule: rule.id, path: witness, in: view.graph), ruleID: rule.id, severity: rule.severity,
      source: c.source, target: c.target, path: witness, targetCount: c.targetCount, furtherPaths: further,
      furtherPathsCut: cut, related: c.related, message: message(rule: rule, candidate: c, witness: witness, view: view))
  }

  /// The shortest path from the source to `via` held as itself, then on to the target.
  private func throughWitness(
    _ c: Candidate, via: Int, in view: TraversalView, distances: [UInt16], workspace: inout ShortestWitness.Workspace
  ) -> PrivilegePath? {
    guard
      let first = ShortestWitness.path(view, from: c.source, to: via, atLeast: .admin, asIdentity: true, workspace: &workspace),
      let rest = ShortestWitness.path(
        view, from: via, to: c.target, atLeast: c.tier, workspace: &workspace, distances: distances)
    else { return nil }
    return PrivilegePath(
      nodes: first.nodes + rest.nodes.dropFirst(), edges: first.edges + rest.edges, tier: rest.tier, view: view)
  }

  /// The shortest path for a candidate from the state-space search, prefix included.
  private func exactWitness(
    _ c: Candidate, in view: TraversalView, distances: [UInt16], workspace: inout ShortestWitness.Workspace
  ) -> PrivilegePath? {
    guard let prefix = c.prefix else {
      return ShortestWitness.path(
        view, from: c.source, to: c.target, atLeast: c.tier, workspace: &workspace, distances: distances)
    }
    guard
      let rest = ShortestWitness.path(
        view, from: prefix.node, to: c.target, atLeast: c.tier, startTier: prefix.tier, workspace: &workspace,
        distances: distances)
    else {
      return nil
    }
    return PrivilegePath(nodes: [c.source] + rest.nodes, edges: [prefix.edge] + rest.edges, tier: rest.tier, view: view)
  }

  private struct GroupKey: Hashable {
    var target: Int
    var exclusions: UInt8
  }

  func message(rule: Rule, candidate c: Candidate, witness: PrivilegePath, view: TraversalView) -> String {
    let graph = view.graph
    let source = graph.id(of: c.source)
    let target = graph.id(of: c.target)
    let sensitivity = graph.properties(of: c.target)["sensitivity"].map { " (\($0.matchText))" } ?? ""
    let others =
      c.targetCount > 1 ? "; \(c.targetCount - 1) more target\(c.targetCount == 2 ? "" : "s") reached the same way" : ""
    let agents = witness.nodes.filter { view.categories[$0] == .agent }.map(graph.id(of:))
    switch rule.check {
    case .agentChainEscalation:
      return
        "agent \(source) reaches \(target)\(sensitivity) at \(c.tier) only by invoking \(agents.dropFirst().joined(separator: ", "))\(others)"
    case .confusedDeputy:
      let deputy = c.via.map(graph.id(of:)) ?? agents.first ?? "an agent"
      let humans = c.related.isEmpty ? source : "\(c.related.count + 1) humans (\(source) first)"
      return "agent \(deputy) lets \(humans) reach \(target)\(sensitivity) at \(c.tier), which they cannot reach without agents"
    case .readCapPivot:
      let grant = graph.kindName(of: witness.edges[0])
      let holders = c.related.isEmpty ? "" : " (and \(c.related.count) other grantor\(c.related.count == 1 ? "" : "s"))"
      return
        "\(source)'s read-capped \(grant) to \(graph.id(of: witness.nodes[1]))\(holders) leads to \(c.tier) on \(target)\(sensitivity) through a pivot\(others)"
    case .disabledOwnerPaths:
      let owner = graph.properties(of: c.source)["owner"].map { " (owned by disabled \($0.matchText))" } ?? " (disabled)"
      return "\(source)\(owner) still reaches \(target)\(sensitivity) at \(c.tier)\(others)"
    case .sharedNonHuman:
      let all = ([c.source] + c.related).map(graph.id(of:)).joined(separator: ", ")
      return "\(target) is held by \(c.related.count + 1) agents: \(all)"
    case .reach:
      return "\(source) reaches \(target)\(sensitivity) at \(c.tier)\(others)"
    }
  }
}
