import AccessGraph

extension BatchReach {
  /// The masks of one pass: for each node, in plan order, eight words (identity levels
  /// 1...4, then target levels 1...4).
  ///
  /// It owns one zeroed, cache-line-aligned allocation, so a worker can clear and reuse it
  /// pass after pass instead of faulting in fresh pages each time (at 2.5M nodes a fresh
  /// 160 MB allocation per pass cost a fifth of the run in page faults).
  final class MaskStore: @unchecked Sendable {
    // Sendable: a pass writes the store before handing it to anyone, and only reads follow.
    let count: Int
    let words: UnsafeMutablePointer<UInt64>

    /// A zeroed store for `nodeCount` nodes.
    /// - Complexity: O(n).
    init(nodeCount: Int) {
      count = max(1, nodeCount * 8)
      words = UnsafeMutableRawPointer.allocate(byteCount: count * 8, alignment: 64).bindMemory(to: UInt64.self, capacity: count)
      words.initialize(repeating: 0, count: count)
    }

    deinit { words.deallocate() }

    /// Zeroes every mask for the next pass.
    /// - Complexity: O(n).
    func clear() { words.update(repeating: 0, count: count) }

    /// Word `slot` (0...7) at plan place `p`.
    /// - Complexity: O(1).
    @inline(__always) subscript(p: Int, slot: Int) -> UInt64 {
      get { words[p * 8 + slot] }
      set { words[p * 8 + slot] = newValue }
    }
  }
}
