import AccessGraph
import PathFinder

/// A deliberately plain restatement of docs/design.md's semantics, to check the fast traversal
/// against: breadth-first search over explicit states (node, held as identity or as a
/// permission target, tier), reading each edge's meaning straight from the manifest and the
/// edge's own properties.
enum ReferenceTraversal {
  struct State: Hashable {
    var node: Int
    var identity: Bool
    var tier: Int
  }

  static func reach(
    _ graph: AccessGraph, from source: Int, tier: Int = 4, identity: Bool = true, stop: Set<Int> = [],
    manifest: KindsManifest = .builtIn, expired: (Int) -> Bool = { _ in false }
  ) -> [Int: Int] {
    let start = State(node: source, identity: identity, tier: tier)
    var seen: Set<State> = [start]
    var queue = [start]
    var best: [Int: Int] = [:]
    while !queue.isEmpty {
      let s = queue.removeFirst()
      if s != start { best[s.node] = max(best[s.node] ?? 0, s.tier) }
      // A stop node is reached but not gone through, except by the walk out of the source.
      if stop.contains(s.node) && s.node != source { continue }
      for e in graph.outEdges(of: s.node) where !expired(e) {
        let rule = manifest.rule(forEdgeKind: graph.kindName(of: e))
        let props = graph.properties(ofEdge: e)
        let tierProperty = props["tier"]?.stringValue.flatMap(Tier.init(name:))
        let cap = Int((tierProperty ?? rule.tier ?? .admin).rawValue)
        let w = graph.target(of: e)
        var next: State?
        switch rule.edgeClass {
        case .none: next = nil
        case .inherit, .control, .invoke:
          if s.identity { next = State(node: w, identity: true, tier: min(s.tier, cap)) }
        case .permission:
          if s.identity { next = State(node: w, identity: false, tier: min(s.tier, cap)) }
        case .pivot:
          let needs = Int((props["requiresTier"]?.stringValue.flatMap(Tier.init(name:)) ?? rule.requiresTier ?? .read).rawValue)
          if s.tier >= needs { next = State(node: w, identity: true, tier: cap) }
        }
        if let next, !seen.contains(next) {
          seen.insert(next)
          queue.append(next)
        }
      }
    }
    return best
  }
}
