import AccessGraph

/// Reads a kinds manifest: JSON mapping other sources' kinds onto pathscan's categories,
/// classes and tiers.
///
/// ```json
/// {
///   "node_kinds": [{"name": "GH_User", "category": "human"}],
///   "relationship_kinds": [
///     {"name": "GH_MemberOf", "class": "inherit"},
///     {"name": "GH_CanWriteBranch", "class": "permission", "tier": "act"},
///     {"name": "GH_HasSecret", "class": "pivot", "requiresTier": "read"},
///     {"name": "GH_Contains", "is_traversable": false}
///   ]
/// }
/// ```
/// A BloodHound extension schema reads too: a relationship kind with `is_traversable: true`
/// and no `class` is `inherit`, with `false` it is `none`. Node kinds without a category are
/// left unmapped.
public enum KindsManifestReader {
  /// Parses manifest JSON text.
  public static func parse(_ bytes: [UInt8], file: String) throws -> KindsManifest {
    try JSONReader.read(bytes, file: file) { reader in
      _ = reader.peek()
      let root = try reader.readValue()
      try reader.expectEnd()
      guard case .object = root else {
        throw ImportError.invalid(
          file: file, line: nil, column: nil, path: "the document", message: "a manifest is a JSON object")
      }
      var manifest = KindsManifest.empty
      let place = { (path: String, message: String) in
        ImportError.invalid(file: file, line: nil, column: nil, path: path, message: message)
      }
      for (i, item) in try list(root, "node_kinds", place).enumerated() {
        let path = "node_kinds[\(i)]"
        guard let name = item["name"]?.stringValue else { throw place(path, "needs a string 'name'") }
        guard let categoryValue = item["category"] else { continue }
        guard let text = categoryValue.stringValue, let category = NodeCategory(name: text) else {
          throw place(
            "\(path).category",
            "unknown category; use one of \(NodeCategory.allCases.dropFirst().map(\.description).joined(separator: ", "))")
        }
        manifest.map(nodeKind: name, to: category)
      }
      for (i, item) in try list(root, "relationship_kinds", place).enumerated() {
        let path = "relationship_kinds[\(i)]"
        guard let name = item["name"]?.stringValue else { throw place(path, "needs a string 'name'") }
        let edgeClass: EdgeClass
        if let classValue = item["class"] {
          guard let text = classValue.stringValue, let parsed = EdgeClass(name: text) else {
            throw place(
              "\(path).class", "unknown class; use one of \(EdgeClass.allCases.map(\.description).joined(separator: ", "))")
          }
          edgeClass = parsed
        } else if let traversable = item["is_traversable"] {
          guard let flag = traversable.boolValue else { throw place("\(path).is_traversable", "must be true or false") }
          edgeClass = flag ? .inherit : .none
        } else {
          throw place(path, "needs 'class' (or BloodHound's 'is_traversable')")
        }
        let tier = try tierField(item, "tier", path, place)
        if edgeClass == .permission && tier == nil {
          throw place(path, "a permission kind needs a 'tier' (read, propose, act or admin)")
        }
        let requires = try tierField(item, "requiresTier", path, place) ?? (edgeClass == .pivot ? .read : nil)
        manifest.map(edgeKind: name, to: EdgeKindRule(edgeClass, tier: tier, requiresTier: requires))
      }
      return manifest
    }
  }

  private static func list(_ root: JSONValue, _ key: String, _ place: (String, String) -> ImportError) throws -> [JSONValue] {
    guard let value = root[key] else { return [] }
    guard let items = value.arrayValue else { throw place(key, "must be an array") }
    return items
  }

  private static func tierField(_ item: JSONValue, _ key: String, _ path: String, _ place: (String, String) -> ImportError) throws
    -> Tier?
  {
    guard let value = item[key] else { return nil }
    guard let text = value.stringValue, let tier = Tier(name: text) else {
      throw place("\(path).\(key)", "unknown tier; use read, propose, act or admin")
    }
    return tier
  }
}
