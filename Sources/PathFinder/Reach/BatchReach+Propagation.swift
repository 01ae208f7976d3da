import AccessGraph

extension BatchReach {
  /// The inner loop of a pass, over raw buffers: the only place that reads the layout
  /// without bounds checks, scoped to the buffers' lifetime.
  enum Propagation {
    /// Settles every node from plan place `first` on; `stopped` (by plan place, or empty)
    /// marks nodes reached but not gone through, except by the seeds in `ownSeeds`.
    static func run(
      layout: PlanLayout, plan: ReachPlan, stopped: [Bool], ownSeeds: [Int: UInt64], dirty: inout [Bool], from first: Int,
      store: MaskStore
    ) {
      let m = store.words
      layout.withUnsafeHandle { layout in
        plan.componentStart.withUnsafeBufferPointer { componentStart in
          plan.componentEnd.withUnsafeBufferPointer { componentEnd in
            dirty.withUnsafeMutableBufferPointer { dirty in
              let n = dirty.count
              var p = first
              while p < n {
                // Settle one component: sweep all of it, even members before the first
                // dirty one, until no member changes.
                let end = Int(componentEnd[p])
                let start = Int(componentStart[p])
                var again = true
                while again {
                  again = false
                  for q in start..<end where dirty[q] {
                    dirty[q] = false
                    let pass = stopped.isEmpty || !stopped[q] ? ~0 : ownSeeds[q] ?? 0
                    if expand(q, pass, layout, dirty, m, componentStart: start) { again = true }
                  }
                }
                p = end
                while p < n && !dirty[p] { p += 1 }
              }
            }
          }
        }
      }
    }

    /// Pushes place `p`'s masks along its out-edges; true when a member of its own component
    /// at or before it changed, so the component needs another sweep.
    @inline(__always)
    static func expand(
      _ p: Int, _ pass: UInt64, _ layout: PlanLayout._UnsafeHandle, _ dirty: UnsafeMutableBufferPointer<Bool>,
      _ m: UnsafeMutablePointer<UInt64>,
      componentStart: Int
    ) -> Bool {
      let b = m + p * 8
      let identity = (b[0] & pass, b[1] & pass, b[2] & pass, b[3] & pass)
      let held = (identity.0 | b[4] & pass, identity.1 | b[5] & pass, identity.2 | b[6] & pass, identity.3 | b[7] & pass)
      if held.0 == 0 { return false }
      var revisit = false
      for e in layout.edges(of: p) {
        let rule = layout.rule(e)
        let w = layout.target(e)
        let wb = m + w * 8
        let step = Holding.step(identity: identity, held: held, over: rule)
        // Read or above is every source that gets anything: none, nothing to merge.
        if step.bits.0 != 0 && merge(step.asIdentity ? wb : wb + 4, step.bits, step.cap) {
          dirty[w] = true
          if w <= p && w >= componentStart { revisit = true }
        }
      }
      return revisit
    }

    /// ORs `bits` into the first `cap` levels at `slot`; whether anything was new.
    @inline(__always)
    static func merge(_ slot: UnsafeMutablePointer<UInt64>, _ bits: (UInt64, UInt64, UInt64, UInt64), _ cap: Int) -> Bool {
      var new: UInt64 = bits.0 & ~slot[0]
      slot[0] |= bits.0
      if cap >= 2 {
        new |= bits.1 & ~slot[1]
        slot[1] |= bits.1
      }
      if cap >= 3 {
        new |= bits.2 & ~slot[2]
        slot[2] |= bits.2
      }
      if cap >= 4 {
        new |= bits.3 & ~slot[3]
        slot[3] |= bits.3
      }
      return new != 0
    }
  }
}
