/// Wildcard matching on UTF-8 bytes, shared by selector values and IAM policy patterns: `*`
/// stands for any run of bytes and, when `anyOne` is given, that byte for any single byte.
public enum Wildcard {
  /// Whether `text` matches `pattern` as a whole.
  /// - Complexity: O(p · t) worst case, O(p + t) without backtracking.
  public static func matches(_ pattern: [UInt8], _ text: [UInt8], anyOne: UInt8? = nil) -> Bool {
    text.withUnsafeBufferPointer { matches(pattern, $0, anyOne: anyOne) }
  }

  /// Whether the bytes of `text` match `pattern` as a whole.
  /// - Complexity: O(p · t) worst case, O(p + t) without backtracking.
  public static func matches(_ p: [UInt8], _ t: UnsafeBufferPointer<UInt8>, anyOne: UInt8? = nil) -> Bool {
    let star = UInt8(ascii: "*")
    var pi = 0
    var ti = 0
    // The last `*` seen and the text position it currently swallows up to.
    var lastStar = -1
    var mark = 0
    while ti < t.count {
      if pi < p.count && p[pi] != star && (p[pi] == t[ti] || p[pi] == anyOne) {
        pi += 1
        ti += 1
      } else if pi < p.count && p[pi] == star {
        lastStar = pi
        mark = ti
        pi += 1
      } else if lastStar >= 0 {
        pi = lastStar + 1
        mark += 1
        ti = mark
      } else {
        return false
      }
    }
    while pi < p.count && p[pi] == star { pi += 1 }
    return pi == p.count
  }
}
