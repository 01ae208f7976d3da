import AccessGraph

/// The tier a permission or scope name implies (`Mail.ReadWrite` act, `okta.users.read` read),
/// for importers that meet permissions by name.
enum ScopeTier {
  static func of(_ permission: String) -> Tier {
    let p = permission.lowercased()
    if p.contains("readwrite") || p.contains("write") || p.contains("send") || p.contains("manage") { return .act }
    if p.contains("read") { return .read }
    return .act
  }
}
