import AccessGraph
import Synchronization

/// How many identities reach each sensitive target, and how much each source reaches: the
/// two measures a reviewer triages by, after BloodHound's exposure and impact.
///
/// Exposure of a target at a tier is the number of identities (humans, agents, service
/// accounts, applications) that reach it at that tier or above by any path, by category and
/// as a share of all identities: a widely exposed target is a large attack surface. Impact
/// of a source is what lies downstream of it: the sensitive targets it reaches at `act` or
/// above, weighted by sensitivity (critical 3, high 2, anything else 1). Both come from one
/// bit-parallel reach from every identity and every extra source.
public struct ExposureImpact: Sendable {
  /// The categories counted as identities.
  public static let identityCategories: [NodeCategory] = [.human, .agent, .service, .application]

  /// Identities that reach one target at one tier or above.
  public struct Exposure: Sendable, Hashable {
    /// How many, by category in `identityCategories` order.
    public var byCategory: [Int]
    /// How many in all.
    public var identities: Int { byCategory.reduce(0, +) }

    public init(byCategory: [Int]) { self.byCategory = byCategory }
  }

  /// What one source reaches downstream.
  public struct Impact: Sendable, Hashable {
    /// Sensitive targets reached at `act` or above.
    public var targets: Int
    /// The same, weighted by sensitivity.
    public var weighted: Int

    public init(targets: Int, weighted: Int) {
      self.targets = targets
      self.weighted = weighted
    }
  }

  /// Present identities in the graph, by category in `identityCategories` order.
  public let identitiesByCategory: [Int]
  /// The targets measured, in the order given.
  public let targets: [AccessGraph.NodeIndex]
  private let place: [AccessGraph.NodeIndex: Int]
  /// Per target, per level (read...admin), per category: identities reaching it.
  private let counts: [Int32]
  private let impacts: [AccessGraph.NodeIndex: Impact]

  /// All present identities.
  public var identityCount: Int { identitiesByCategory.reduce(0, +) }

  /// Measures `targets` against every identity, and the impact of every identity and of
  /// each of `sources` (say, the grantors of findings that are no identity themselves) over
  /// the first `impactCount` targets (all of them when nil): the sensitive ones, so that a
  /// source's impact does not depend on which other findings a scan holds.
  /// - Complexity: O(⌈(identities + sources) / 64⌉ · 8 (n + e)) word operations over the
  ///   cores, plus O(targets) per pass and one step per (source, target reached) pair.
  public init(
    _ view: TraversalView, targets: [AccessGraph.NodeIndex], sources: [AccessGraph.NodeIndex] = [], impactCount: Int? = nil,
    plan: ReachPlan? = nil
  ) {
    let impactCount = impactCount ?? targets.count
    let categories = Self.identityCategories
    let categoryOf = view.categories.map { c in categories.firstIndex(of: c).map { Int8($0) } ?? -1 }
    let identities = (0..<view.graph.nodeCount).filter { categoryOf[$0] >= 0 && view.isPresent($0) }
    var byCategory = [Int](repeating: 0, count: categories.count)
    for n in identities { byCategory[Int(categoryOf[n])] += 1 }
    identitiesByCategory = byCategory
    self.targets = targets
    place = Dictionary(targets.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    let identitySet = Set(identities)
    let seeds = (identities + sources.filter { !identitySet.contains($0) }).map { BatchReach.Seed(node: $0) }
    let sensitivity = view.graph.propertyKey(named: "sensitivity")
    let weights = targets.map { t -> Int32 in
      switch view.graph.property(sensitivity, of: t)?.matchText {
      case "critical": 3
      case "high": 2
      default: 1
      }
    }
    let width = 4 * categories.count
    // Only a target that is itself a seed can be reached by its own walk; a seed does not
    // expose a target to itself.
    let seedNodes = Set(seeds.map(\.node))
    let selfReachable = targets.map { seedNodes.contains($0) }
    let total = Totals(count: targets.count * width)
    let perPass = BatchReach.passes(view, seeds: seeds, plan: plan ?? ReachPlan(view)) { pass in
      var categoryMasks = [UInt64](repeating: 0, count: categories.count)
      var bitOf: [AccessGraph.NodeIndex: Int] = [:]
      for (bit, seed) in pass.seeds.enumerated() {
        bitOf[seed.node] = bit
        if categoryOf[seed.node] >= 0 { categoryMasks[Int(categoryOf[seed.node])] |= 1 << UInt64(bit) }
      }
      var local: [(slot: Int, count: Int32)] = []
      var impact = [Impact](repeating: Impact(targets: 0, weighted: 0), count: pass.seeds.count)
      for (i, t) in targets.enumerated() {
        let notSelf = selfReachable[i] ? bitOf[t].map { ~(UInt64(1) << UInt64($0)) } ?? ~0 : ~0
        for level in 1...4 {
          let mask = pass.seedsReaching(t, atLeast: Tier(rawValue: UInt8(level))!) & notSelf
          guard mask != 0 else { break }
          for (c, categoryMask) in categoryMasks.enumerated() where mask & categoryMask != 0 {
            local.append((i * width + (level - 1) * categories.count + c, Int32((mask & categoryMask).nonzeroBitCount)))
          }
          if level == Int(Tier.act.rawValue) && i < impactCount {
            var bits = mask
            while bits != 0 {
              let s = bits.trailingZeroBitCount
              bits &= bits - 1
              impact[s].targets += 1
              impact[s].weighted += Int(weights[i])
            }
          }
        }
      }
      total.add(local)
      return impact
    }
    counts = total.values
    var impacts: [AccessGraph.NodeIndex: Impact] = [:]
    impacts.reserveCapacity(seeds.count)
    for (seed, impact) in zip(seeds, perPass.flatMap { $0 }) { impacts[seed.node] = impact }
    self.impacts = impacts
  }

  /// The identities that reach `target` at `tier` or above, or nil for a target not measured.
  /// - Complexity: O(categories).
  public func exposure(of target: AccessGraph.NodeIndex, atLeast tier: Tier) -> Exposure? {
    guard let i = place[target] else { return nil }
    let k = Self.identityCategories.count
    let base = i * 4 * k + (Int(tier.rawValue) - 1) * k
    return Exposure(byCategory: (0..<k).map { Int(counts[base + $0]) })
  }

  /// What `source` reaches downstream, or nil for a node that was no seed.
  /// - Complexity: O(1).
  public func impact(of source: AccessGraph.NodeIndex) -> Impact? { impacts[source] }

  /// Per-pass counts summed as the passes finish, so that memory stays one table.
  private final class Totals: Sendable {
    private let table: Mutex<[Int32]>
    init(count: Int) { table = Mutex([Int32](repeating: 0, count: count)) }
    func add(_ local: [(slot: Int, count: Int32)]) {
      table.withLock { table in for (slot, count) in local { table[slot] += count } }
    }
    var values: [Int32] { table.withLock { $0 } }
  }
}
