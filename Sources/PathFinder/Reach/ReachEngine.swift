import AccessGraph

/// Single-source reach that can be run again and again on one view at the cost of what each
/// run visits: its node-sized tables are allocated once and only touched entries are reset.
///
/// Same semantics as `Reachability.forward`; use it for many queries in a row (a service, a
/// benchmark, a per-source loop), and `Reachability.forward` for one.
public struct ReachEngine: Sendable {
  public let view: TraversalView
  // One byte a node, so each edge costs one cache miss: bits 0-2 the identity level, 3-5 the
  // permission level, 6 "queued".
  private var state: [UInt8]
  // Every node the last run queued, in order; also the list of entries to reset.
  private var queue: [Int32] = []

  private static let queuedBit: UInt8 = 1 << 6

  /// An engine for `view`.
  /// - Complexity: O(n) once.
  public init(_ view: TraversalView) {
    self.view = view
    state = [UInt8](repeating: 0, count: view.graph.nodeCount)
  }

  /// Reaches from `sources`, each held in full, and returns how many nodes it reached.
  /// - Complexity: O(nodes and edges visited), each node expanded at most eight times.
  @discardableResult
  public mutating func run(from sources: [AccessGraph.NodeIndex]) -> Int {
    for v in queue { state[Int(v)] = 0 }
    queue.removeAll(keepingCapacity: true)
    var reached = 0
    let view = self.view
    let queuedBit = Self.queuedBit
    view.graph.withForwardAdjacency { offsets, targets in
      view.edgeRules.withUnsafeBufferPointer { rules in
        state.withUnsafeMutableBufferPointer { state in
          for s in sources where view.isPresent(s) && state[s] & 7 == 0 {
            state[s] = 4 | queuedBit
            reached += 1
            queue.append(Int32(s))
          }
          var head = 0
          while head < queue.count {
            let v = Int(queue[head])
            head += 1
            let here = state[v] & ~queuedBit
            state[v] = here
            let held = here & 7
            let onIt = max(held, here >> 3)
            for e in Int(offsets[v])..<Int(offsets[v + 1]) {
              let rule = rules[e]
              guard rule.isLive else { continue }
              let w = Int(targets[e])
              let old = state[w]
              var new = old
              switch rule.classBits {
              case EdgeRule.permissionBits:
                let t = min(held, rule.capLevel)
                guard t > (old >> 3) & 7 else { continue }
                new = old & ~(7 << 3) | t << 3
              case EdgeRule.pivotBits:
                guard onIt >= rule.requiredLevel, rule.capLevel > old & 7 else { continue }
                new = old & ~7 | rule.capLevel
              default:
                let t = min(held, rule.capLevel)
                guard t > old & 7 else { continue }
                new = old & ~7 | t
              }
              if old & 0x3F == 0 { reached += 1 }
              if old & queuedBit == 0 {
                new |= queuedBit
                queue.append(Int32(w))
              }
              state[w] = new
            }
          }
        }
      }
    }
    return reached
  }

  /// The highest tier at which the last run reached `n`, or nil.
  /// - Complexity: O(1).
  public func tier(of n: AccessGraph.NodeIndex) -> Tier? { Tier(rawValue: max(state[n] & 7, (state[n] >> 3) & 7)) }

  /// The last run's levels as a result that outlives the engine.
  /// - Complexity: O(n).
  func result(sources: [AccessGraph.NodeIndex]) -> ReachResult {
    ReachResult(sources: sources, identityLevels: state.map { $0 & 7 }, targetLevels: state.map { ($0 >> 3) & 7 })
  }
}
