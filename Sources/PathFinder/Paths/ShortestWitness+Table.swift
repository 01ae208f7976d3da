import AccessGraph

extension ShortestWitness {
  /// The exact fewest edges from every state (node, holding) to one target held at a tier or
  /// above, so that every witness to that target is read off by walking down the table
  /// rather than found by a search of its own: a rule's candidates share few targets, and
  /// one table answers all that share one.
  ///
  /// The walk takes, at each state, the first out-edge (in edge order) whose head is one edge
  /// nearer. That is the least sequence of edges among the shortest, which is the path the
  /// breadth-first search finds: it expands each layer's states in that order and keeps each
  /// state's first parent. The tests compare the two from every start on random graphs.
  public struct Table: Sendable {
    public let target: AccessGraph.NodeIndex
    public let tier: Tier
    public let asIdentity: Bool
    /// By state (node · 8 + holding); `.max` where the target cannot be reached at the tier.
    let toGo: [UInt16]

    /// The table for reaching `target` at `tier` or above (with `asIdentity`, held as an
    /// identity) over the view `inEdges` lists.
    /// - Complexity: O(n + e) backward steps of up to eight states each.
    public init(
      _ view: TraversalView, to target: AccessGraph.NodeIndex, atLeast tier: Tier, asIdentity: Bool = false,
      inEdges: LiveInEdges
    ) {
      self.target = target
      self.tier = tier
      self.asIdentity = asIdentity
      let n = view.graph.nodeCount
      var toGo = [UInt16](repeating: .max, count: n * 8)
      guard view.isPresent(target) else {
        self.toGo = toGo
        return
      }
      var arrivals: UInt8 = 0
      for raw in UInt8(0)..<8 {
        let h = Holding(rawValue: raw)
        if h.level >= tier.rawValue && (h.isIdentity || !asIdentity) { arrivals |= 1 << raw }
      }
      // Layer by layer, by node: the states each node first gets at this distance.
      var settled = [UInt8](repeating: 0, count: n)
      var pending = [UInt8](repeating: 0, count: n)
      var layer: [(node: UInt32, states: UInt8)] = [(UInt32(target), arrivals)]
      var reached: [UInt32] = []
      settled[target] = arrivals
      for raw in 0..<8 where arrivals & 1 << raw != 0 { toGo[target * 8 + raw] = 0 }
      var distance: UInt16 = 0
      while !layer.isEmpty && distance < .max - 1 {
        for (w, heads) in layer {
          for slot in Int(inEdges.offsets[Int(w)])..<Int(inEdges.offsets[Int(w) + 1]) {
            let u = Int(inEdges.sources[slot])
            let tails = Holding.predecessors(of: heads, over: inEdges.rules[slot]) & ~settled[u]
            guard tails & ~pending[u] != 0 else { continue }
            if pending[u] == 0 { reached.append(UInt32(u)) }
            pending[u] |= tails
          }
        }
        distance += 1
        layer.removeAll(keepingCapacity: true)
        for u in reached {
          let states = pending[Int(u)]
          pending[Int(u)] = 0
          settled[Int(u)] |= states
          for raw in 0..<8 where states & 1 << raw != 0 { toGo[Int(u) * 8 + raw] = distance }
          layer.append((u, states))
        }
        reached.removeAll(keepingCapacity: true)
      }
      self.toGo = toGo
    }

    /// The shortest path from `source` (held as an identity at `startTier`) to the table's
    /// target at its tier: the path `ShortestWitness.path` finds, or nil when there is none.
    /// `workspace` serves the one case the walk leaves to the search, a start that already
    /// is an arrival (source and target the same node), where a path must leave and return.
    /// - Complexity: O(length · out-degree).
    public func path(
      _ view: TraversalView, from source: AccessGraph.NodeIndex, startTier: Tier = .admin,
      workspace: inout Workspace
    ) -> PrivilegePath? {
      guard source != target else {
        return ShortestWitness.path(
          view, from: source, to: target, atLeast: tier, startTier: startTier, asIdentity: asIdentity,
          workspace: &workspace)
      }
      var held = Holding(level: startTier.rawValue, identity: true)
      var left = toGo[source * 8 + Int(held.rawValue)]
      guard left != .max else { return nil }
      let graph = view.graph
      var nodes = [source]
      var edges: [Int] = []
      nodes.reserveCapacity(Int(left) + 1)
      edges.reserveCapacity(Int(left))
      var v = source
      while left > 0 {
        var taken = false
        for e in graph.outEdges(of: v) {
          let rule = view.edgeRules[e]
          guard rule.isLive else { continue }
          let w = graph.target(of: e)
          guard view.isPresent(w), let next = held.step(over: rule), toGo[w * 8 + Int(next.rawValue)] == left - 1 else {
            continue
          }
          nodes.append(w)
          edges.append(e)
          (v, held, left, taken) = (w, next, left - 1, true)
          break
        }
        precondition(taken, "a witness table is exact: some edge leads one nearer")
      }
      return PrivilegePath(nodes: nodes, edges: edges, tier: held.tier, view: view)
    }
  }
}
