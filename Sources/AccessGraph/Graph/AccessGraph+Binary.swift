extension AccessGraph {
  /// The graph's sections of a compiled graph file: ids, kinds, adjacency, properties and
  /// provenance, as flat arrays. The reverse adjacency and the id lookup are rebuilt on
  /// reading rather than stored, so they cannot disagree with the forward arrays.
  /// - Complexity: O(n + e + total property size).
  func encode(into writer: inout BinaryWriter) {
    writer.write(strings: nodeIDs)
    writer.write(strings: kinds.names)
    writer.write(array: nodeKindOffsets)
    writer.write(array: nodeKindIDs)
    writer.write(strings: sourceFiles)
    writer.write(array: Self.words(of: nodeOrigins))
    writer.write(array: outOffsets)
    writer.write(array: outTargets)
    writer.write(array: edgeKindIDs)
    writer.write(array: Self.words(of: edgeOrigins))
    var table = PropertyTable()
    let nodeEntries = table.entries(of: nodeProperties)
    let edgeEntries = table.entries(of: edgeProperties)
    table.encode(into: &writer)
    for entries in [nodeEntries, edgeEntries] {
      writer.write(array: entries.ends)
      writer.write(array: entries.pairs)
    }
  }

  /// Reads the sections `encode(into:)` wrote, checking every index against what it indexes.
  /// - Complexity: O(n + e log d + total property size).
  init(decoding reader: inout BinaryReader) throws {
    reader.section = "node ids"
    let nodeIDs = try reader.readStrings()
    let n = nodeIDs.count
    var idLookup: [String: UInt32] = [:]
    idLookup.reserveCapacity(n)
    for (i, id) in nodeIDs.enumerated() where idLookup.updateValue(UInt32(i), forKey: id) != nil {
      throw GraphFileError.damaged(
        section: reader.section, offset: reader.offset, reason: "node id '\(id.excerpt)' appears twice")
    }
    reader.section = "kinds"
    var kinds = KindTable()
    for name in try reader.readStrings() where kinds.id(of: name) != nil || kinds.intern(name) == nil {
      throw GraphFileError.damaged(section: reader.section, offset: reader.offset, reason: "kind '\(name.excerpt)' appears twice")
    }
    reader.section = "node kinds"
    let nodeKindOffsets = try Self.offsets(&reader, count: n)
    let nodeKindIDs = try Self.indexes(&reader, UInt16.self, below: kinds.count, count: Int(nodeKindOffsets.last!))
    reader.section = "source files"
    let sourceFiles = try reader.readStrings()
    reader.section = "node origins"
    let nodeOrigins = try Self.origins(&reader, count: n)
    reader.section = "edges"
    let outOffsets = try Self.offsets(&reader, count: n)
    let e = Int(outOffsets.last!)
    let outTargets = try Self.indexes(&reader, UInt32.self, below: n, count: e)
    reader.section = "edge kinds"
    let edgeKindIDs = try Self.indexes(&reader, UInt16.self, below: kinds.count, count: e)
    reader.section = "edge origins"
    let edgeOrigins = try Self.origins(&reader, count: reader.peekCount() == 0 ? 0 : e)
    reader.section = "property values"
    let table = try PropertyTable(decoding: &reader)
    reader.section = "node properties"
    let nodeProperties = try table.properties(&reader, count: n)
    reader.section = "edge properties"
    let edgeProperties = try table.properties(&reader, count: e)

    // In-edge ids are found by searching sorted out-lists, so the order is part of the format.
    reader.section = "edges"
    let rank = kinds.names.indices.sorted { kinds.names[$0] < kinds.names[$1] }.enumerated()
      .reduce(into: [Int](repeating: 0, count: kinds.count)) { $0[$1.element] = $1.offset }
    for v in 0..<n {
      let list = Int(outOffsets[v])..<Int(outOffsets[v + 1])
      for i in list.dropFirst()
      where (outTargets[i - 1], rank[Int(edgeKindIDs[i - 1])]) >= (outTargets[i], rank[Int(edgeKindIDs[i])]) {
        throw GraphFileError.damaged(
          section: reader.section, offset: reader.offset, reason: "node \(v)'s out-edges are not in order or repeat one")
      }
    }
    let reverse = GraphBuilder.reverseAdjacency(nodeCount: n, offsets: outOffsets, targets: outTargets)
    self.init(
      nodeIDs: nodeIDs, idLookup: idLookup, kinds: kinds, nodeKindOffsets: nodeKindOffsets, nodeKindIDs: nodeKindIDs,
      nodeProperties: nodeProperties, nodeOrigins: nodeOrigins, sourceFiles: sourceFiles, outOffsets: outOffsets,
      outTargets: outTargets, edgeKindIDs: edgeKindIDs, edgeProperties: edgeProperties, edgeOrigins: edgeOrigins,
      inOffsets: reverse.offsets, inSources: reverse.sources)
  }

  /// `count + 1` offsets from 0, never decreasing.
  private static func offsets(_ reader: inout BinaryReader, count: Int) throws -> [UInt32] {
    let at = reader.offset
    let offsets = try reader.readArray(UInt32.self)
    guard offsets.count == count + 1, offsets.first == 0 else {
      throw GraphFileError.damaged(
        section: reader.section, offset: at,
        reason: "\(offsets.count) offsets for \(count) records (expected \(count + 1) from 0)")
    }
    for i in 1..<offsets.count where offsets[i] < offsets[i - 1] {
      throw GraphFileError.damaged(section: reader.section, offset: at, reason: "offset \(i) goes backwards")
    }
    return offsets
  }

  /// `count` indexes, each below `limit`.
  private static func indexes<T: FixedWidthInteger>(
    _ reader: inout BinaryReader, _: T.Type, below limit: Int, count: Int
  ) throws -> [T] {
    let at = reader.offset
    let values = try reader.readArray(T.self)
    guard values.count == count else {
      throw GraphFileError.damaged(section: reader.section, offset: at, reason: "\(values.count) entries where \(count) belong")
    }
    if let bad = values.first(where: { Int($0) >= limit }) {
      throw GraphFileError.damaged(section: reader.section, offset: at, reason: "index \(bad) is past the last (\(limit - 1))")
    }
    return values
  }

  /// Origins as (file, line) words, the form `origins(_:count:)` reads.
  private static func words(of origins: [NodeOrigin]) -> [UInt32] {
    var words: [UInt32] = []
    words.reserveCapacity(2 * origins.count)
    for origin in origins {
      words.append(origin.file)
      words.append(origin.line)
    }
    return words
  }

  /// `count` (file, line) pairs; a file past the list means unknown, as the builder writes.
  private static func origins(_ reader: inout BinaryReader, count: Int) throws -> [NodeOrigin] {
    let at = reader.offset
    let words = try reader.readArray(UInt32.self)
    guard words.count == 2 * count else {
      throw GraphFileError.damaged(
        section: reader.section, offset: at, reason: "\(words.count / 2) origins where \(count) belong")
    }
    return (0..<count).map { NodeOrigin(file: words[2 * $0], line: words[2 * $0 + 1]) }
  }
}

