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

  /// The tier a single scope grants, or nil when its words are not recognised.
  /// - Complexity: O(n) in the length of the scope.
  public static func tier(of scope: String) -> Tier? {
    let s = scope.lowercased()
    let adminWords = ["admin", "owner", "manage", "full_access", "fullaccess", "rolemanagement", "impersonat", ".all:write", "sudo", "root"]
    if adminWords.contains(where: s.contains) || s.contains("readwrite.all") && s.contains("directory") { return .admin }
    let actWords = ["write", "send", "create", "delete", "update", "execute", "invoke", "modify", "post", "put", "edit"]
    if actWords.contains(where: s.contains) { return .act }
    let proposeWords = ["propose", "draft", "suggest", "comment", "recommend"]
    if proposeWords.contains(where: s.contains) { return .propose }
    let readWords = ["read", "view", "list", "get", "openid", "profile", "email", "offline_access", "search"]
    if readWords.contains(where: s.contains) { return .read }
    return nil
  }
}
