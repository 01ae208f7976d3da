import AccessGraph

/// Single-source reach that can be run again and again on one view at the cost of what each
/// run visits: its node-sized tables are allocated once and only touched entries are reset.
///
/// Same semantics as `Reachability.forward`; use it for many queries in a row (a service, a
/// benchmark, a per-source loop), and `Reachability.forward` for one.
public struct ReachEngine: Sendable {
  public let view: TraversalView
  // The live edges, and every table below, indexed by plan place (node order without a plan).
  private let layout: PlanLayout
  private let position: [UInt32]
  // One byte a node, so each edge costs one cache miss: bits 0-2 the identity level, 3-5 the
  // permission level, 6 "queued".
  private var state: [UInt8]
  // The work queue, a ring: a node is in it at most once at a time, so n slots suffice.
  private var ring: [Int32]
  // The nodes the last run reached, first `reachedCount` entries: the entries to reset.
  private var reachedList: [Int32]
  private var reachedCount = 0

  private static let queuedBit: UInt8 = 1 << 6

  /// An engine for `view`. With a `plan`, nodes are laid out in its order, so what one run
  /// visits sits close together: runs take about a sixth less time at scale 1, for one
  /// plan's cost up front, so pass one when running many queries.
  /// - Complexity: O(n + e) once.
  public init(_ view: TraversalView, plan: ReachPlan? = nil) {
    self.view = view
    layout = PlanLayout(view, plan)
    position = plan?.position ?? (0..<UInt32(view.graph.nodeCount)).map { $0 }
    let n = view.graph.nodeCount
    state = [UInt8](repeating: 0, count: n)
    ring = [Int32](repeating: 0, count: max(n, 1))
    reachedList = [Int32](repeating: 0, count: n)
  }

  /// Reaches from `sources`, each held in full, and returns how many nodes it reached.
  /// - Complexity: O(nodes and edges visited), each node expanded at most eight times.
  @discardableResult
  public mutating func run(from sources: [AccessGraph.NodeIndex]) -> Int {
    let view = self.view
    let queuedBit = Self.queuedBit
    var reached = reachedCount
    let position = self.position
    layout.withUnsafeHandle { layout in
      state.withUnsafeMutableBufferPointer { state in
        ring.withUnsafeMutableBufferPointer { ring in
          reachedList.withUnsafeMutableBufferPointer { list in
            for i in 0..<reached { state[Int(list[i])] = 0 }
            reached = 0
            let slots = ring.count
            var head = 0
            var queued = 0
            for node in sources where view.isPresent(node) {
              let s = Int(position[node])
              guard state[s] & 7 == 0 else { continue }
              if state[s] & 0x3F == 0 {
                list[reached] = Int32(s)
                reached += 1
              }
              state[s] = 4 | queuedBit
              ring[(head + queued) % slots] = Int32(s)
              queued += 1
            }
            while queued > 0 {
              let v = Int(ring[head])
              head = head + 1 == slots ? 0 : head + 1
              queued -= 1
              let here = state[v] & ~queuedBit
              state[v] = here
              let held = here & 7
              let onIt = max(held, here >> 3)
              for e in layout.edges(of: v) {
                let rule = layout.rule(e)
                let w = layout.target(e)
                let old = state[w]
                // Identity levels in bits 0–2, target-only levels in bits 3–5.
                let next = Holding.step(identity: held, any: onIt, over: rule)
                let shift: UInt8 = next.asIdentity ? 0 : 3
                guard next.level > (old >> shift) & 7 else { continue }
                var new = old & ~(7 << shift) | next.level << shift
                if old & 0x3F == 0 {
                  list[reached] = Int32(w)
                  reached += 1
                }
                if old & queuedBit == 0 {
                  new |= queuedBit
                  var tail = head + queued
                  if tail >= slots { tail -= slots }
                  ring[tail] = Int32(w)
                  queued += 1
                }
                state[w] = new
              }
            }
          }
        }
      }
    }
    reachedCount = reached
    return reached
  }

  /// The highest tier at which the last run reached `n`, or nil.
  /// - Complexity: O(1).
  public func tier(of n: AccessGraph.NodeIndex) -> Tier? {
    let s = state[Int(position[n])]
    return Tier(rawValue: max(s & 7, (s >> 3) & 7))
  }

  /// The last run's levels as a result that outlives the engine.
  /// - Complexity: O(n).
  func result(sources: [AccessGraph.NodeIndex]) -> ReachResult {
    ReachResult(
      sources: sources, identityLevels: position.map { state[Int($0)] & 7 },
      targetLevels: position.map { (state[Int($0)] >> 3) & 7 })
  }
}
