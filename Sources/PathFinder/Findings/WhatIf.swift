import AccessGraph
import Foundation

/// A what-if analysis of findings: the rule pack run over the graph as it is and as it would
/// be after some changes (and, optionally, at a later time), and the exposures that differ.
///
/// Only what a change can touch is scanned. A source's findings under a source-local rule
/// follow from what that source reaches, so a source that reaches no changed node finds the
/// same on both sides; the sources upstream of the change (reverse reach from every node
/// whose out-edges, flags or existence differ) are scanned on both sides, and the few rules
/// that look beyond one source (`Rule.Check.isSourceLocal`) are scanned whole. The upstream
/// sources are scanned a part at a time, both sides of a part compared and only the findings
/// that differ kept, so memory follows a part's exposures rather than the graph's. A
/// property test checks the difference against two full scans of independently built graphs.
public struct WhatIf: Sendable {
  public var before: TraversalView
  public var after: TraversalView
  /// The findings of the graph as it is that hold an exposure the changed graph lacks.
  public var beforeScan: RuleScanner.Result
  /// The findings of the changed graph that hold an exposure the graph as it is lacks.
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
  /// time) and compares the two exposure by exposure, `sourcesPerPart` upstream sources at
  /// a time.
  ///
  /// Edge removals alone are applied as a view with those edges marked absent, sharing the
  /// graph, its id ranks and its component plan; any other change rebuilds the graph.
  /// - Throws: `GraphChangeError` for a change naming what does not exist.
  /// - Complexity: O(n + e) to find the upstream sources (and to rebuild, when needed),
  ///   plus two scans of the upstream sources and two of the rules that are not source-local.
  public init(
    _ view: TraversalView, changes: GraphChanges, later: Date? = nil, scanner: RuleScanner, sourcesPerPart: Int = 8192,
    progress: (@Sendable (String) -> Void)? = nil
  ) throws {
    precondition(sourcesPerPart > 0, "a part holds at least one source")
    before = view
    let later = later ?? view.at
    let index = PathIndex(view.graph)
    let plan = ReachPlan(view)
    let changed = try Self.changedNodes(view, changes: changes, later: later)
    let upstream = Self.upstream(of: changed, in: view).sorted()
    rescanned = upstream.count
    progress?("what-if: \(changed.count) nodes changed, \(upstream.count) upstream of them scanned before and after")
    // The changed side: the same graph with edges marked absent, or a rebuilt one whose
    // indices map back to the first graph's by id (it has the same nodes but those removed).
    let (afterIndex, afterPlan): (PathIndex, ReachPlan)
    let toBefore: [UInt32]?
    let toAfter: (AccessGraph.NodeIndex) -> AccessGraph.NodeIndex?
    if changes.removeNodes.isEmpty && changes.addEdges.isEmpty && changes.updateEdges.isEmpty && later == view.at {
      after = view.removing(changes.removeEdges.compactMap(view.graph.edge))
      (afterIndex, afterPlan, toBefore) = (index, plan, nil)
      toAfter = { $0 }
    } else {
      let graph = changes.isEmpty ? view.graph : try view.graph.applying(changes)
      after = TraversalView(graph: graph, manifest: view.manifest, at: later)
      (afterIndex, afterPlan) = (PathIndex(graph), ReachPlan(after))
      toBefore = (0..<graph.nodeCount).map { UInt32(view.graph.index(of: graph.id(of: $0))!) }
      toAfter = { [before = view.graph] in graph.index(of: before.id(of: $0)) }
    }
    var comparison = Comparison(
      ruleIndex: Dictionary(uniqueKeysWithValues: scanner.rules.enumerated().map { ($1.id, UInt16($0)) }))
    let local = scanner.restricted(to: true)
    if !local.rules.isEmpty {
      for start in stride(from: 0, to: upstream.count, by: sourcesPerPart) {
        let part = upstream[start..<min(start + sourcesPerPart, upstream.count)]
        comparison.add(
          before: local.scan(view, index: index, plan: plan, only: Set(part)),
          after: local.scan(after, index: afterIndex, plan: afterPlan, only: Set(part.compactMap(toAfter))),
          toBefore: toBefore)
        if upstream.count > sourcesPerPart {
          progress?("what-if: \(start + part.count) of \(upstream.count) upstream sources scanned before and after")
        }
      }
    }
    let wide = scanner.restricted(to: false)
    if !wide.rules.isEmpty {
      func side(_ name: String) -> (@Sendable (String) -> Void)? {
        guard let progress else { return nil }
        return { line in progress(name + ": " + line) }
      }
      comparison.add(
        before: wide.scan(view, index: index, plan: plan, progress: side("before")),
        after: wide.scan(after, index: afterIndex, plan: afterPlan, progress: side("after")), toBefore: toBefore)
    }
    beforeScan = comparison.before
    afterScan = comparison.after
    func named(_ places: [Place], _ result: RuleScanner.Result, _ graph: AccessGraph) -> [Finding.Key: Place] {
      Dictionary(
        uniqueKeysWithValues: places.map { p in
          let finding = result.findings[p.finding]
          return (finding.key(of: finding.exposures[p.exposure], in: graph), p)
        })
    }
    removedAt = named(comparison.removed, beforeScan, before.graph)
    addedAt = named(comparison.added, afterScan, after.graph)
  }

