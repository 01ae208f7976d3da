extension PropertyColumns {
  private enum Tag: UInt8 {
    case string, number, falseValue, trueValue, array
  }

  /// Writes the keys, the values (a type tag a value, strings and numbers as an index into
  /// one text list, arrays as a range of item ids) and both record sets as they are held.
  /// - Complexity: O(total number of properties + number of distinct values).
  func encode(into writer: inout BinaryWriter) {
    var texts: [String] = []
    var tags: [UInt8] = []
    var first: [UInt32] = []
    var end: [UInt32] = []
    var items: [UInt32] = []
    // A file may hold one value twice (nothing requires otherwise); either id names it.
    let ids = Dictionary(values.enumerated().map { ($1, UInt32($0)) }, uniquingKeysWith: { first, _ in first })
    for value in values {
      var range: (UInt32, UInt32) = (0, 0)
      let tag: Tag
      switch value {
      case .string(let s), .number(let s):
        range.0 = UInt32(texts.count)
        texts.append(s)
        tag = if case .string = value { .string } else { .number }
      case .bool(let b):
        tag = b ? .trueValue : .falseValue
      case .array(let elements):
        range = (UInt32(items.count), UInt32(items.count + elements.count))
        items.append(contentsOf: elements.map { ids[$0]! })
        tag = .array
      }
      tags.append(tag.rawValue)
      first.append(range.0)
      end.append(range.1)
    }
    writer.write(strings: keys)
    writer.write(strings: texts)
    writer.write(array: tags)
    writer.write(array: first)
    writer.write(array: end)
    writer.write(array: items)
    for records in [nodes, edges] {
      writer.write(array: records.offsets)
      writer.write(array: records.pairs)
    }
  }

  /// Reads what `encode(into:)` wrote for `nodeCount` nodes and `edgeCount` edges, checking
  /// every id against what it names and that no record repeats a key.
  /// - Complexity: O(total number of properties + number of distinct values).
  init(decoding reader: inout BinaryReader, nodeCount: Int, edgeCount: Int) throws(GraphFileError) {
    reader.section = "property values"
    let at = reader.offset
    let keys = try reader.readStrings()
    if Set(keys).count != keys.count {
      throw .damaged(section: reader.section, offset: at, reason: "a property key appears twice")
    }
    let texts = try reader.readStrings()
    let tags: [UInt8] = try reader.readArray()
    let first: [UInt32] = try reader.readArray()
    let end: [UInt32] = try reader.readArray()
    let items: [UInt32] = try reader.readArray()
    guard first.count == tags.count, end.count == tags.count else {
      throw .damaged(section: reader.section, offset: at, reason: "value columns of different lengths")
    }
    var values: [PropertyValue] = []
    values.reserveCapacity(tags.count)
    for id in tags.indices {
      switch Tag(rawValue: tags[id]) {
      case .string?, .number?:
        guard Int(first[id]) < texts.count else {
          throw .damaged(section: reader.section, offset: at, reason: "value \(id) names text past the last")
        }
        let text = texts[Int(first[id])]
        values.append(tags[id] == Tag.string.rawValue ? .string(text) : .number(text))
      case .falseValue?: values.append(.bool(false))
      case .trueValue?: values.append(.bool(true))
      case .array?:
        let range = Int(first[id])..<Int(max(first[id], end[id]))
        guard first[id] <= end[id], range.upperBound <= items.count, items[range].allSatisfy({ Int($0) < id }) else {
          throw .damaged(
            section: reader.section, offset: at, reason: "array value \(id) lists items out of range or not before it")
        }
        values.append(.array(items[range].map { values[Int($0)] }))
      case nil:
        throw .damaged(section: reader.section, offset: at, reason: "value \(id) has unknown type \(tags[id])")
      }
    }
    reader.section = "node properties"
    let nodes = try Self.records(&reader, count: nodeCount, keys: keys.count, values: values.count)
    reader.section = "edge properties"
    let edges = try Self.records(&reader, count: edgeCount, keys: keys.count, values: values.count)
    self.init(keys: keys, values: values, nodes: nodes, edges: edges)
  }

  private static func records(_ reader: inout BinaryReader, count: Int, keys: Int, values: Int) throws(GraphFileError) -> Records
  {
    let at = reader.offset
    let offsets: [UInt32] = try reader.readArray()
    let pairs: [UInt32] = try reader.readArray()
    guard offsets.count == count + 1, offsets.first == 0, Int(offsets[count]) * 2 == pairs.count else {
      throw .damaged(
        section: reader.section, offset: at,
        reason: "\(offsets.count) property offsets for \(count) records and \(pairs.count / 2) pairs")
    }
    // Offsets never decreasing from 0 to the last, so every record's range lies in the pairs.
    for i in 0..<count where offsets[i] > offsets[i + 1] {
      throw .damaged(section: reader.section, offset: at, reason: "property offset \(i + 1) goes backwards")
    }
    let records = Records(offsets: offsets, pairs: pairs)
    var bad = false
    for i in 0..<count {
      let range = records.pairRange(i)
      for p in range {
        let key = pairs[2 * p]
        bad = bad || Int(key) >= keys || Int(pairs[2 * p + 1]) >= values
        for q in range.lowerBound..<p where pairs[2 * q] == key { bad = true }
      }
    }
    if bad {
      throw .damaged(
        section: reader.section, offset: at, reason: "a property names a key or value past the last, or repeats a key")
    }
    return records
  }
}
