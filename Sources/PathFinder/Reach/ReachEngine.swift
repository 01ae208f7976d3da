import AccessGraph

/// Single-source reach that can be run again and again on one view at the cost of what each
/// run visits: its node-sized tables are allocated once and only touched entries are reset.
///
/// Same semantics as `Reachability.forward`; use it for many queries in a row (a service, a
/// benchmark, a per-source loop), and `Reachability.forward` for one.
public struct ReachEngine: Sendable {
  public let view: TraversalView
  private var identity: [UInt8]
  private var target: [UInt8]
  private var queued: [Bool]
  // Every node the last run queued, in order; also the list of entries to reset.
  private var queue: [Int32] = []

  /// An engine for `view`.
  /// - Complexity: O(n) once.
  public init(_ view: TraversalView) {
    self.view = view
    identity = [UInt8](repeating: 0, count: view.graph.nodeCount)
    target = [UInt8](repeating: 0, count: view.graph.nodeCount)
    queued = [Bool](repeating: false, count: view.graph.nodeCount)
  }

  /// Reaches from `sources`, each held in full, and returns how many nodes it reached.
  /// - Complexity: O(nodes and edges visited), each node expanded at most eight times.
  @discardableResult
  public mutating func run(from sources: [AccessGraph.NodeIndex]) -> Int {
    for v in queue {
      identity[Int(v)] = 0
      target[Int(v)] = 0
    }
    queue.removeAll(keepingCapacity: true)
    var reached = 0
    let view = self.view
    view.graph.withForwardAdjacency { offsets, targets in
      view.edgeRules.withUnsafeBufferPointer { rules in
        identity.withUnsafeMutableBufferPointer { identity in
          target.withUnsafeMutableBufferPointer { target in
            queued.withUnsafeMutableBufferPointer { queued in
              for s in sources where view.isPresent(s) && identity[s] == 0 {
                identity[s] = 4
                reached += 1
                queued[s] = true
                queue.append(Int32(s))
              }
              var head = 0
              while head < queue.count {
                let v = Int(queue[head])
                head += 1
                queued[v] = false
                let held = identity[v]
                let onIt = max(held, target[v])
                for e in Int(offsets[v])..<Int(offsets[v + 1]) {
                  let rule = rules[e]
                  guard rule.isLive else { continue }
                  let w = Int(targets[e])
                  let fresh = identity[w] | target[w] == 0
                  switch rule.classBits {
                  case EdgeRule.permissionBits:
                    let t = min(held, rule.capLevel)
                    guard t > target[w] else { continue }
                    target[w] = t
                  case EdgeRule.pivotBits:
                    guard onIt >= rule.requiredLevel, rule.capLevel > identity[w] else { continue }
                    identity[w] = rule.capLevel
                  default:
                    let t = min(held, rule.capLevel)
                    guard t > identity[w] else { continue }
                    identity[w] = t
                  }
                  if fresh { reached += 1 }
                  if !queued[w] {
                    queued[w] = true
                    queue.append(Int32(w))
                  }
                }
              }
            }
          }
        }
      }
    }
    return reached
  }

  /// The highest tier at which the last run reached `n`, or nil.
  /// - Complexity: O(1).
  public func tier(of n: AccessGraph.NodeIndex) -> Tier? { Tier(rawValue: max(identity[n], target[n])) }

  /// The last run's levels as a result that outlives the engine.
  /// - Complexity: O(n).
  func result(sources: [AccessGraph.NodeIndex]) -> ReachResult {
    ReachResult(sources: sources, identityLevels: identity, targetLevels: target)
  }
}
