/// The known names closest to a mistyped one, for "did you mean" messages.
public enum Nearest {
  /// Up to `limit` of `known` within a small edit distance of `name` (case ignored), nearest
  /// first, then alphabetically.
  /// - Complexity: O(k · |name| · |known name|).
  public static func names(to name: String, among known: some Sequence<String>, limit: Int = 3) -> [String] {
    let target = Array(name.lowercased().unicodeScalars)
    let allowed = max(2, target.count / 3)
    var scored: [(Int, String)] = []
    for candidate in Set(known) {
      let d = distance(target, Array(candidate.lowercased().unicodeScalars))
      let contains = candidate.lowercased().contains(name.lowercased()) || name.lowercased().contains(candidate.lowercased())
      if d <= allowed || (contains && min(target.count, candidate.count) >= 3) { scored.append((d, candidate)) }
    }
    return scored.sorted { $0 < $1 }.prefix(limit).map(\.1)
  }

  /// "; did you mean A, B?" or nothing.
  public static func hint(for name: String, among known: some Sequence<String>) -> String {
    let near = names(to: name, among: known)
    return near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?"
  }

  private static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
      current[0] = i
      for j in stride(from: 1, through: b.count, by: 1) {
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[b.count]
  }
}
