import AccessGraph

extension ReachPlan {
  /// Checks that `order` and `position` are inverse permutations of the nodes and that each
  /// component is one run of places that all its members agree on.
  ///
  /// Compiled only with `PATHSCAN_INVARIANTS` (debug builds).
  /// - Complexity: O(n) when enabled, O(1) otherwise.
  @inline(__always)
  func checkInvariants() {
    #if PATHSCAN_INVARIANTS
      let n = order.count
      precondition(position.count == n && componentStart.count == n && componentEnd.count == n)
      for p in 0..<n { precondition(Int(position[Int(order[p])]) == p) }
      var components = 0
      var p = 0
      while p < n {
        let start = Int(componentStart[p])
        let end = Int(componentEnd[p])
        precondition(start == p && end > p && end <= n)
        for q in p..<end { precondition(Int(componentStart[q]) == start && Int(componentEnd[q]) == end) }
        components += 1
        p = end
      }
      precondition(components == componentCount)
    #endif
  }
}
