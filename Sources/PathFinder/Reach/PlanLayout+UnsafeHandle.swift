import AccessGraph

extension PlanLayout {
  /// The layout's arrays as raw buffers for the inner loops of reach, valid only inside
  /// `withUnsafeHandle`; the one place traversal reads adjacency without Swift's bounds
  /// checks. With `PATHSCAN_INVARIANTS` (debug builds) each access asserts its bounds.
  struct _UnsafeHandle {
    private let offsets: UnsafeBufferPointer<UInt32>
    private let targets: UnsafeBufferPointer<UInt32>
    private let rules: UnsafeBufferPointer<EdgeRule>

    fileprivate init(
      offsets: UnsafeBufferPointer<UInt32>, targets: UnsafeBufferPointer<UInt32>, rules: UnsafeBufferPointer<EdgeRule>
    ) {
      self.offsets = offsets
      self.targets = targets
      self.rules = rules
    }

    /// The edge slots of place `p`.
    /// - Complexity: O(1).
    @inline(__always)
    func edges(of p: Int) -> Range<Int> {
      #if PATHSCAN_INVARIANTS
        precondition(p >= 0 && p + 1 < offsets.count, "place \(p) outside the layout")
      #endif
      return Int(offsets[p])..<Int(offsets[p + 1])
    }

    /// The plan place edge slot `e` leads to.
    /// - Complexity: O(1).
    @inline(__always)
    func target(_ e: Int) -> Int {
      #if PATHSCAN_INVARIANTS
        precondition(e >= 0 && e < targets.count, "edge slot \(e) outside the layout")
      #endif
      return Int(targets[e])
    }

    /// The rule of edge slot `e`.
    /// - Complexity: O(1).
    @inline(__always)
    func rule(_ e: Int) -> EdgeRule {
      #if PATHSCAN_INVARIANTS
        precondition(e >= 0 && e < rules.count, "edge slot \(e) outside the layout")
      #endif
      return rules[e]
    }
  }

  /// Runs `body` with a handle on the layout's buffers.
  /// - Complexity: O(1) beyond `body`.
  func withUnsafeHandle<R>(_ body: (_UnsafeHandle) throws -> R) rethrows -> R {
    try offsets.withUnsafeBufferPointer { offsets in
      try targets.withUnsafeBufferPointer { targets in
        try rules.withUnsafeBufferPointer { rules in
          try body(_UnsafeHandle(offsets: offsets, targets: targets, rules: rules))
        }
      }
    }
  }
}
