import AccessGraph

/// The grants whose removal removes the most exposures, and a small set of at most a budget
/// of grants that removes as many as it can.
///
/// Finding the best budgeted cut is NP-hard in general, so this is a greedy hitting set over
/// witness paths: edges are proposed by how many witnesses run over them, and every number
/// reported is what a full re-analysis of the graph without those edges gives, not an
/// estimate. The budgeted set re-analyses after each pick and proposes the next edge from
/// the witnesses of what is still exposed, so an exposure with a second path is not counted
/// as cut.
public struct ChokePoints: Sendable {
  /// Some edges and what removing them removes.
  public struct Cut: Sendable {
    public var edges: [GraphChanges.EdgeChange]
    /// The considered exposures a re-analysis without `edges` no longer finds.
    public var removed: Set<Finding.Key>
    /// Witness paths of the considered exposures that ran over the last edge when it was picked.
    public var witnessHits: Int
  }

  /// The exposures the cut is measured against.
  public var considered: Set<Finding.Key>
  /// Single edges, most removed first (each verified).
  public var ranked: [Cut]
  /// With a budget: the greedy set, one cumulative cut per pick.
  public var budgeted: [Cut]

  /// - Parameters:
  ///   - include: which exposures count (by rule, source, target, tier).
  ///   - top: how many single edges to report.
  ///   - budget: the size of the set to build, if any.
  ///   - candidates: how many of the most travelled edges to verify one by one.
  /// - Complexity: one scan per verified candidate and per pick, plus their witnesses.
  public init(
    _ view: TraversalView, scanner: RuleScanner, include: (Finding.Key, Finding.Exposure) -> Bool, top: Int, budget: Int?,
    candidates: Int? = nil
  ) throws {
    let first = try scanner.scan(view)
    let witnessed = Self.witnesses(first, view: view, scanner: scanner, include: include)
    let considered = Set(witnessed.keys)
    self.considered = considered
    let hits = Self.hits(witnessed.values)
    let proposed = hits.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      .prefix(candidates ?? max(3 * top, 10))
    var ranked: [Cut] = []
    for (edge, count) in proposed {
      let change = Self.change(edge, in: view.graph)
      let left = try Self.exposures(after: [change], view: view, scanner: scanner, include: include)
      ranked.append(Cut(edges: [change], removed: considered.subtracting(left), witnessHits: count))
    }
    self.ranked = Array(
      ranked.filter { !$0.removed.isEmpty }
        .sorted { $0.removed.count != $1.removed.count ? $0.removed.count > $1.removed.count : $0.witnessHits > $1.witnessHits }
        .prefix(top))
    var budgeted: [Cut] = []
    var chosen: [GraphChanges.EdgeChange] = []
    var current = (view: view, witnessed: witnessed)
    for _ in 0..<(budget ?? 0) {
      guard
        let (edge, count) = Self.hits(current.witnessed.values).max(by: {
          $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key
        })
      else { break }
      chosen.append(Self.change(edge, in: current.view.graph))
      let graph = try view.graph.applying(GraphChanges(removeEdges: chosen))
      let reduced = TraversalView(graph: graph, manifest: view.manifest, at: view.at)
      let result = try scanner.scan(reduced)
      let still = Self.witnesses(result, view: reduced, scanner: scanner, include: include).filter { considered.contains($0.key) }
      budgeted.append(Cut(edges: chosen, removed: considered.subtracting(still.keys), witnessHits: count))
      current = (reduced, still)
      if still.isEmpty { break }
    }
    self.budgeted = budgeted
  }

  /// Each included exposure's witness edges.
  static func witnesses(
    _ result: RuleScanner.Result, view: TraversalView, scanner: RuleScanner, include: (Finding.Key, Finding.Exposure) -> Bool
  ) -> [Finding.Key: [AccessGraph.EdgeIndex]] {
    var found: [Finding.Key: [AccessGraph.EdgeIndex]] = [:]
    for finding in result.findings {
      for exposure in finding.exposures {
        let key = finding.key(of: exposure, in: view.graph)
        guard include(key, exposure) else { continue }
        found[key] = scanner.witness(of: exposure, in: finding, view: view)?.edges ?? []
      }
    }
    return found
  }

  /// How many witnesses run over each edge.
  static func hits(_ witnesses: some Sequence<[AccessGraph.EdgeIndex]>) -> [AccessGraph.EdgeIndex: Int] {
    var hits: [AccessGraph.EdgeIndex: Int] = [:]
    for edges in witnesses { for e in Set(edges) { hits[e, default: 0] += 1 } }
    return hits
  }

  static func change(_ e: AccessGraph.EdgeIndex, in graph: AccessGraph) -> GraphChanges.EdgeChange {
    GraphChanges.EdgeChange(
      from: graph.id(of: graph.source(of: e)), kind: graph.kindName(of: e), to: graph.id(of: graph.target(of: e)))
  }

  /// The included exposures of the graph without `edges`.
  static func exposures(
    after edges: [GraphChanges.EdgeChange], view: TraversalView, scanner: RuleScanner,
    include: (Finding.Key, Finding.Exposure) -> Bool
  ) throws -> Set<Finding.Key> {
    let graph = try view.graph.applying(GraphChanges(removeEdges: edges))
    let reduced = TraversalView(graph: graph, manifest: view.manifest, at: view.at)
    var keys = Set<Finding.Key>()
    for f in try scanner.scan(reduced).findings {
      for x in f.exposures {
        let key = f.key(of: x, in: graph)
        if include(key, x) { keys.insert(key) }
      }
    }
    return keys
  }
}
