import AccessGraph
import Foundation

/// A what-if analysis of findings: the rule pack run over the graph as it is and as it would
/// be after some changes (and, optionally, at a later time), and the exposures that differ.
public struct WhatIf: Sendable {
  public var before: TraversalView
  public var after: TraversalView
  public var beforeScan: RuleScanner.Result
  public var afterScan: RuleScanner.Result
  /// Exposures only the graph as it is has.
  public var removed: Set<Finding.Key>
  /// Exposures only the changed graph has.
  public var added: Set<Finding.Key>

  /// Applies `changes` to `view`'s graph, evaluates the result at `later` (default: the same
  /// time) and compares the two scans exposure by exposure.
  ///
  /// Both sides are full scans, so the answer is by construction the difference of two
  /// scans; the changed graph is rebuilt, not patched.
  /// - Throws: `GraphChangeError` for a change naming what does not exist, and what the
  ///   scanner throws.
  /// - Complexity: two scans and one O(n + e) rebuild.
  public init(_ view: TraversalView, changes: GraphChanges, later: Date? = nil, scanner: RuleScanner) throws {
    before = view
    let graph = changes.isEmpty ? view.graph : try view.graph.applying(changes)
    after = TraversalView(graph: graph, manifest: view.manifest, at: later ?? view.at)
    beforeScan = try scanner.scan(before)
    afterScan = try scanner.scan(after)
    (removed, added) = Finding.Key.difference(
      before: Self.keys(beforeScan, in: before.graph), after: Self.keys(afterScan, in: after.graph))
  }

  /// Every exposure key of a scan.
  /// - Complexity: O(exposures).
  public static func keys(_ result: RuleScanner.Result, in graph: AccessGraph) -> Set<Finding.Key> {
    var keys = Set<Finding.Key>()
    for f in result.findings { for x in f.exposures { keys.insert(f.key(of: x, in: graph)) } }
    return keys
  }
}
