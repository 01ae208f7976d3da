/// The properties of every node and edge of a graph, as columns: each distinct key and value
/// stored once, and each record a run of (key id, value id) pairs in two flat arrays.
///
/// Records of one export share most keys and many values (every edge's `tier`, every node's
/// `domain`), and a graph of millions of records would otherwise hold one small array per
/// record: at 2.5 million nodes and 9 million edges, building those arrays was most of what
/// reading a compiled graph cost. A compiled graph file stores these columns as they are.
struct PropertyColumns: Sendable {
  /// One record set: record `i`'s pairs are `pairs[2 * offsets[i] ..< 2 * offsets[i + 1]]`,
  /// alternating key id and value id, in the order the keys were first given.
  struct Records: Sendable, Equatable {
    var offsets: [UInt32] = [0]
    var pairs: [UInt32] = []

    /// The number of records.
    /// - Complexity: O(1).
    var count: Int { offsets.count - 1 }

    /// The positions of record `i`'s pairs (pair `p` is at `2p` and `2p + 1` in `pairs`).
    /// - Complexity: O(1).
    @inline(__always)
    func pairRange(_ i: Int) -> Range<Int> { Int(offsets[i])..<Int(offsets[i + 1]) }
  }

  /// Every key, by id.
  private(set) var keys: [String]
  private var keyIDs: [String: UInt32]
  /// Every distinct value, by id; an array's items come before it.
  private(set) var values: [PropertyValue]
  private(set) var nodes: Records
  private(set) var edges: Records

  init(keys: [String], values: [PropertyValue], nodes: Records, edges: Records) {
    self.keys = keys
    self.keyIDs = Dictionary(keys.enumerated().map { ($1, UInt32($0)) }, uniquingKeysWith: { first, _ in first })
    self.values = values
    self.nodes = nodes
    self.edges = edges
  }

  /// Columns for these property sets, interning keys and values.
  /// - Complexity: O(total number of properties) on average.
  init(nodes: [Properties], edges: [Properties]) {
    var interner = Interner(expectedValues: nodes.count)
    let nodeRecords = interner.records(nodes)
    let edgeRecords = interner.records(edges)
    self.init(keys: interner.keys, values: interner.values, nodes: nodeRecords, edges: edgeRecords)
  }

  /// The id of `name`, if any record has that key.
  /// - Complexity: O(1) on average.
  func key(named name: String) -> UInt32? { keyIDs[name] }

  /// The value of key `key` in record `i` of `records`.
  /// - Complexity: O(p) in the record's number of properties.
  @inline(__always)
  func value(_ key: UInt32, in records: Records, _ i: Int) -> PropertyValue? {
    for p in records.pairRange(i) where records.pairs[2 * p] == key {
      return values[Int(records.pairs[2 * p + 1])]
    }
    return nil
  }

  /// The id of key `key`'s value in record `i` of `records`.
  /// - Complexity: O(p) in the record's number of properties.
  @inline(__always)
  func valueID(_ key: UInt32, in records: Records, _ i: Int) -> UInt32? {
    for p in records.pairRange(i) where records.pairs[2 * p] == key { return records.pairs[2 * p + 1] }
    return nil
  }

  /// Record `i` of `records` as a property set of its own.
  /// - Complexity: O(p) in the record's number of properties.
  func properties(in records: Records, _ i: Int) -> Properties {
    let range = records.pairRange(i)
    if range.isEmpty { return Properties() }
    return Properties(
      distinct: range.map { p in (key: keys[Int(records.pairs[2 * p])], value: values[Int(records.pairs[2 * p + 1])]) })
  }

  /// Assigns ids to keys and values in the order first met.
  ///
  /// Interning is the cost property columns add to building a graph (a tenth of a JSON import
  /// at first), so the common cases skip the hashing: an export has few keys, found by
  /// comparing small strings, and a key's value often repeats the one before (every edge of a
  /// run at `tier: admin`).
  private struct Interner {
    var keys: [String] = []
    var keyIDs: [String: UInt32] = [:]
    var values: [PropertyValue] = []
    var valueIDs: [PropertyValue: UInt32] = [:]
    /// The value each key last had, by key id.
    var lastValue: [UInt32] = []

    init(expectedValues: Int) {
      valueIDs.reserveCapacity(expectedValues)
    }

    mutating func records(_ sets: [Properties]) -> Records {
      var records = Records()
      records.offsets.reserveCapacity(sets.count + 1)
      for properties in sets {
        for (key, value) in properties {
          let k = keyID(key)
          records.pairs.append(k)
          let last = lastValue[Int(k)]
          if last != .max, values[Int(last)] == value {
            records.pairs.append(last)
          } else {
            let v = valueID(value)
            lastValue[Int(k)] = v
            records.pairs.append(v)
          }
        }
        records.offsets.append(UInt32(records.pairs.count / 2))
      }
      return records
    }

    private mutating func keyID(_ key: String) -> UInt32 {
      if keys.count <= 32 {
        if let id = keys.firstIndex(of: key) { return UInt32(id) }
      } else if let id = keyIDs[key] {
        return id
      }
      let id = UInt32(keys.count)
      keys.append(key)
      keyIDs[key] = id
      lastValue.append(.max)
      return id
    }

    private mutating func valueID(_ value: PropertyValue) -> UInt32 {
      if let id = valueIDs[value] { return id }
      if case .array(let items) = value {
        for item in items { _ = valueID(item) }
      }
      let id = UInt32(values.count)
      values.append(value)
      valueIDs[value] = id
      return id
    }
  }
}

extension PropertyColumns: Equatable {
  /// Equal when every record holds the same keys with the same values; ids and the order of
  /// keys within a record are not compared.
  /// - Complexity: O(total number of properties).
  static func == (lhs: PropertyColumns, rhs: PropertyColumns) -> Bool {
    guard lhs.nodes.count == rhs.nodes.count, lhs.edges.count == rhs.edges.count else { return false }
    for n in 0..<lhs.nodes.count where lhs.properties(in: lhs.nodes, n) != rhs.properties(in: rhs.nodes, n) {
      return false
    }
    for e in 0..<lhs.edges.count where lhs.properties(in: lhs.edges, e) != rhs.properties(in: rhs.edges, e) {
      return false
    }
    return true
  }
}
