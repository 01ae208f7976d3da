/// The compiled graph file (`.psg`): a built graph and a caller's metadata in one versioned
/// binary file that is read back by copying flat arrays rather than parsing text.
///
/// Layout: a 32-byte header (the signature `PSGRAPH\0`, the format version, a byte-order
/// mark, the file's length and a checksum of everything after the header), then the
/// metadata and the graph's sections, each a count and its elements padded to 8 bytes, in
/// the writing machine's byte order. docs/design.md describes the sections.
public enum GraphFile {
  /// The format version this build writes and reads; raised whenever a section changes.
  public static let version: UInt32 = 2

  static let signature = Array("PSGRAPH\0".utf8)
  static let byteOrderMark: UInt32 = 0x0102_0304
  /// The bytes before the first section; a file shorter than this is no compiled graph.
  public static let headerSize = 32

  /// Whether `bytes` open with the compiled-graph signature.
  /// - Complexity: O(1).
  public static func isCompiled(_ bytes: UnsafeRawBufferPointer) -> Bool {
    bytes.count >= signature.count && bytes.prefix(signature.count).elementsEqual(signature)
  }

  /// The file's bytes for `graph` and `metadata` (opaque to this module).
  /// - Complexity: O(n + e + total property size).
  public static func bytes(of graph: AccessGraph, metadata: [UInt8]) -> [UInt8] {
    var file = BinaryWriter()
    for byte in signature { file.write(byte) }
    file.write(version)
    file.write(byteOrderMark)
    // The length and the checksum, known once the sections are written.
    file.write(UInt64(0))
    file.write(UInt64(0))
    file.write(array: metadata)
    graph.encode(into: &file)
    let checksum = file.bytes.withUnsafeBytes { BinaryReader.checksum(UnsafeRawBufferPointer(rebasing: $0[headerSize...])) }
    file.overwrite(UInt64(file.bytes.count), at: 16)
    file.overwrite(checksum, at: 24)
    return file.bytes
  }

  /// The graph and metadata in `bytes`, after checking the header, the length, the checksum
  /// and every section.
  /// - Complexity: O(n + e log d + total property size).
  public static func read(_ bytes: UnsafeRawBufferPointer) throws -> (graph: AccessGraph, metadata: [UInt8]) {
    guard isCompiled(bytes) else { throw GraphFileError.notCompiled }
    var reader = BinaryReader(bytes, offset: signature.count)
    let version = try reader.read(UInt32.self)
    let mark = try reader.read(UInt32.self)
    // The mark is checked first: read in the other byte order, the version is garbage too.
    if mark == byteOrderMark.byteSwapped { throw GraphFileError.byteOrder }
    guard version == Self.version else { throw GraphFileError.version(found: version, expected: Self.version) }
    guard mark == byteOrderMark else {
      throw GraphFileError.damaged(section: "header", offset: 12, reason: "the byte-order mark is \(mark)")
    }
    let length = try reader.read(UInt64.self)
    let checksum = try reader.read(UInt64.self)
    guard length == UInt64(bytes.count), bytes.count % 8 == 0 else {
      throw GraphFileError.length(found: bytes.count, expected: length)
    }
    guard BinaryReader.checksum(UnsafeRawBufferPointer(rebasing: bytes[headerSize...])) == checksum else {
      throw GraphFileError.checksum
    }
    reader.section = "metadata"
    let metadata = try reader.readArray(UInt8.self)
    let graph = try AccessGraph(decoding: &reader)
    guard reader.remaining == 0 else {
      throw GraphFileError.damaged(
        section: "end", offset: reader.offset, reason: "\(reader.remaining) bytes follow the last section")
    }
    return (graph, metadata)
  }
}