/// Property keys and values, each distinct one stored once: records of one export share most
/// of them (every edge's `tier`, every node's `domain`), and reading then builds each value
/// once and shares it.
struct PropertyTable {
  private enum Tag: UInt8 {
    case string, number, falseValue, trueValue, array
  }

  private var keys: [String] = []
  private var keyIDs: [String: UInt32] = [:]
  private var tags: [UInt8] = []
  /// A string or number's text index, or an array's first item in `items`.
  private var first: [UInt32] = []
  /// An array's end in `items`; unused otherwise.
  private var end: [UInt32] = []
  private var items: [UInt32] = []
  private var texts: [String] = []
  private var valueIDs: [PropertyValue: UInt32] = [:]
  /// Decoded values, by id.
  private var values: [PropertyValue] = []

  init() {}

  /// Each record's end in the pair list, and (key id, value id) pairs.
  mutating func entries(of records: [Properties]) -> (ends: [UInt64], pairs: [UInt32]) {
    var ends: [UInt64] = []
    var pairs: [UInt32] = []
    ends.reserveCapacity(records.count)
    for properties in records {
      for (key, value) in properties {
        pairs.append(keyID(key))
        pairs.append(valueID(value))
      }
      ends.append(UInt64(pairs.count / 2))
    }
    return (ends, pairs)
  }

  private mutating func keyID(_ key: String) -> UInt32 {
    if let id = keyIDs[key] { return id }
    let id = UInt32(keys.count)
    keys.append(key)
    keyIDs[key] = id
    return id
  }

