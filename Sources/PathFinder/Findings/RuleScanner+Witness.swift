import AccessGraph
import Foundation

extension RuleScanner {
  /// Turns candidates into findings: every reached target becomes an exposure with its
  /// severity, and the most severe one gets its witness path.
  func witnesses(for candidates: [Candidate], rule: Rule, in view: TraversalView, index: PathIndex, plan: ReachPlan)
    -> [Finding]
  {
    let candidates = Self.markStrict(candidates, in: view, plan: plan).compactMap { c -> Candidate? in
      var c = c
      c.targets = Self.ordered(c.targets, rule: rule, view: view)
      return c.targets.isEmpty ? nil : c
    }
    // Candidates sharing a first target (and view) share one distance table.
    let groups = Dictionary(grouping: candidates) { GroupKey(target: $0.targets[0].target, exclusions: $0.exclusions.rawValue) }
      .sorted { ($0.key.target, $0.key.exclusions) < ($1.key.target, $1.key.exclusions) }
    let views = Dictionary(
      uniqueKeysWithValues: Set(candidates.map(\.exclusions.rawValue)).map {
        let v = view.excluding(TraversalView.Exclusions(rawValue: $0))
        return ($0, (view: v, inEdges: LiveInEdges(v)))
      })
    // A few chunks a core, each reusing one witness workspace for all its groups. A group
    // larger than a share of the work (every agent's worst target is often the same) is cut
    // into pieces that each find its distance table again, so that no core waits on one
    // long group.
    let chunkCount = min(groups.count, 8 * ProcessInfo.processInfo.activeProcessorCount)
    let piece = max(16, candidates.count / (4 * chunkCount + 1))
    // A deputy that many candidates go through gets a witness table of its own; members
    // sorted by deputy keep its uses together, where the workspace still has it.
    let deputyUses = Dictionary(candidates.compactMap { $0.targets[0].via }.map { ($0, 1) }, uniquingKeysWith: +)
    let sharedDeputies = Set(deputyUses.filter { $0.value >= Self.sharedStartUses }.keys)
    let pieces = groups.flatMap { group in
      let members = group.value.sorted { ($0.targets[0].via ?? -1) < ($1.targets[0].via ?? -1) }
      return stride(from: 0, to: members.count, by: piece).map { Array(members[$0..<min($0 + piece, members.count)]) }
    }
    let chunks = (0..<min(pieces.count, chunkCount)).map { k in
      stride(from: k, to: pieces.count, by: min(pieces.count, chunkCount)).map { pieces[$0] }
    }
    let perChunk = Parallel.map(chunks) { chunk -> [Finding] in
      var workspace = ShortestWitness.Workspace(nodeCount: view.graph.nodeCount)
      workspace.sharedStarts = sharedDeputies
      return chunk.flatMap { group in
        let (v, inEdges) = views[group[0].exclusions.rawValue]!
        return group.compactMap { c in
          finding(c, rule: rule, view: v, inEdges: inEdges, index: index, workspace: &workspace)
        }
      }
    }
    return perChunk.flatMap { $0 }
  }

