import AccessGraph
import Foundation

/// A what-if analysis of findings: the rule pack run over the graph as it is and as it would
/// be after some changes (and, optionally, at a later time), and the exposures that differ.
///
/// Only what a change can touch is scanned. A source's findings under a source-local rule
/// follow from what that source reaches, so a source that reaches no changed node finds the
/// same on both sides; the sources upstream of the change (reverse reach from every node
/// whose out-edges, flags or existence differ) are scanned on both sides, and the few rules
/// that look beyond one source (`Rule.Check.isSourceLocal`) are scanned whole. A property
/// test checks the difference against two full scans of independently built graphs.
public struct WhatIf: Sendable {
  public var before: TraversalView
  public var after: TraversalView
  /// The findings of the graph as it is that the change could touch: those of the sources
  /// upstream of it, and every finding of the rules that are not source-local.
  public var beforeScan: RuleScanner.Result
  /// The same part of the changed graph's findings.
  public var afterScan: RuleScanner.Result
  /// Where an exposure is in its scan: its finding and its place among that finding's exposures.
  public typealias Place = (finding: Int, exposure: Int)
  /// Exposures only the graph as it is has, each with its place in `beforeScan`.
  public var removedAt: [Finding.Key: Place]
  /// Exposures only the changed graph has, each with its place in `afterScan`.
  public var addedAt: [Finding.Key: Place]
  /// Exposures only the graph as it is has.
  public var removed: Set<Finding.Key> { Set(removedAt.keys) }
  /// Exposures only the changed graph has.
  public var added: Set<Finding.Key> { Set(addedAt.keys) }
  /// The node ids whose findings were scanned again on both sides.
  public var rescanned: Int

  /// Applies `changes` to `view`'s graph, evaluates the result at `later` (default: the same
  /// time) and compares the two exposure by exposure.
  ///
  /// Edge removals alone are applied as a view with those edges marked absent, sharing the
  /// graph, its id ranks and its component plan; any other change rebuilds the graph.
  /// - Throws: `GraphChangeError` for a change naming what does not exist.
  /// - Complexity: O(n + e) to find the upstream sources (and to rebuild, when needed),
  ///   plus two scans of the upstream sources and two of the rules that are not source-local.
  public init(
    _ view: TraversalView, changes: GraphChanges, later: Date? = nil, scanner: RuleScanner,
    progress: (@Sendable (String) -> Void)? = nil
  ) throws {
    before = view
    let later = later ?? view.at
    let index = PathIndex(view.graph)
    let plan = ReachPlan(view)
    let changed = try Self.changedNodes(view, changes: changes, later: later)
    let upstream = Self.upstream(of: changed, in: view)
    rescanned = upstream.count
    progress?("what-if: \(changed.count) nodes changed, \(upstream.count) upstream of them scanned before and after")
    let upstreamIDs = upstream.map(view.graph.id(of:))
    let local = scanner.restricted(to: true)
    let wide = scanner.restricted(to: false)
    func side(_ name: String) -> (@Sendable (String) -> Void)? {
      guard let progress else { return nil }
      return { line in progress(name + ": " + line) }
    }
    let (early, late) = (side("before"), side("after"))
    var toBefore: [UInt32]?
    beforeScan = Self.joined(
      local.scan(view, index: index, plan: plan, only: upstream, progress: early),
      wide.scan(view, index: index, plan: plan, progress: early))
    if changes.removeNodes.isEmpty && changes.addEdges.isEmpty && changes.updateEdges.isEmpty && later == view.at {
      after = view.removing(changes.removeEdges.compactMap(view.graph.edge))
      afterScan = Self.joined(
        local.scan(after, index: index, plan: plan, only: upstream, progress: late),
        wide.scan(after, index: index, plan: plan, progress: late))
    } else {
      let graph = changes.isEmpty ? view.graph : try view.graph.applying(changes)
      after = TraversalView(graph: graph, manifest: view.manifest, at: later)
      let afterIndex = PathIndex(graph)
      let afterPlan = ReachPlan(after)
      let sources = Set(upstreamIDs.compactMap(graph.index(of:)))
      toBefore = (0..<graph.nodeCount).map { UInt32(view.graph.index(of: graph.id(of: $0))!) }
      afterScan = Self.joined(
        local.scan(after, index: afterIndex, plan: afterPlan, only: sources, progress: late),
        wide.scan(after, index: afterIndex, plan: afterPlan, progress: late))
    }
    // Compared interned, in the first graph's indices: a rebuilt graph has the same nodes
    // but those removed, so its indices map back by id.
    let ruleIndex = Dictionary(uniqueKeysWithValues: scanner.rules.enumerated().map { ($1.id, UInt16($0)) })
    func interned(_ result: RuleScanner.Result, map: [UInt32]?) -> [(Finding.Key.Interned, Place)] {
      var all: [(Finding.Key.Interned, Place)] = []
      for (f, finding) in result.findings.enumerated() {
        let rule = ruleIndex[finding.ruleID]!
        let source = map?[finding.source] ?? UInt32(finding.source)
        for (x, exposure) in finding.exposures.enumerated() {
          let key = Finding.Key.Interned(
            source: source, target: map?[exposure.target] ?? UInt32(exposure.target), rule: rule, tier: exposure.tier.rawValue)
          all.append((key, (f, x)))
        }
      }
      return all
    }
    let (gone, new) = Finding.Key.difference(
      before: interned(beforeScan, map: nil), after: interned(afterScan, map: toBefore))
    func named(_ places: [Place], _ result: RuleScanner.Result, _ graph: AccessGraph) -> [Finding.Key: Place] {
      Dictionary(
        uniqueKeysWithValues: places.map { p in
          let finding = result.findings[p.finding]
          return (finding.key(of: finding.exposures[p.exposure], in: graph), p)
        })
    }
    removedAt = named(gone, beforeScan, before.graph)
    addedAt = named(new, afterScan, after.graph)
  }

  /// Every exposure key of a scan.
  /// - Complexity: O(exposures).
  public static func keys(_ result: RuleScanner.Result, in graph: AccessGraph) -> Set<Finding.Key> {
    var keys = Set<Finding.Key>()
    for f in result.findings { for x in f.exposures { keys.insert(f.key(of: x, in: graph)) } }
    return keys
  }

  static func joined(_ a: RuleScanner.Result, _ b: RuleScanner.Result) -> RuleScanner.Result {
    RuleScanner.Result(findings: a.findings + b.findings, runs: a.runs + b.runs)
  }
}

extension RuleScanner {
  /// This scanner with only its source-local rules (`local` true) or only the others.
  func restricted(to local: Bool) -> RuleScanner {
    var copy = self
    copy.rules = rules.filter { $0.check.isSourceLocal == local }
    return copy
  }
}
