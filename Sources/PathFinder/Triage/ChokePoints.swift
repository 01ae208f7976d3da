import AccessGraph

/// The grants whose removal removes the most exposures, and a small set of at most a budget
/// of grants that removes as many as it can.
///
/// Finding the best budgeted cut is NP-hard in general, so this is a greedy hitting set over
/// witness paths: edges are proposed by how many witnesses run over them, and every number
/// reported is what a re-analysis of the graph without those edges gives, not an estimate.
/// The re-analysis is incremental but exact: an exposure whose witness avoids the removed
/// edges keeps that path, so only the sources with a witness over one of them are scanned
/// again (the tests check it against two full scans). The budgeted set re-analyses after
/// each pick and proposes the next edge from the witnesses of what is still exposed, so an
/// exposure with a second path is not counted as cut.
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
  /// How many single edges were re-analysed to rank them.
  public var verified: Int
  /// Whether only each finding's first exposure was considered.
  public var firstOnly: Bool

  /// An exposure's source and the edges of its witness (nil when none was found, which
  /// makes its source re-analysed after every removal).
  typealias Witnessed = [Finding.Key: (source: AccessGraph.NodeIndex, edges: Set<AccessGraph.EdgeIndex>?)]

  /// - Parameters:
  ///   - result: the scan of `view` by `scanner`, when the caller already has it.
  ///   - include: which exposures count (by rule, source, target, tier).
  ///   - top: how many single edges to report.
  ///   - budget: the size of the set to build, if any.
  ///   - candidates: how many of the most travelled edges to verify one by one.
  ///   - firstOnly: consider only each finding's first exposure, whose witness the scan
  ///     already found: what keeps a graph of millions of exposures from needing a witness
  ///     search for each. It is also chosen when more than `witnessCap` exposures count.
  /// - Complexity: one witness search per considered exposure (none with `firstOnly`), then
  ///   per verified candidate and per pick a scan of the sources whose witnesses cross the edge.
  public init(
    _ view: TraversalView, scanner: RuleScanner, result: RuleScanner.Result? = nil,
    include: (Finding.Key, Finding.Exposure) -> Bool, top: Int, budget: Int?, candidates: Int? = nil, firstOnly: Bool = false,
    witnessCap: Int = 200_000, progress: (@Sendable (String) -> Void)? = nil
  ) {
    let index = PathIndex(view.graph)
    let plan = ReachPlan(view)
    let first = result ?? scanner.scan(view, index: index, plan: plan, progress: progress)
    var counted = 0
    for f in first.findings { for x in f.exposures where include(f.key(of: x, in: view.graph), x) { counted += 1 } }
    let firstOnly = firstOnly || counted > witnessCap
    self.firstOnly = firstOnly
    let witnessed = Self.witnesses(first, view: view, scanner: scanner, include: include, firstOnly: firstOnly)
    let considered = Set(witnessed.keys)
    self.considered = considered
    progress?(
      "choke points: \(considered.count) exposures considered\(firstOnly ? " (each finding's first)" : ""), witnesses found")
    func reanalyse(removing edges: [AccessGraph.EdgeIndex], _ current: Witnessed) -> Witnessed {
      let reduced = view.removing(edges)
      let crossing = current.filter { _, w in w.edges.map { !$0.isDisjoint(with: edges) } ?? true }
      let again = scanner.scan(reduced, index: index, plan: plan, only: Set(crossing.values.map(\.source)))
      let kept = Self.witnesses(again, view: reduced, scanner: scanner) { key, exposure in
        crossing[key] != nil && include(key, exposure)
      }
      return current.filter { crossing[$0.key] == nil }.merging(kept) { a, _ in a }
    }
    let proposed = Self.hits(witnessed).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
      .prefix(candidates ?? max(3 * top, 10))
    verified = proposed.count
    var ranked: [Cut] = []
    for (k, (edge, count)) in proposed.enumerated() {
      progress?("choke points: re-analysing without edge \(k + 1) of \(proposed.count) (on \(count) witnesses)")
      let left = reanalyse(removing: [edge], witnessed)
      ranked.append(
        Cut(edges: [Self.change(edge, in: view.graph)], removed: considered.subtracting(left.keys), witnessHits: count))
    }
    self.ranked = Array(
      ranked.filter { !$0.removed.isEmpty }
        .sorted { $0.removed.count != $1.removed.count ? $0.removed.count > $1.removed.count : $0.witnessHits > $1.witnessHits }
        .prefix(top))
    var budgeted: [Cut] = []
    var chosen: [AccessGraph.EdgeIndex] = []
    var still = witnessed
    for _ in 0..<(budget ?? 0) {
      guard let (edge, count) = Self.hits(still).max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key })
      else { break }
      chosen.append(edge)
      progress?("choke points: budget pick \(chosen.count) of \(budget ?? 0) (on \(count) witnesses)")
      still = reanalyse(removing: chosen, still)
      budgeted.append(
        Cut(
          edges: chosen.map { Self.change($0, in: view.graph) }, removed: considered.subtracting(still.keys), witnessHits: count))
      if still.isEmpty { break }
    }
    self.budgeted = budgeted
  }

  /// Each included exposure's source and witness edges.
  static func witnesses(
    _ result: RuleScanner.Result, view: TraversalView, scanner: RuleScanner, include: (Finding.Key, Finding.Exposure) -> Bool,
    firstOnly: Bool = false
  ) -> Witnessed {
    var keys: [Finding.Key] = []
    var pairs: [(finding: Finding, exposure: Finding.Exposure)] = []
    for finding in result.findings {
      for exposure in finding.exposures.prefix(firstOnly ? 1 : finding.exposures.count) {
        let key = finding.key(of: exposure, in: view.graph)
        guard include(key, exposure) else { continue }
        keys.append(key)
        pairs.append((finding, exposure))
      }
    }
    let paths = scanner.witnesses(of: pairs, view: view)
    var found: Witnessed = [:]
    for (i, key) in keys.enumerated() { found[key] = (pairs[i].finding.source, paths[i].map { Set($0.edges) }) }
    return found
  }

  /// How many witnesses run over each edge.
  static func hits(_ witnessed: Witnessed) -> [AccessGraph.EdgeIndex: Int] {
    var hits: [AccessGraph.EdgeIndex: Int] = [:]
    for (_, w) in witnessed { for e in w.edges ?? [] { hits[e, default: 0] += 1 } }
    return hits
  }

  static func change(_ e: AccessGraph.EdgeIndex, in graph: AccessGraph) -> GraphChanges.EdgeChange {
    GraphChanges.EdgeChange(
      from: graph.id(of: graph.source(of: e)), kind: graph.kindName(of: e), to: graph.id(of: graph.target(of: e)))
  }
}