  /// The finding of one candidate, or nil when no witness has the rule's required shape.
  private func finding(
    _ c: Candidate, rule: Rule, view v: TraversalView, inEdges: LiveInEdges, index: PathIndex,
    workspace: inout ShortestWitness.Workspace
  ) -> Finding? {
    var targets = c.targets
    if c.require.indirect == true {
      let direct = Set(v.graph.outEdges(of: c.source).lazy.filter { v.rule(of: $0).isLive }.map { v.graph.target(of: $0) })
      for i in targets.indices where direct.contains(targets[i].target) { targets[i].direct = true }
      targets = Self.ordered(targets, rule: rule, view: v)
    }
    // Requirements that reach alone does not settle are checked on each target's witness.
    if !c.require.isSettledByReach {
      targets = targets.filter { r in
        c.require.isSettled(from: c.source, to: r.target, in: v)
          || witness(c, r, view: v, inEdges: inEdges, index: index, workspace: &workspace) != nil
      }
    }
    guard let first = targets.first,
      let (path, further, cut) = witness(c, first, view: v, inEdges: inEdges, index: index, workspace: &workspace)
    else { return nil }
    let graph = v.graph
    let exposures = targets.map { r in
      Finding.Exposure(
        target: r.target, via: r.via, tier: r.tier, severity: Self.severity(of: r, rule: rule, in: v),
        onlyGatedOrTemporary: !r.strict)
    }
    var f = Finding(
      id: Finding.Key(rule: rule.id, source: graph.id(of: c.source), target: graph.id(of: first.target), tier: first.tier).id,
      ruleID: rule.id, severity: exposures[0].severity, source: c.source, target: first.target, path: path,
      exposures: exposures, furtherPaths: further, furtherPathsCut: cut, related: c.related, message: "")
    f.prefix = c.prefix
    f.require = c.require
    f.exclusions = c.exclusions
    f.message = message(rule: rule, finding: f, view: v)
    return f
  }

  /// The witness of one exposure of candidate `c`: the first of the bounded search's paths
  /// with the required shape, else the exact breadth-first witness if it has that shape;
  /// with how many further paths the bounded search found and whether it was cut.
  private func witness(
    _ c: Candidate, _ r: Candidate.Reached, view v: TraversalView, inEdges: LiveInEdges, index: PathIndex,
    workspace: inout ShortestWitness.Workspace
  ) -> (PrivilegePath, Int, Bool)? {
    if let via = r.via {
      return throughWitness(c.source, via: via, to: r.target, tier: r.tier, in: v, inEdges: inEdges, workspace: &workspace)
        .map { ($0, 0, false) }
    }
    let distances = workspace.distances(v, to: r.target, inEdges: inEdges)
    let search = PathSearch(maxDepth: maxDepth, limit: furtherPathLimit + 1, workBudget: witnessBudget)
    let start = c.prefix?.node ?? c.source
    let found = search.run(
      v, from: [start], to: [r.target], index: index, distances: distances, startTier: c.prefix?.tier ?? .admin,
      scratch: &workspace.search)
    let accepted = found.paths.compactMap { p -> PrivilegePath? in
      let path =
        c.prefix.map { prefix in
          PrivilegePath(nodes: [c.source] + p.nodes, edges: [prefix.edge] + p.edges, tier: p.tier, view: v)
        } ?? p
      return path.tier >= r.tier && c.require.accept(path) ? path : nil
    }
    // The bounded search can give up on long paths; reach proved one exists, so fall back
    // to the exact breadth-first witness, which must still have the required shape.
    guard
      let path = accepted.first
        ?? exactWitness(c, r, in: v, inEdges: inEdges, workspace: &workspace).flatMap({
          c.require.accept($0) ? $0 : nil
        })
    else { return nil }
    return (path, max(0, accepted.count - 1), found.cut != nil || found.paths.count > furtherPathLimit || accepted.isEmpty)
  }

  /// The witness path of any exposure of `finding`, found afresh: what `diff`, what-if and
  /// `render` show for a target other than the finding's first.
  /// - Complexity: one bounded path search, O(n + e) set-up.
  public func witness(of exposure: Finding.Exposure, in finding: Finding, view: TraversalView) -> PrivilegePath? {
    witnesses(of: [(finding, exposure)], view: view)[0]
  }

