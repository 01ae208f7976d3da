/// Interns kind names (node and edge kinds share one table) as small integers.
public struct KindTable: Sendable, Equatable {
  public private(set) var names: [String] = []
  private var lookup: [String: UInt16] = [:]

  public init() {}

  /// The number of distinct kinds.
  public var count: Int { names.count }

  /// The id of `name`, adding it if new; nil once 65,535 kinds exist.
  /// - Complexity: O(1) on average.
  public mutating func intern(_ name: String) -> UInt16? {
    if let id = lookup[name] { return id }
    guard names.count < Int(UInt16.max) else { return nil }
    let id = UInt16(names.count)
    names.append(name)
    lookup[name] = id
    return id
  }

  /// The id of `name` if it was interned.
  /// - Complexity: O(1) on average.
  public func id(of name: String) -> UInt16? { lookup[name] }

  /// The name of kind `id`.
  /// - Complexity: O(1).
  public subscript(id: UInt16) -> String { names[Int(id)] }
}
