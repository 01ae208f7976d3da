/// Interns kind names (node and edge kinds share one table) as small integers.
public struct KindTable: Sendable, Equatable {
  public private(set) var names: [String] = []
  private var lookup: [String: UInt16] = [:]
  // Records of one kind come in runs (a file's MemberOf edges, then its CanRead edges), so the
  // last answer is usually the next one and saves hashing the name.
  private var last: (name: String, id: UInt16)?

  public init() {}

  /// The number of distinct kinds.
  public var count: Int { names.count }

  /// The id of `name`, adding it if new; nil once 65,535 kinds exist.
  /// - Complexity: O(1) on average.
  public mutating func intern(_ name: String) -> UInt16? {
    if let last, last.name == name { return last.id }
    if let id = lookup[name] {
      last = (name, id)
      return id
    }
    guard names.count < Int(UInt16.max) else { return nil }
    let id = UInt16(names.count)
    names.append(name)
    lookup[name] = id
    return id
  }

  /// The id of `name` if it was interned.
  /// - Complexity: O(1) on average.
  public func id(of name: String) -> UInt16? { lookup[name] }

  /// Whether two tables name the same kinds in the same order.
  public static func == (a: KindTable, b: KindTable) -> Bool { a.names == b.names }

  /// The name of kind `id`.
  /// - Complexity: O(1).
  public subscript(id: UInt16) -> String { names[Int(id)] }
}
