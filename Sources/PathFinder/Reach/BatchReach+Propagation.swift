import AccessGraph

extension BatchReach {
  /// The inner loop of a pass, over raw buffers: the only place that reads the adjacency and
  /// rule arrays without bounds checks, scoped to the buffers' lifetime.
  enum Propagation {
    static func run(
      view: TraversalView, plan: ReachPlan, passOn: [UInt64], dirty: inout [Bool], from first: Int,
      masks m: UnsafeMutableBufferPointer<UInt64>
    ) {
      view.graph.withForwardAdjacency { offsets, targets in
        view.edgeRules.withUnsafeBufferPointer { rules in
          plan.order.withUnsafeBufferPointer { order in
            plan.position.withUnsafeBufferPointer { position in
              plan.componentEnd.withUnsafeBufferPointer { componentEnd in
                passOn.withUnsafeBufferPointer { passOn in
                  dirty.withUnsafeMutableBufferPointer { dirty in
                    var p = first
                    while p < order.count {
                      // Settle one component: sweep it until no member changes.
                      let end = Int(componentEnd[p])
                      let start = p
                      var again = true
                      while again {
                        again = false
                        for q in start..<end where dirty[q] {
                          dirty[q] = false
                          if expand(Int(order[q]), offsets, targets, rules, position, passOn, dirty, m, componentStart: start) {
                            again = true
                          }
                        }
                      }
                      p = end
                      while p < order.count && !dirty[p] { p += 1 }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }

    /// Pushes node `v`'s masks along its out-edges; true when a member of its own component
    /// at or before it changed, so the component needs another sweep.
    @inline(__always)
    static func expand(
      _ v: Int, _ offsets: UnsafeBufferPointer<UInt32>, _ targets: UnsafeBufferPointer<UInt32>,
      _ rules: UnsafeBufferPointer<EdgeRule>, _ position: UnsafeBufferPointer<UInt32>,
      _ passOn: UnsafeBufferPointer<UInt64>, _ dirty: UnsafeMutableBufferPointer<Bool>, _ m: UnsafeMutableBufferPointer<UInt64>,
      componentStart: Int
    ) -> Bool {
      let b = v * 8
      let pass = passOn[v]
      let identity = (m[b] & pass, m[b + 1] & pass, m[b + 2] & pass, m[b + 3] & pass)
      let held = (
        identity.0 | m[b + 4] & pass, identity.1 | m[b + 5] & pass, identity.2 | m[b + 6] & pass, identity.3 | m[b + 7] & pass
      )
      if held.0 == 0 { return false }
      let here = Int(position[v])
      var revisit = false
      for e in Int(offsets[v])..<Int(offsets[v + 1]) {
        let rule = rules[e]
        guard rule.isLive else { continue }
        let w = Int(targets[e])
        let wb = w * 8
        var changed = false
        let cap = Int(rule.capLevel)
        switch rule.classBits {
        case EdgeRule.permissionBits:
          changed = merge(m, wb + 4, identity, cap)
        case EdgeRule.pivotBits:
          let bits: UInt64
          switch rule.requiredLevel {
          case 1: bits = held.0
          case 2: bits = held.1
          case 3: bits = held.2
          default: bits = held.3
          }
          if bits != 0 { changed = merge(m, wb, (bits, bits, bits, bits), cap) }
        default:
          changed = merge(m, wb, identity, cap)
        }
        if changed {
          let p = Int(position[w])
          dirty[p] = true
          if p <= here && p >= componentStart { revisit = true }
        }
      }
      return revisit
    }

    /// ORs `bits` into the first `cap` levels at `slot`; whether anything was new.
    @inline(__always)
    static func merge(_ m: UnsafeMutableBufferPointer<UInt64>, _ slot: Int, _ bits: (UInt64, UInt64, UInt64, UInt64), _ cap: Int)
      -> Bool
    {
      var new: UInt64 = bits.0 & ~m[slot]
      m[slot] |= bits.0
      if cap >= 2 {
        new |= bits.1 & ~m[slot + 1]
        m[slot + 1] |= bits.1
      }
      if cap >= 3 {
        new |= bits.2 & ~m[slot + 2]
        m[slot + 2] |= bits.2
      }
      if cap >= 4 {
        new |= bits.3 & ~m[slot + 3]
        m[slot + 3] |= bits.3
      }
      return new != 0
    }
  }
}
