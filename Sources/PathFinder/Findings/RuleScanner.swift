import AccessGraph
import Foundation

/// Runs a rule pack over a whole graph and returns its findings, each with a witness path.
///
/// Work happens in two phases. Rules first find candidates (source, worst target, tier) with
/// bit-parallel reach over all their sources at once, spread over every core. Then each
/// candidate gets its witness: the shortest path at that tier meeting the rule's path
/// requirements, found by a path search that shares distance tables between candidates with
/// the same target. Candidates without such a path are dropped.
public struct RuleScanner: Sendable {
  public var rules: [Rule]
  /// Paths counted per finding beyond its witness.
  public var furtherPathLimit = 10
  public var maxDepth = 12
  /// Edge expansions a witness search may spend before falling back to the exact
  /// breadth-first witness (whose further paths are then not counted).
  public var witnessBudget = 20_000

  public init(rules: [Rule] = RulePack.builtIn) {
    self.rules = rules
  }

  /// What one rule did during a scan.
  public struct RuleRun: Sendable {
    public var ruleID: String
    public var candidates: Int
    public var findings: Int
    public var seconds: Double
  }

  public struct Result: Sendable {
    /// Findings, most severe first, then by rule, source id, target id and finding id.
    public var findings: [Finding]
    public var runs: [RuleRun]

    /// The exposures at or above `severity`, and the findings that still hold one. A
    /// finding's exposures come most severe first, so its id and witness stay its own.
    /// - Complexity: O(exposures).
    public func atOrAbove(_ severity: Severity) -> Result {
      var kept = self
      kept.findings = findings.compactMap { f in
        // Most findings keep every exposure: those are not copied.
        guard f.exposures.contains(where: { $0.severity < severity }) else { return f }
        var f = f
        f.exposures.removeAll { $0.severity < severity }
        return f.exposures.isEmpty ? nil : f
      }
      return kept
    }
  }

  /// Scans `view` with every enabled rule; `progress` hears one line a rule.
  /// - Complexity: O(rules · ⌈sources / 64⌉ · (n + e) / cores) for candidates, plus a bounded
  ///   path search per candidate.
  public func scan(_ view: TraversalView, progress: (@Sendable (String) -> Void)? = nil) -> Result {
    scan(view, index: PathIndex(view.graph), plan: ReachPlan(view), progress: progress)
  }

  /// The findings of the sources in `sources` only (a shard's, say): every finding has one
  /// source, so scans of disjoint source sets that cover the graph's nodes find, together,
  /// exactly what one scan finds.
  /// - Complexity: as `scan`, for the given sources.
  public func scan(
    _ view: TraversalView, sources: Set<AccessGraph.NodeIndex>, progress: (@Sendable (String) -> Void)? = nil
  ) -> Result {
    scan(view, index: PathIndex(view.graph), plan: ReachPlan(view), only: sources, progress: progress)
  }

  /// The scan of `view`, with the id ranks and component plan given, and with `only` the
  /// findings of the sources in `sources` when it is set: what a re-analysis after a
  /// removal runs, since only sources whose witnesses used a removed edge can lose anything.
  /// The plan of a view stays valid for that view with edges removed.
  /// - Complexity: as `scan`, for the given sources only.
  func scan(
    _ view: TraversalView, index: PathIndex, plan: ReachPlan, only sources: Set<AccessGraph.NodeIndex>? = nil,
    progress: (@Sendable (String) -> Void)? = nil
  ) -> Result {
    var findings: [Finding] = []
    var runs: [RuleRun] = []
    for rule in rules where rule.enabled {
      let started = Date()
      let candidates = self.candidates(for: rule, in: view, index: index, plan: plan, only: sources)
      let reached = Date()
      let found = Self.mergeBySource(witnesses(for: candidates, rule: rule, in: view, index: index, plan: plan), in: view.graph)
      findings += found
      let run = RuleRun(
        ruleID: rule.id, candidates: candidates.count, findings: found.count, seconds: Date().timeIntervalSince(started))
      runs.append(run)
      progress?(
        String(
          format: "rule %@: %d findings from %d candidates (%.2f s reach, %.2f s witness paths)", rule.id, found.count,
          candidates.count, reached.timeIntervalSince(started), Date().timeIntervalSince(reached)))
    }
    let graph = view.graph
    findings.sort { a, b in
      if a.severity != b.severity { return a.severity > b.severity }
      if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
      if a.source != b.source { return graph.id(of: a.source) < graph.id(of: b.source) }
      // Ties (one human helped by several deputies, say) go by target, then by the
      // path-derived id, so every run lists findings in the same order.
      if a.target != b.target { return graph.id(of: a.target) < graph.id(of: b.target) }
      return a.id < b.id
    }
    return Result(findings: findings, runs: runs)
  }

