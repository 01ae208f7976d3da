import AccessGraph

/// Derives a tier cap from OAuth scopes or permission names when an edge has no `tier`.
///
/// The cap is the highest tier any scope needs. A scope whose words are not recognised caps
/// nothing: assuming full access is the safe mistake for a tool that looks for exposure.
public enum ScopeTiers {
  /// The cap implied by `scopes`, or nil when some scope is not recognised.
  /// - Complexity: O(s) in the total length of the scopes.
  public static func cap(for scopes: [String]) -> Tier? {
    var highest: Tier?
    for scope in scopes where !scope.isEmpty {
      guard let tier = tier(of: scope) else { return nil }
      highest = max(highest ?? tier, tier)
    }
    return highest
  }

  static let words: [(Tier, [[UInt8]])] =
    ([
      (
        .admin,
        [
          "admin", "owner", "manage", "full_access", "fullaccess", "rolemanagement", "impersonat", "sudo", "root",
          "directory.readwrite",
        ]
      ),
      (.act, ["write", "send", "create", "delete", "update", "execute", "invoke", "modify", "post", "put", "edit", "repo"]),
      (.propose, ["propose", "draft", "suggest", "comment", "recommend"]),
      (.read, ["read", "view", "list", "get", "openid", "profile", "email", "offline_access", "search"]),
    ] as [(Tier, [String])]).map { ($0.0, $0.1.map { Array($0.utf8) }) }

  /// The tier a single scope grants, or nil when its words are not recognised.
  /// - Complexity: O(n) in the length of the scope.
  public static func tier(of scope: String) -> Tier? {
    let lowered = scope.utf8.map { $0 &- UInt8(ascii: "A") < 26 ? $0 | 0x20 : $0 }
    for (tier, list) in words where list.contains(where: { contains(lowered, $0) }) { return tier }
    return nil
  }

  private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard needle.count <= haystack.count else { return false }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
      if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
    }
    return false
  }
}