  /// The witness paths of many exposures, in their order: exposures with the same target
  /// (and view) share one distance table, and the searches run on every core. What choke
  /// points and the triage summary need for every exposure, not only each finding's first.
  /// - Complexity: O(n + e) per distinct target, plus one bounded path search an exposure.
  public func witnesses(of exposures: [(finding: Finding, exposure: Finding.Exposure)], view: TraversalView)
    -> [PrivilegePath?]
  {
    var paths = [PrivilegePath?](repeating: nil, count: exposures.count)
    var groups: [GroupKey: [Int]] = [:]
    for (i, (finding, exposure)) in exposures.enumerated() {
      if exposure.target == finding.target && exposure.tier == finding.exposures[0].tier {
        paths[i] = finding.path
      } else {
        groups[GroupKey(target: exposure.target, exclusions: finding.exclusions.rawValue), default: []].append(i)
      }
    }
    guard !groups.isEmpty else { return paths }
    let index = PathIndex(view.graph)
    let views = Dictionary(
      uniqueKeysWithValues: Set(groups.keys.map(\.exclusions)).map {
        let v = view.excluding(TraversalView.Exclusions(rawValue: $0))
        return ($0, (view: v, inEdges: LiveInEdges(v)))
      })
    let ordered = groups.sorted { ($0.key.target, $0.key.exclusions) < ($1.key.target, $1.key.exclusions) }
    let chunkCount = min(ordered.count, 8 * ProcessInfo.processInfo.activeProcessorCount)
    let chunks = (0..<chunkCount).map { k in stride(from: k, to: ordered.count, by: chunkCount).map { ordered[$0] } }
    let found = Parallel.map(chunks) { chunk -> [(Int, PrivilegePath?)] in
      var workspace = ShortestWitness.Workspace(nodeCount: view.graph.nodeCount)
      return chunk.flatMap { key, members in
        let (v, inEdges) = views[key.exclusions]!
        return members.map { i in
          let (finding, exposure) = exposures[i]
          var c = Candidate(source: finding.source, targets: [])
          c.prefix = finding.prefix
          c.require = finding.require
          let r = Candidate.Reached(target: exposure.target, via: exposure.via, tier: exposure.tier)
          return (i, witness(c, r, view: v, inEdges: inEdges, index: index, workspace: &workspace)?.0)
        }
      }
    }
    for chunk in found { for (i, path) in chunk { paths[i] = path } }
    return paths
  }

  /// The shortest path from the source to `via` held as itself, then on to the target.
  private func throughWitness(
    _ source: Int, via: Int, to target: Int, tier: Tier, in view: TraversalView, inEdges: LiveInEdges,
    workspace: inout ShortestWitness.Workspace
  ) -> PrivilegePath? {
    let first =
      workspace.sharedStarts.contains(via)
      ? workspace.table(view, to: via, atLeast: .admin, asIdentity: true, inEdges: inEdges).path(
        view, from: source, workspace: &workspace)
      : ShortestWitness.path(view, from: source, to: via, atLeast: .admin, asIdentity: true, workspace: &workspace)
    guard let first,
      let rest = workspace.table(view, to: target, atLeast: tier, inEdges: inEdges).path(
        view, from: via, workspace: &workspace)
    else { return nil }
    return PrivilegePath(
      nodes: first.nodes + rest.nodes.dropFirst(), edges: first.edges + rest.edges, tier: rest.tier, view: view)
  }

  /// The shortest path for an exposure, prefix included, read off the witness table of its
  /// target and tier, which the candidates after it with that target use again.
  private func exactWitness(
    _ c: Candidate, _ r: Candidate.Reached, in view: TraversalView, inEdges: LiveInEdges,
    workspace: inout ShortestWitness.Workspace
  ) -> PrivilegePath? {
    let table = workspace.table(view, to: r.target, atLeast: r.tier, inEdges: inEdges)
    guard let prefix = c.prefix else { return table.path(view, from: c.source, workspace: &workspace) }
    guard let rest = table.path(view, from: prefix.node, startTier: prefix.tier, workspace: &workspace) else { return nil }
    return PrivilegePath(nodes: [c.source] + rest.nodes, edges: [prefix.edge] + rest.edges, tier: rest.tier, view: view)
  }