  /// One rule's findings with one finding a source: a grantor with two capped grants gets
  /// one finding, its exposures the union of both (each key once), its witness the more
  /// severe (then shorter) one's.
  static func mergeBySource(_ findings: [Finding], in graph: AccessGraph) -> [Finding] {
    let bySource = Dictionary(grouping: findings, by: \.source)
    guard bySource.count < findings.count else { return findings }
    return bySource.values.map { group in
      let ordered = group.sorted { a, b in
        if a.severity != b.severity { return a.severity > b.severity }
        if a.path.length != b.path.length { return a.path.length < b.path.length }
        return a.path.nodes.map(graph.id(of:)).lexicographicallyPrecedes(b.path.nodes.map(graph.id(of:)))
      }
      var merged = ordered[0]
      // Same rule and source: the target and tier tell exposures apart.
      func key(_ e: Finding.Exposure) -> Int { e.target << 3 | Int(e.tier.rawValue) }
      var seen = Set(merged.exposures.map(key))
      for other in ordered.dropFirst() {
        for exposure in other.exposures where seen.insert(key(exposure)).inserted {
          merged.exposures.append(exposure)
        }
        merged.related += other.related.filter { !merged.related.contains($0) }
      }
      return merged
    }
  }
}

/// A source and every target a rule found for it, before witness paths are known.
struct Candidate: Sendable {
  /// One target reached, with its tier and, for a confused deputy, the agent that gives it.
  /// Laid out like `Finding.Exposure`, the optional before the bytes: 24 bytes a stride.
  struct Reached: Sendable {
    var target: AccessGraph.NodeIndex
    var via: AccessGraph.NodeIndex?
    var tier: Tier
    /// Whether a standing, ungated path reaches it at that tier.
    var strict = true
    /// Whether the source has an edge straight to it (for rules that want chains).
    var direct = false
  }

  var source: AccessGraph.NodeIndex
  /// Worst first: most sensitive, then highest tier, then lowest id.
  var targets: [Reached]
  /// Where the witness search starts when not at `source`: a first edge already taken, and
  /// the tier held after it.
  var prefix: (edge: AccessGraph.EdgeIndex, node: AccessGraph.NodeIndex, tier: Tier)?
  var related: [AccessGraph.NodeIndex] = []
  var require = Rule.PathRequirements()
  var exclusions: TraversalView.Exclusions = []

  init(source: AccessGraph.NodeIndex, targets: [Reached]) {
    self.source = source
    self.targets = targets
  }

  /// Where reach for this candidate starts, and how.
  var start: BatchReach.Seed { BatchReach.Seed(node: prefix?.node ?? source, tier: prefix?.tier ?? .admin) }
}

extension RuleScanner {
  /// The finding holding the exposure with this id, and that exposure, found without the
  /// witness searches of a whole scan: candidates by reach, rule by rule, until one of them
  /// has the id; then the witness of that one alone.
  /// - Complexity: at most the candidate phase of a scan, plus one witness search.
  public func finding(withID id: String, in view: TraversalView) -> (Finding, Finding.Exposure)? {
    let index = PathIndex(view.graph)
    let plan = ReachPlan(view)
    let graph = view.graph
    for rule in rules where rule.enabled {
      for candidate in candidates(for: rule, in: view, index: index, plan: plan) {
        let source = graph.id(of: candidate.source)
        guard
          candidate.targets.contains(where: {
            Finding.Key(rule: rule.id, source: source, target: graph.id(of: $0.target), tier: $0.tier).id == id
          })
        else { continue }
        for finding in witnesses(for: [candidate], rule: rule, in: view, index: index, plan: plan) {
          if let exposure = finding.exposures.first(where: { finding.key(of: $0, in: graph).id == id }) {
            return (finding, exposure)
          }
        }
      }
    }
    return nil
  }
}
