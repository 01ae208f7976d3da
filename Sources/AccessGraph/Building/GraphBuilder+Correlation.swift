extension GraphBuilder {
  /// Built-in category kinds: correlation only links nodes of the same one.
  static let categoryKinds: Set<String> = [
    "Human", "Agent", "ServiceAccount", "Group", "Role", "Application", "Credential", "Resource",
  ]

  /// Links nodes from different files that are the same person or workload: same category,
  /// same value of one of `keys` (compared case-insensitively). Each such node and the first
  /// of its group get `ActsAs` edges both ways, marked `correlation: <key>`, so paths cross
  /// from one system's account to the other's.
  ///
  /// Returns how many nodes were linked, by key.
  /// - Complexity: O(n) plus the size of the groups.
  public mutating func correlate(on keys: [String]) throws -> [String: Int] {
    var linked: [String: Int] = [:]
    for key in keys {
      var groups: [String: [Int]] = [:]
      for s in slotIDs.indices where slotDefined[s] {
        guard let value = slotProperties[s][key]?.matchText.lowercased(), !value.isEmpty else { continue }
        let category = slotKinds[s].map { kinds[$0] }.first { Self.categoryKinds.contains($0) } ?? "?"
        groups["\(category)\u{0}\(value)", default: []].append(s)
      }
      for (_, members) in groups.sorted(by: { $0.key < $1.key }) where members.count > 1 {
        let files = Set(members.compactMap { slotLocations[$0]?.file })
        guard files.count > 1 else { continue }
        let anchor = members[0]
        for other in members.dropFirst() where slotLocations[other]?.file != slotLocations[anchor]?.file {
          let properties = Properties([("correlation", .string(key))])
          let here = SourceLocation(file: "correlation", record: .named("\(key) \(slotProperties[other][key]?.matchText ?? "")"))
          try addEdge(kind: "ActsAs", start: .id(slotIDs[anchor]), end: .id(slotIDs[other]), properties: properties, at: here)
          try addEdge(kind: "ActsAs", start: .id(slotIDs[other]), end: .id(slotIDs[anchor]), properties: properties, at: here)
          linked[key, default: 0] += 1
        }
      }
    }
    return linked
  }
}