  private mutating func valueID(_ value: PropertyValue) -> UInt32 {
    if let id = valueIDs[value] { return id }
    // Items first, so an array's items always have lower ids than the array.
    var range: (UInt32, UInt32) = (0, 0)
    switch value {
    case .string(let s), .number(let s):
      range.0 = UInt32(texts.count)
      texts.append(s)
    case .array(let elements):
      let ids = elements.map { valueID($0) }
      range = (UInt32(items.count), UInt32(items.count + ids.count))
      items.append(contentsOf: ids)
    case .bool: break
    }
    let tag: Tag =
      switch value {
      case .string: .string
      case .number: .number
      case .bool(let b): b ? .trueValue : .falseValue
      case .array: .array
      }
    let id = UInt32(tags.count)
    tags.append(tag.rawValue)
    first.append(range.0)
    end.append(range.1)
    valueIDs[value] = id
    return id
  }

  func encode(into writer: inout BinaryWriter) {
    writer.write(strings: keys)
    writer.write(strings: texts)
    writer.write(array: tags)
    writer.write(array: first)
    writer.write(array: end)
    writer.write(array: items)
  }

  init(decoding reader: inout BinaryReader) throws {
    let at = reader.offset
    keys = try reader.readStrings()
    texts = try reader.readStrings()
    tags = try reader.readArray()
    first = try reader.readArray()
    end = try reader.readArray()
    items = try reader.readArray()
    guard first.count == tags.count, end.count == tags.count else {
      throw GraphFileError.damaged(section: reader.section, offset: at, reason: "value columns of different lengths")
    }
    values.reserveCapacity(tags.count)
    for id in tags.indices {
      let value: PropertyValue
      switch Tag(rawValue: tags[id]) {
      case .string?, .number?:
        guard Int(first[id]) < texts.count else {
          throw GraphFileError.damaged(section: reader.section, offset: at, reason: "value \(id) names text past the last")
        }
        value = tags[id] == Tag.string.rawValue ? .string(texts[Int(first[id])]) : .number(texts[Int(first[id])])
      case .falseValue?: value = .bool(false)
      case .trueValue?: value = .bool(true)
      case .array?:
        let range = Int(first[id])..<Int(max(first[id], end[id]))
        guard first[id] <= end[id], range.upperBound <= items.count, items[range].allSatisfy({ Int($0) < id }) else {
          throw GraphFileError.damaged(
            section: reader.section, offset: at, reason: "array value \(id) lists items out of range or not before it")
        }
        value = .array(items[range].map { values[Int($0)] })
      case nil:
        throw GraphFileError.damaged(section: reader.section, offset: at, reason: "value \(id) has unknown type \(tags[id])")
      }
      values.append(value)
    }
  }

  /// `count` property sets, as `entries(of:)` wrote them.
  func properties(_ reader: inout BinaryReader, count: Int) throws -> [Properties] {
    let at = reader.offset
    let ends = try reader.readArray(UInt64.self)
    let pairs = try reader.readArray(UInt32.self)
    guard ends.count == count, pairs.count % 2 == 0, ends.last.map({ $0 == UInt64(pairs.count / 2) }) ?? pairs.isEmpty else {
      throw GraphFileError.damaged(
        section: reader.section, offset: at, reason: "\(ends.count) property sets where \(count) belong, or pairs left over")
    }
    var records: [Properties] = []
    records.reserveCapacity(count)
    var from = 0
    for end in ends {
      guard end >= UInt64(from), end <= UInt64(pairs.count / 2) else {
        throw GraphFileError.damaged(
          section: reader.section, offset: at, reason: "property set ends go backwards or past the pairs")
      }
      let to = Int(end)
      if to == from {
        records.append(Properties())
        continue
      }
      var entries: [(String, PropertyValue)] = []
      entries.reserveCapacity(to - from)
      for p in from..<to {
        let key = Int(pairs[2 * p])
        let value = Int(pairs[2 * p + 1])
        guard key < keys.count, value < values.count else {
          throw GraphFileError.damaged(
            section: reader.section, offset: at, reason: "a property names a key or value past the last")
        }
        entries.append((keys[key], values[value]))
      }
      records.append(Properties(entries))
      from = to
    }
    return records
  }
}