  /// The findings that differ, gathered part by part: each part's two scans compared
  /// interned, in the first graph's indices, and only the findings holding an exposure the
  /// other side lacks kept, with those exposures' places.
  struct Comparison {
    let ruleIndex: [String: UInt16]
    var before = RuleScanner.Result(findings: [], runs: [])
    var after = RuleScanner.Result(findings: [], runs: [])
    var removed: [Place] = []
    var added: [Place] = []

    mutating func add(before b: RuleScanner.Result, after a: RuleScanner.Result, toBefore: [UInt32]?) {
      let (gone, new) = Finding.Key.difference(before: interned(b, map: nil), after: interned(a, map: toBefore))
      removed += Self.keep(gone, of: b, in: &before)
      added += Self.keep(new, of: a, in: &after)
    }

    /// Every exposure of a scan, interned, with its place packed as finding << 32 | exposure.
    func interned(_ result: RuleScanner.Result, map: [UInt32]?) -> [(Finding.Key.Interned, UInt64)] {
      var all: [(Finding.Key.Interned, UInt64)] = []
      all.reserveCapacity(result.findings.reduce(0) { $0 + $1.exposures.count })
      for (f, finding) in result.findings.enumerated() {
        let rule = ruleIndex[finding.ruleID]!
        let source = map?[finding.source] ?? UInt32(finding.source)
        for (x, exposure) in finding.exposures.enumerated() {
          let key = Finding.Key.Interned(
            source: source, target: map?[exposure.target] ?? UInt32(exposure.target), rule: rule, tier: exposure.tier.rawValue)
          all.append((key, UInt64(f) << 32 | UInt64(x)))
        }
      }
      return all
    }

    /// Moves the findings at `places` from `part` into `kept`, returning their new places;
    /// the part's runs add to the kept ones, rule by rule.
    static func keep(_ places: [UInt64], of part: RuleScanner.Result, in kept: inout RuleScanner.Result) -> [Place] {
      var moved: [Int: Int] = [:]
      let placed = places.map { packed -> Place in
        let (f, x) = (Int(packed >> 32), Int(packed & 0xFFFF_FFFF))
        let at =
          moved[f]
          ?? {
            kept.findings.append(part.findings[f])
            moved[f] = kept.findings.count - 1
            return kept.findings.count - 1
          }()
        return (at, x)
      }
      for run in part.runs {
        if let i = kept.runs.firstIndex(where: { $0.ruleID == run.ruleID }) {
          kept.runs[i].candidates += run.candidates
          kept.runs[i].findings += run.findings
          kept.runs[i].seconds += run.seconds
        } else {
          kept.runs.append(run)
        }
      }
      return placed
    }
  }

  /// Every exposure key of a scan.
  /// - Complexity: O(exposures).
  public static func keys(_ result: RuleScanner.Result, in graph: AccessGraph) -> Set<Finding.Key> {
    var keys = Set<Finding.Key>()
    for f in result.findings { for x in f.exposures { keys.insert(f.key(of: x, in: graph)) } }
    return keys
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