  /// Marks each reached target that a standing, ungated path reaches at its tier: one more
  /// bit-parallel pass over the view without just-in-time and gated elements, from each
  /// candidate's start. Nothing to do when the view has neither.
  static func markStrict(_ candidates: [Candidate], in view: TraversalView, plan: ReachPlan) -> [Candidate] {
    guard !candidates.isEmpty, view.hasTemporaryOrGated else { return candidates }
    let strictView = view.excluding([.justInTime, .gated])
    let seeds = Array(Set(candidates.map(\.start))).sorted { ($0.node, $0.tier.rawValue) < ($1.node, $1.tier.rawValue) }
    let slot = Dictionary(uniqueKeysWithValues: seeds.enumerated().map { ($1, $0) })
    var grouped = [[Int]](repeating: [], count: seeds.count)
    for (i, c) in candidates.enumerated() { grouped[slot[c.start]!].append(i) }
    let bySeed = grouped
    // Each pass answers for its own seeds' candidates and is dropped, so memory stays at one
    // mask store a core.
    let answers = BatchReach.passes(strictView, seeds: seeds, plan: plan) { pass -> [(Int, [Bool])] in
      var out: [(Int, [Bool])] = []
      for (s, seed) in pass.seeds.enumerated() {
        for i in bySeed[slot[seed]!] {
          let c = candidates[i]
          let prefixStrict = c.prefix.map { !view.rule(of: $0.edge).isGated && !view.rule(of: $0.edge).isJustInTime } ?? true
          out.append(
            (i, c.targets.map { r in prefixStrict && pass.seedsReaching(r.target, atLeast: r.tier) & 1 << UInt64(s) != 0 }))
        }
      }
      return out
    }
    var marked = candidates
    for (i, flags) in answers.joined() {
      for t in flags.indices { marked[i].targets[t].strict = flags[t] }
    }
    return marked
  }

  /// A candidate's targets most severe first, then in their reach order (worst target first):
  /// a stable split by severity, linear in the targets, which number thousands a candidate
  /// on a large graph.
  static func ordered(_ targets: [Candidate.Reached], rule: Rule, view: TraversalView) -> [Candidate.Reached] {
    var bySeverity = [[Candidate.Reached]](repeating: [], count: Severity.allCases.count)
    for r in targets { bySeverity[severity(of: r, rule: rule, in: view).rawValue].append(r) }
    return bySeverity.reversed().flatMap { $0 }
  }

  /// The severity table applied to one reached target.
  static func severity(of r: Candidate.Reached, rule: Rule, in view: TraversalView) -> Severity {
    .of(rule: rule, tier: r.tier, critical: view.isCritical(r.target), onlyGatedOrTemporary: !r.strict, direct: r.direct)
  }

  static func sensitivity(of n: AccessGraph.NodeIndex, in graph: AccessGraph) -> String? {
    graph.property("sensitivity", of: n)?.matchText
  }

  /// How many candidates must go through one deputy for it to get a witness table: a table
  /// costs about what a few searches do.
  static let sharedStartUses = 8

  private struct GroupKey: Hashable {
    var target: Int
    var exclusions: UInt8
  }

  func message(rule: Rule, finding f: Finding, view: TraversalView) -> String {
    let others =
      f.targetCount > 1 ? "; \(f.targetCount - 1) more target\(f.targetCount == 2 ? "" : "s") reached the same way" : ""
    return Self.message(rule: rule, finding: f, exposure: f.exposures[0], path: f.path, view: view) + others
  }
}

extension Rule.PathRequirements {
  /// Whether every path reach finds has the required shape: the view's exclusions already
  /// settle `standing: true` and `gated: false`.
  var isSettledByReach: Bool { crossDomain == nil && gated != true && standing != false && agentChain == nil }

  /// Whether the shape is settled for one source and target without a witness: a path
  /// between two nodes of different domains is cross-domain.
  func isSettled(from source: Int, to target: Int, in view: TraversalView) -> Bool {
    guard gated != true, standing != false, agentChain == nil, crossDomain == true else { return isSettledByReach }
    let (a, b) = (view.domainIDs[source], view.domainIDs[target])
    return a != 0 && b != 0 && a != b
  }
}
