/// The properties of one node or edge, in the order they were first given.
///
/// Most records carry a handful of keys, so a small array with linear lookup beats a
/// dictionary in both memory and speed, and keeps export order stable.
public struct Properties: Sendable, Hashable, Sequence {
  public typealias Entry = (key: String, value: PropertyValue)

  // One array of pairs: a record's properties cost a single allocation.
  private var entries: [Entry]

  /// An empty property set.
  public init() {
    entries = []
  }

  /// Properties from key/value pairs; a later duplicate key replaces the earlier value.
  /// - Complexity: O(n²) in the number of pairs, which is small.
  public init(_ pairs: [(String, PropertyValue)]) {
    self.init()
    entries.reserveCapacity(pairs.count)
    for (key, value) in pairs { self[key] = value }
  }

  /// Properties from pairs whose keys are known to differ, as a graph's columns hold them.
  /// - Complexity: O(1).
  init(distinct pairs: [Entry]) {
    entries = pairs
  }

  public var isEmpty: Bool { entries.isEmpty }
  public var count: Int { entries.count }

  /// The value for `key`, or nil. Setting nil removes the key.
  /// - Complexity: O(n) in the number of keys.
  public subscript(key: String) -> PropertyValue? {
    get { entries.first { $0.key == key }?.value }
    set {
      if let i = entries.firstIndex(where: { $0.key == key }) {
        if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
      } else if let newValue {
        entries.append((key, newValue))
      }
    }
  }

  public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }

  public static func == (lhs: Properties, rhs: Properties) -> Bool {
    lhs.entries.count == rhs.entries.count && lhs.entries.allSatisfy { rhs[$0.key] == $0.value }
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(entries.count)
  }
}
