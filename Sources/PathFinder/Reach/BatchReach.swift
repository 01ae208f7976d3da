import AccessGraph

/// Reach from up to 64 seeds in one pass, with the same tier semantics as `Reachability`.
///
/// Every node keeps eight 64-bit masks: bit s of `identity[l]` is set when seed s holds the
/// node as an identity at level l or above (l = 1...4 for read...admin), and likewise
/// `target[l]` for permission on it. An edge moves whole masks at once, so a pass costs about
/// what one breadth-first search over the union of the seeds' reaches costs.
public struct BatchReach: Sendable {
  /// Where one seed starts and how it holds that node.
  public struct Seed: Sendable, Hashable {
    public var node: AccessGraph.NodeIndex
    public var tier: Tier
    public var asIdentity: Bool

    /// A seed holding `node` as an identity at `tier` (admin: the node itself).
    public init(node: AccessGraph.NodeIndex, tier: Tier = .admin, asIdentity: Bool = true) {
      self.node = node
      self.tier = tier
      self.asIdentity = asIdentity
    }
  }

  /// The most seeds one pass can carry.
  public static let width = 64

  public let seeds: [Seed]
  // masks[8 n + l - 1] is identity level l of node n; masks[8 n + 4 + l - 1] is target level l.
  let masks: [UInt64]

  /// Runs one pass from `seeds` (at most 64). Nodes marked in `stop` are reached but not
  /// gone through: a path may end there but not continue, except a seed's own walk out of
  /// itself. With a `plan`, nodes are settled in topological order of their components, so
  /// each is expanded about once.
  /// - Complexity: O(8 (n + e)) word operations, times the rounds inside components.
  public init(_ view: TraversalView, seeds: [Seed], stop: [Bool]? = nil, plan: ReachPlan? = nil) {
    precondition(seeds.count <= Self.width, "a batch carries at most \(Self.width) seeds")
    self.seeds = seeds
    let plan = plan ?? ReachPlan(view)
    let n = view.graph.nodeCount
    var masks = [UInt64](repeating: 0, count: n * 8)
    var dirty = [Bool](repeating: false, count: n)
    var first = n
    for (bit, seed) in seeds.enumerated() where view.isPresent(seed.node) {
      let base = seed.node * 8 + (seed.asIdentity ? 0 : 4)
      for l in 0..<Int(seed.tier.rawValue) { masks[base + l] |= 1 << UInt64(bit) }
      let p = Int(plan.position[seed.node])
      dirty[p] = true
      first = min(first, p)
    }
    // Which seeds' bits a node passes on: all of them, or at a stop node only its own seeds'.
    var passOn = [UInt64](repeating: ~0, count: n)
    if let stop {
      for v in 0..<n where stop[v] { passOn[v] = 0 }
      for (bit, seed) in seeds.enumerated() where stop[seed.node] { passOn[seed.node] |= 1 << UInt64(bit) }
    }
    masks.withUnsafeMutableBufferPointer { m in
      Propagation.run(view: view, plan: plan, passOn: passOn, dirty: &dirty, from: first, masks: m)
    }
    self.masks = masks
  }

  /// The highest tier at which seed `s` reaches node `n`, or nil.
  /// - Complexity: O(1).
  public func tier(of n: AccessGraph.NodeIndex, seed s: Int) -> Tier? {
    let bit: UInt64 = 1 << UInt64(s)
    let b = n * 8
    for l in stride(from: 3, through: 0, by: -1) where (masks[b + l] | masks[b + 4 + l]) & bit != 0 {
      return Tier(rawValue: UInt8(l + 1))
    }
    return nil
  }

  /// The seeds that hold node `n` as an identity at `tier` or above, as a bit mask.
  /// - Complexity: O(1).
  public func seedsHolding(_ n: AccessGraph.NodeIndex, atLeast tier: Tier) -> UInt64 {
    masks[n * 8 + Int(tier.rawValue) - 1]
  }

  /// The seeds that reach node `n` at `tier` or above, as a bit mask.
  /// - Complexity: O(1).
  public func seedsReaching(_ n: AccessGraph.NodeIndex, atLeast tier: Tier) -> UInt64 {
    let l = Int(tier.rawValue) - 1
    return masks[n * 8 + l] | masks[n * 8 + 4 + l]
  }

  /// Runs `seeds` in passes of 64, spread over every core, handing each finished pass to
  /// `body` (on the thread that ran it) and returning what each call returned, in pass order.
  /// - Complexity: O(⌈s / 64⌉ · 8 (n + e)) work over the available cores.
  public static func passes<R: Sendable>(
    _ view: TraversalView, seeds: [Seed], stop: [Bool]? = nil, plan: ReachPlan? = nil, _ body: @Sendable (BatchReach) -> R
  ) -> [R] {
    let chunks = stride(from: 0, to: seeds.count, by: width).map { Array(seeds[$0..<min($0 + width, seeds.count)]) }
    let plan = plan ?? ReachPlan(view)
    return Parallel.map(chunks) { body(BatchReach(view, seeds: $0, stop: stop, plan: plan)) }
  }
}
