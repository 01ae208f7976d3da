import Dispatch
import Synchronization

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
    propertyColumns.encode(into: &writer)
  }

  /// Reads the sections `encode(into:)` wrote, checking every index against what it indexes.
  /// - Complexity: O(n + e log d + total property size).
  init(decoding reader: inout BinaryReader) throws {
    reader.section = "node ids"
    // The ids are made on the second core below; here only their count is needed.
    let idsReader = reader
    let n = try reader.skipStrings()
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
    let edgesAt = reader.offset
    let outOffsets = try Self.offsets(&reader, count: n)
    let e = Int(outOffsets.last!)
    let outTargets = try Self.indexes(&reader, UInt32.self, below: n, count: e)
    reader.section = "edge kinds"
    let edgeKindIDs = try Self.indexes(&reader, UInt16.self, below: kinds.count, count: e)
    reader.section = "edge origins"
    let edgeOrigins = try Self.origins(&reader, count: reader.peekCount() == 0 ? 0 : e)
    // The property columns (the last sections) are checked on one core while the other makes
    // the node ids, builds their index, checks the edge order and builds the reverse
    // adjacency: the two halves of what is left cost about the same.
    let propertyReader = reader
    let kindTable = kinds
    let properties = Mutex<Result<(PropertyColumns, BinaryReader), GraphFileError>?>(nil)
    let topology = Mutex<Result<([String], NodeIDIndex, (offsets: [UInt32], sources: [UInt32])), GraphFileError>?>(nil)
    DispatchQueue.concurrentPerform(iterations: 2) { job in
      if job == 0 {
        var reader = propertyReader
        let result = Result { () throws(GraphFileError) in
          (try PropertyColumns(decoding: &reader, nodeCount: n, edgeCount: e), reader)
        }
        properties.withLock { $0 = result }
      } else {
        let result = Result { () throws(GraphFileError) in
          try Self.topology(
            ids: idsReader, kinds: kindTable, outOffsets: outOffsets, outTargets: outTargets, edgeKindIDs: edgeKindIDs,
            edgesAt: edgesAt)
        }
        topology.withLock { $0 = result }
      }
    }
    let (nodeIDs, idLookup, reverse) = try topology.withLock { $0! }.get()
    let propertyColumns: PropertyColumns
    (propertyColumns, reader) = try properties.withLock { $0! }.get()
    self.init(
      nodeIDs: nodeIDs, idLookup: idLookup, kinds: kinds, nodeKindOffsets: nodeKindOffsets, nodeKindIDs: nodeKindIDs,
      propertyColumns: propertyColumns, nodeOrigins: nodeOrigins, sourceFiles: sourceFiles, outOffsets: outOffsets,
      outTargets: outTargets, edgeKindIDs: edgeKindIDs, edgeOrigins: edgeOrigins,
      inOffsets: reverse.offsets, inSources: reverse.sources)
  }

  /// The node ids read by `ids` and their index, after checking that the out-lists are sorted
  /// without repeats (in-edge ids are found by searching them, so the order is part of the
  /// format), and the reverse adjacency.
  /// - Complexity: O(n + e + total length of the ids) on average.
  private static func topology(
    ids: BinaryReader, kinds: KindTable, outOffsets: [UInt32], outTargets: [UInt32], edgeKindIDs: [UInt16], edgesAt: Int
  ) throws(GraphFileError) -> ([String], NodeIDIndex, (offsets: [UInt32], sources: [UInt32])) {
    var reader = ids
    let idsAt = reader.offset
    let nodeIDs = try reader.readStrings()
    let idLookup: NodeIDIndex
    do {
      idLookup = try NodeIDIndex(nodeIDs)
    } catch {
      throw .damaged(section: "node ids", offset: idsAt, reason: "node id '\(nodeIDs[error.index].excerpt)' appears twice")
    }
    let rank = kinds.names.indices.sorted { kinds.names[$0] < kinds.names[$1] }.enumerated()
      .reduce(into: [Int](repeating: 0, count: kinds.count)) { $0[$1.element] = $1.offset }
    for v in 0..<nodeIDs.count {
      let list = Int(outOffsets[v])..<Int(outOffsets[v + 1])
      for i in list.dropFirst()
      where (outTargets[i - 1], rank[Int(edgeKindIDs[i - 1])]) >= (outTargets[i], rank[Int(edgeKindIDs[i])]) {
        throw .damaged(section: "edges", offset: edgesAt, reason: "node \(v)'s out-edges are not in order or repeat one")
      }
    }
    return (nodeIDs, idLookup, GraphBuilder.reverseAdjacency(nodeCount: nodeIDs.count, offsets: outOffsets, targets: outTargets))
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
    return words.withUnsafeBufferPointer { words in
      [NodeOrigin](unsafeUninitializedCapacity: count) { origins, initialised in
        for i in 0..<count { origins.initializeElement(at: i, to: NodeOrigin(file: words[2 * i], line: words[2 * i + 1])) }
        initialised = count
      }
    }
  }
}
