import AccessGraph

/// Lists privilege paths between two node sets, fewest edges first and, among equally long
/// paths, by the sequence of node ids.
///
/// A path holds each node either as an identity (its privileges usable) at a tier, or as a
/// permission target at a tier. Holding as identity at t dominates both at t or below; the two
/// are otherwise incomparable. A path may return to a node only in a state no earlier visit on
/// it dominates (a strictly higher tier, in docs/design.md's words), so every tier `Reachability`
/// reports has a witness here. Of parallel edges between two nodes only those giving an
/// undominated state count: the highest tier, or two edges when one gives identity and the
/// other a higher permission. Work is bounded: the search stops after `limit` paths or
/// `workBudget` edge expansions and says so.
public struct PathSearch: Sendable {
  /// Why a result holds fewer paths than exist.
  public enum Cut: String, Sendable {
    /// More paths exist than `limit`.
    case limit
    /// The work budget ran out before the search finished.
    case workBudget = "work budget"
  }

  public struct Result: Sendable {
    public var paths: [PrivilegePath]
    /// Nil when the list is complete up to `maxDepth`.
    public var cut: Cut?
    /// Edge expansions spent.
    public var work: Int
  }

  public var maxDepth = 12
  public var limit = 100
  public var workBudget = 5_000_000

  public init(maxDepth: Int = 12, limit: Int = 100, workBudget: Int = 5_000_000) {
    self.maxDepth = maxDepth
    self.limit = limit
    self.workBudget = workBudget
  }

  /// The paths from any of `sources` to any of `targets`.
  ///
  /// Searches that share a graph can share `index`, and searches to the same targets can
  /// share `distances` (from `PathSearch.distances`); both are computed when not given. The
  /// sources start held as identities at `startTier` (admin: as themselves).
  /// - Complexity: O(min(workBudget, paths explored)) after an O(n log n + e) set-up.
  public func run(
    _ view: TraversalView, from sources: [AccessGraph.NodeIndex], to targets: [AccessGraph.NodeIndex],
    index: PathIndex? = nil, distances: [UInt16]? = nil, startTier: Tier = .admin
  ) -> Result {
    var scratch = Scratch()
    return run(
      view, from: sources, to: targets, index: index, distances: distances, startTier: startTier, scratch: &scratch)
  }

  /// Per-node tables a search marks and leaves clean again, kept between the searches of
  /// a scan: three fresh node-sized arrays a search were megabytes of zeroing a witness at
  /// scale.
  struct Scratch {
    var isTarget: [Bool] = []
    var identityOnPath: [UInt8] = []
    var targetOnPath: [UInt8] = []
  }

  /// `run` with the per-node tables of `scratch`, which it hands back clean.
  func run(
    _ view: TraversalView, from sources: [AccessGraph.NodeIndex], to targets: [AccessGraph.NodeIndex],
    index: PathIndex? = nil, distances: [UInt16]? = nil, startTier: Tier = .admin, scratch: inout Scratch
  ) -> Result {
    var state = SearchState(
      view: view, targets: targets, limit: limit, workBudget: workBudget, index: index ?? PathIndex(view.graph),
      distance: distances ?? Self.distances(view, to: targets), scratch: &scratch)
    defer { state.release(targets, into: &scratch) }
    let orderedSources = Array(Set(sources)).filter { view.isPresent($0) }.sorted { state.idRank[$0] < state.idRank[$1] }
    var depth = 1
    while depth <= maxDepth && state.cut == nil {
      for s in orderedSources where state.cut == nil && Int(state.distance[s]) <= depth {
        state.visit(s, level: startTier.rawValue, identity: true, depth: depth)
      }
      depth += 1
    }
    return Result(paths: state.found, cut: state.cut, work: state.work)
  }
}

/// The order of node ids, shared by every path search over one graph.
public struct PathIndex: Sendable {
  let idRank: [Int32]

  /// Ranks every node by its id.
  /// - Complexity: O(n log n) string comparisons.
  public init(_ graph: AccessGraph) {
    var rank = [Int32](repeating: 0, count: graph.nodeCount)
    for (position, n) in graph.nodeIDs.indices.sorted(by: { graph.nodeIDs[$0] < graph.nodeIDs[$1] }).enumerated() {
      rank[n] = Int32(position)
    }
    idRank = rank
  }
}

/// The mutable state of one depth-bounded search.
private struct SearchState {
  let view: TraversalView
  /// The view's graph, held once: a local copy in each (recursive) visit retained every one
  /// of its arrays per call.
  let graph: AccessGraph
  var isTarget: [Bool]
  let distance: [UInt16]
  let idRank: [Int32]
  let limit: Int
  let workBudget: Int
  // The best identity and permission levels each node has on the current path (0: none).
  var identityOnPath: [UInt8]
  var targetOnPath: [UInt8]
  var nodes: [Int] = []
  var edges: [Int] = []
  var found: [PrivilegePath] = []
  var cut: PathSearch.Cut?
  var work = 0

