/// The properties of one node or edge, in the order they were first given.
///
/// Most records carry a handful of keys, so a small array with linear lookup beats a
/// dictionary in both memory and speed, and keeps export order stable.
public struct Properties: Sendable, Hashable, Sequence {
  public typealias Entry = (key: String, value: PropertyValue)

  private var keys: [String]
  private var values: [PropertyValue]

  /// An empty property set.
  public init() {
    keys = []
    values = []
  }

  /// Properties from key/value pairs; a later duplicate key replaces the earlier value.
  /// - Complexity: O(n²) in the number of pairs, which is small.
  public init(_ pairs: [(String, PropertyValue)]) {
    self.init()
    for (key, value) in pairs { self[key] = value }
  }

  public var isEmpty: Bool { keys.isEmpty }
  public var count: Int { keys.count }

  /// The value for `key`, or nil. Setting nil removes the key.
  /// - Complexity: O(n) in the number of keys.
  public subscript(key: String) -> PropertyValue? {
    get { keys.firstIndex(of: key).map { values[$0] } }
    set {
      if let i = keys.firstIndex(of: key) {
        if let newValue {
          values[i] = newValue
        } else {
          keys.remove(at: i)
          values.remove(at: i)
        }
      } else if let newValue {
        keys.append(key)
        values.append(newValue)
      }
    }
  }

  public func makeIterator() -> some IteratorProtocol<Entry> {
    zip(keys, values).lazy.map { (key: $0.0, value: $0.1) }.makeIterator()
  }

  public static func == (lhs: Properties, rhs: Properties) -> Bool {
    lhs.keys.count == rhs.keys.count && lhs.keys.indices.allSatisfy { rhs[lhs.keys[$0]] == lhs.values[$0] }
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(keys.count)
  }
}
