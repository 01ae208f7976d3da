import Testing

@testable import PathFinder

@Suite("Selector values")
struct GlobTests {
  @Test(
    "wildcards and alternatives match exactly what they should",
    arguments: [
      ("alice", "alice", true), ("alice", "alic", false), ("alice", "alice2", false), ("", "", true), ("", "a", false),
      ("*", "", true), ("*", "anything", true), ("a*", "a", true), ("a*", "ba", false), ("*a", "ba", true),
      ("a*a", "a", false), ("a*a", "aa", true), ("a*a", "aba", true), ("*ab*ab*", "xabyab", true), ("*ab*ab*", "xab", false),
      ("*ab*ab*", "abab", true), ("*aba*", "xabax", true), ("a*b*c", "abc", true), ("a*b*c", "acb", false),
      ("high|critical", "critical", true), ("high|critical", "low", false), ("h*|c*", "crit", true), ("a||b", "b", true),
      ("é*", "ecole", false), ("é*", "éc", true), ("*ü", "Müü", true), ("sa-*@*.iam", "sa-1@p.iam", true),
      ("sa-*@*.iam", "sa-1.iam", false), ("a*", "a*b", true), ("a?c", "abc", false),
    ])
  func matches(pattern: String, text: String, expected: Bool) {
    #expect(Glob(pattern).matches(text) == expected, "\(pattern) ~ \(text)")
  }
}
