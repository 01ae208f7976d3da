import AccessGraph
import Foundation
import Synchronization

/// Reach from up to 64 seeds in one pass, with the same tier semantics as `Reachability`.
///
/// Every node keeps eight 64-bit masks: bit s of `identity[l]` is set when seed s holds the
/// node as an identity at level l or above (l = 1...4 for read...admin), and likewise
/// `target[l]` for permission on it. An edge moves whole masks at once, so a pass costs about
/// what one breadth-first search over the union of the seeds' reaches costs. Masks are kept
/// in plan order, so a pass reads them, and the edges, front to back.
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
  let store: MaskStore
  let position: [UInt32]
  let order: [UInt32]

  /// Runs one pass from `seeds` (at most 64). Nodes marked in `stop` are reached but not
  /// gone through: a path may end there but not continue, except a seed's own walk out of
  /// itself. With a `plan`, nodes are settled in topological order of their components, so
  /// each is expanded about once.
  /// - Complexity: O(8 (n + e)) word operations, times the rounds inside components.
  public init(_ view: TraversalView, seeds: [Seed], stop: [Bool]? = nil, plan: ReachPlan? = nil) {
    precondition(seeds.count <= Self.width, "a batch carries at most \(Self.width) seeds")
    let plan = plan ?? ReachPlan(view)
    let store = MaskStore(nodeCount: view.graph.nodeCount)
    Self.propagate(view, PlanLayout(view, plan), plan, seeds, stopped: Self.byPlace(stop, plan), into: store)
    self.init(seeds: seeds, store: store, plan: plan)
  }

  init(seeds: [Seed], store: MaskStore, plan: ReachPlan) {
    self.seeds = seeds
    self.store = store
    position = plan.position
    order = plan.order
  }

  /// The highest tier at which seed `s` reaches node `n`, or nil.
  /// - Complexity: O(1).
  public func tier(of n: AccessGraph.NodeIndex, seed s: Int) -> Tier? {
    let bit: UInt64 = 1 << UInt64(s)
    let p = Int(position[n])
    for l in stride(from: 3, through: 0, by: -1) where (store[p, l] | store[p, 4 + l]) & bit != 0 {
      return Tier(rawValue: UInt8(l + 1))
    }
    return nil
  }

  /// The seeds that hold node `n` as an identity at `tier` or above, as a bit mask.
  /// - Complexity: O(1).
  public func seedsHolding(_ n: AccessGraph.NodeIndex, atLeast tier: Tier) -> UInt64 {
    store[Int(position[n]), Int(tier.rawValue) - 1]
  }

  /// The seeds that reach node `n` at `tier` or above, as a bit mask.
  /// - Complexity: O(1).
  public func seedsReaching(_ n: AccessGraph.NodeIndex, atLeast tier: Tier) -> UInt64 {
    let p = Int(position[n])
    let l = Int(tier.rawValue) - 1
    return store[p, l] | store[p, 4 + l]
  }

  /// Calls `body` with every node some seed reaches at `tier` or above and the mask of those
  /// seeds, in the pass's storage order, which is the fast way to read a whole pass.
  /// - Complexity: O(n).
  public func forEachReached(atLeast tier: Tier, _ body: (_ node: AccessGraph.NodeIndex, _ seeds: UInt64) -> Void) {
    let l = Int(tier.rawValue) - 1
    for p in 0..<order.count {
      let mask = store[p, l] | store[p, 4 + l]
      if mask != 0 { body(Int(order[p]), mask) }
    }
  }

  /// Runs `seeds` in passes of 64, spread over every core, handing each finished pass to
  /// `body` (on the thread that ran it) and returning what each call returned, in pass order.
  /// Each core reuses one set of masks from pass to pass.
  /// - Complexity: O(⌈s / 64⌉ · 8 (n + e)) word operations over the available cores.
  public static func passes<R: Sendable>(
    _ view: TraversalView, seeds: [Seed], stop: [Bool]? = nil, plan: ReachPlan? = nil, _ body: @Sendable (BatchReach) -> R
  ) -> [R] {
    passes(view, seeds: seeds, stops: [stop], plan: plan) { body($0[0]) }
  }

  /// `passes` run once for each of `stops` over the same seeds, handing `body` the passes of
  /// each chunk of 64 together, in `stops` order: how a rule compares reach with and without
  /// going through some nodes, for one graph layout and one set of masks per core and stop set.
  /// - Complexity: O(k · ⌈s / 64⌉ · 8 (n + e)) word operations over the available cores, for k stop sets.
  static func passes<R: Sendable>(
    _ view: TraversalView, seeds: [Seed], stops: [[Bool]?], plan: ReachPlan?, _ body: @Sendable ([BatchReach]) -> R
  ) -> [R] {
    guard !seeds.isEmpty else { return [] }
    let plan = plan ?? ReachPlan(view)
    let layout = PlanLayout(view, plan)
    let n = view.graph.nodeCount
    let stopped = stops.map { byPlace($0, plan) }
    let chunks = stride(from: 0, to: seeds.count, by: width).map { Array(seeds[$0..<min($0 + width, seeds.count)]) }
    let next = Mutex(0)
    let results = Mutex([R?](repeating: nil, count: chunks.count))
    DispatchQueue.concurrentPerform(iterations: min(ProcessInfo.processInfo.activeProcessorCount, chunks.count)) { _ in
      var stores = [MaskStore?](repeating: nil, count: stops.count)
      while true {
        let c = next.withLock { claimed in
          defer { claimed += 1 }
          return claimed
        }
        guard c < chunks.count else { return }
        let passes = stopped.indices.map { k in
          // Reuse the masks unless `body` kept an earlier pass alive.
          if stores[k] != nil && isKnownUniquelyReferenced(&stores[k]!) {
            stores[k]!.clear()
          } else {
            stores[k] = MaskStore(nodeCount: n)
          }
          propagate(view, layout, plan, chunks[c], stopped: stopped[k], into: stores[k]!)
          return BatchReach(seeds: chunks[c], store: stores[k]!, plan: plan)
        }
        let value = body(passes)
        results.withLock { $0[c] = value }
      }
    }
    return results.withLock { $0.map { $0! } }
  }

  /// `stop` (by node) by plan place; empty without one.
  static func byPlace(_ stop: [Bool]?, _ plan: ReachPlan) -> [Bool] {
    guard let stop else { return [] }
    var byPlace = [Bool](repeating: false, count: stop.count)
    for v in stop.indices where stop[v] { byPlace[Int(plan.position[v])] = true }
    return byPlace
  }

  /// Seeds `store` with `seeds` (seed i as bit i) and runs the pass; `stopped` (by plan place,
  /// or empty) marks the stop nodes.
  static func propagate(
    _ view: TraversalView, _ layout: PlanLayout, _ plan: ReachPlan, _ seeds: [Seed], stopped: [Bool], into store: MaskStore
  ) {
    var dirty = [Bool](repeating: false, count: view.graph.nodeCount)
    var first = dirty.count
    // A stop node passes on only its own seeds' walks out of it.
    var ownSeeds: [Int: UInt64] = [:]
    for (bit, seed) in seeds.enumerated() where view.isPresent(seed.node) {
      let p = Int(plan.position[seed.node])
      for l in 0..<Int(seed.tier.rawValue) { store[p, (seed.asIdentity ? 0 : 4) + l] |= 1 << UInt64(bit) }
      if !stopped.isEmpty && stopped[p] { ownSeeds[p, default: 0] |= 1 << UInt64(bit) }
      dirty[p] = true
      first = min(first, p)
    }
    Propagation.run(
      layout: layout, plan: plan, stopped: stopped, ownSeeds: ownSeeds, dirty: &dirty, from: first, store: store)
  }
}
