import AccessGraph

extension PlanLayout {
  /// Checks that the layout is well formed for a plan of `places` places: monotone offsets
  /// covering every slot, targets inside the plan, only live edges.
  ///
  /// Compiled only with `PATHSCAN_INVARIANTS` (debug builds), so release traversal pays
  /// nothing.
  /// - Complexity: O(n + e) when enabled, O(1) otherwise.
  @inline(__always)
  func checkInvariants(places: Int) {
    #if PATHSCAN_INVARIANTS
      precondition(offsets.count == places + 1 && offsets.first == 0)
      precondition(offsets.last.map(Int.init) == targets.count && rules.count == targets.count)
      for p in 0..<places { precondition(offsets[p] <= offsets[p + 1]) }
      precondition(targets.allSatisfy { Int($0) < places })
      precondition(rules.allSatisfy(\.isLive))
    #endif
  }
}