  /// Takes the scratch tables (clean, or made for a graph of another size) for the search.
  init(
    view: TraversalView, targets: [Int], limit: Int, workBudget: Int, index: PathIndex, distance: [UInt16],
    scratch: inout PathSearch.Scratch
  ) {
    self.view = view
    let graph = view.graph
    self.graph = graph
    self.limit = limit
    self.workBudget = workBudget
    let n = graph.nodeCount
    if scratch.isTarget.count != n {
      scratch = PathSearch.Scratch(
        isTarget: [Bool](repeating: false, count: n), identityOnPath: [UInt8](repeating: 0, count: n),
        targetOnPath: [UInt8](repeating: 0, count: n))
    }
    isTarget = []
    identityOnPath = []
    targetOnPath = []
    swap(&isTarget, &scratch.isTarget)
    swap(&identityOnPath, &scratch.identityOnPath)
    swap(&targetOnPath, &scratch.targetOnPath)
    for t in targets where view.isPresent(t) { isTarget[t] = true }
    self.distance = distance
    idRank = index.idRank
  }

  /// Hands the tables back clean: the path marks are undone as each visit returns, the
  /// target marks here.
  mutating func release(_ targets: [Int], into scratch: inout PathSearch.Scratch) {
    for t in targets { isTarget[t] = false }
    #if PATHSCAN_INVARIANTS
      precondition(!identityOnPath.contains { $0 != 0 } && !targetOnPath.contains { $0 != 0 }, "a visit left a mark")
    #endif
    swap(&isTarget, &scratch.isTarget)
    swap(&identityOnPath, &scratch.identityOnPath)
    swap(&targetOnPath, &scratch.targetOnPath)
  }

  private struct Move {
    var target: Int
    var edge: Int
    var level: UInt8
    var identity: Bool

    /// Whether holding in this state is at least as good as in `other`.
    func dominates(_ other: Move) -> Bool { level >= other.level && (identity || !other.identity) }
  }

  /// Whether a state at `w` is dominated by one already on the path.
  private func dominatedOnPath(_ m: Move) -> Bool {
    m.identity ? m.level <= identityOnPath[m.target] : m.level <= max(identityOnPath[m.target], targetOnPath[m.target])
  }

  /// Extends the current path from `v` (held at `level`) by exactly `depth` more edges.
  mutating func visit(_ v: Int, level: UInt8, identity: Bool, depth: Int) {
    let savedIdentity = identityOnPath[v]
    let savedTarget = targetOnPath[v]
    if identity { identityOnPath[v] = max(savedIdentity, level) } else { targetOnPath[v] = max(savedTarget, level) }
    nodes.append(v)
    defer {
      nodes.removeLast()
      identityOnPath[v] = savedIdentity
      targetOnPath[v] = savedTarget
    }
    if depth == 0 {
      if isTarget[v] && !edges.isEmpty {
        if found.count == limit {
          cut = .limit
          return
        }
        found.append(PrivilegePath(nodes: nodes, edges: edges, tier: Tier(rawValue: level)!, view: view))
      }
      return
    }
    var moves: [Move] = []
    let held = Holding(level: level, identity: identity)
    for e in graph.outEdges(of: v) {
      work += 1
      let rule = view.edgeRules[e]
      guard rule.isLive else { continue }
      let w = graph.target(of: e)
      guard Int(distance[w]) <= depth - 1, view.isPresent(w) else { continue }
      guard let next = held.step(over: rule) else { continue }
      let move = Move(target: w, edge: e, level: next.level, identity: next.isIdentity)
      guard !dominatedOnPath(move) else { continue }
      // Parallel edges arrive next to each other (sorted by target): keep the undominated.
      var i = moves.count
      while i > 0 && moves[i - 1].target == w { i -= 1 }
      if moves[i...].contains(where: { $0.dominates(move) && !better(move, than: $0) }) { continue }
      let kept = moves[i...].filter { !move.dominates($0) }
      moves.removeSubrange(i...)
      moves.append(contentsOf: kept)
      moves.append(move)
    }
    if work > workBudget {
      cut = .workBudget
      return
    }
    moves.sort { a, b in
      a.target != b.target ? idRank[a.target] < idRank[b.target] : graph.kindName(of: a.edge) < graph.kindName(of: b.edge)
    }
    for move in moves {
      guard cut == nil else { return }
      edges.append(move.edge)
      visit(move.target, level: move.level, identity: move.identity, depth: depth - 1)
      edges.removeLast()
    }
  }

  /// Between two moves giving the same state, the ungated, then the standing one.
  private func better(_ a: Move, than b: Move) -> Bool {
    guard a.level == b.level && a.identity == b.identity else { return false }
    let ra = view.edgeRules[a.edge]
    let rb = view.edgeRules[b.edge]
    if ra.isGated != rb.isGated { return !ra.isGated }
    if ra.isJustInTime != rb.isJustInTime { return !ra.isJustInTime }
    return false
  }
}
