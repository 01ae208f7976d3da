/// Reads what `BinaryWriter` wrote from bytes the caller keeps alive (a mapped file), each
/// read checked against the end, so a cut or forged count throws instead of reading past it.
///
/// Sendable because it only reads, and the bytes stay mapped and unchanged until reading ends:
/// a graph's sections are checked on two cores from copies of one reader.
struct BinaryReader: @unchecked Sendable {
  private let base: UnsafeRawBufferPointer
  /// The byte the next read starts at.
  private(set) var offset: Int
  /// What is being read, for errors.
  var section = "header"

  init(_ base: UnsafeRawBufferPointer, offset: Int = 0) {
    self.base = base
    self.offset = offset
  }

  /// The bytes not yet read.
  var remaining: Int { base.count - offset }

  /// Reads a fixed-width integer.
  /// - Complexity: O(1).
  mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(GraphFileError) -> T {
    guard remaining >= MemoryLayout<T>.size else { throw GraphFileError.truncated(section: section, offset: offset) }
    let value = base.loadUnaligned(fromByteOffset: offset, as: T.self)
    offset += MemoryLayout<T>.size
    return value
  }

  /// Reads an array written by `BinaryWriter.write(array:)`, copying it out of the file.
  /// - Complexity: O(n).
  mutating func readArray<T: FixedWidthInteger>(_: T.Type = T.self) throws(GraphFileError) -> [T] {
    let span = try readSpan(elementSize: MemoryLayout<T>.size)
    let n = span.count / MemoryLayout<T>.size
    return [T](unsafeUninitializedCapacity: n) { buffer, initialised in
      UnsafeMutableRawBufferPointer(buffer).copyMemory(from: span)
      initialised = n
    }
  }

  /// Reads strings written by `BinaryWriter.write(strings:)`, validating each straight from
  /// the file's bytes.
  ///
  /// Text that is all ASCII is checked once as a whole, in words; each string of it is valid
  /// UTF-8, so it is made without the generic validation, which cost a fifth of reading a
  /// graph of 2.5 million ids.
  /// - Complexity: O(total length).
  mutating func readStrings() throws(GraphFileError) -> [String] {
    let start = offset
    let ends = try readArray(UInt64.self)
    let utf8 = try readSpan(elementSize: 1).assumingMemoryBound(to: UInt8.self)
    let ascii = Self.isASCII(UnsafeRawBufferPointer(utf8))
    var strings: [String] = []
    strings.reserveCapacity(ends.count)
    var from = 0
    for end in ends {
      guard end >= UInt64(from), end <= UInt64(utf8.count) else {
        throw GraphFileError.damaged(section: section, offset: start, reason: "a string ends outside its text")
      }
      let bytes = UnsafeBufferPointer(rebasing: utf8[from..<Int(end)])
      if ascii {
        strings.append(String(decoding: bytes, as: UTF8.self))
      } else if let s = String(validating: bytes, as: UTF8.self) {
        strings.append(s)
      } else {
        throw GraphFileError.damaged(section: section, offset: start, reason: "a string is not UTF-8")
      }
      from = Int(end)
    }
    return strings
  }

  /// Steps over strings written by `BinaryWriter.write(strings:)` without making them,
  /// returning how many there are; a copy of the reader taken before reads them.
  /// - Complexity: O(1).
  mutating func skipStrings() throws(GraphFileError) -> Int {
    let count = Int(peekCount())
    _ = try readSpan(elementSize: MemoryLayout<UInt64>.size)
    _ = try readSpan(elementSize: 1)
    return count
  }

  /// Whether every byte is below 0x80.
  /// - Complexity: O(n).
  static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
    var high: UInt64 = 0
    let words = bytes.count / 8
    for i in 0..<words { high |= bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self) }
    for i in (8 * words)..<bytes.count { high |= UInt64(bytes[i]) }
    return high & 0x8080_8080_8080_8080 == 0
  }

  /// The count the next array starts with, without reading it.
  /// - Complexity: O(1).
  func peekCount() -> UInt64 {
    var copy = self
    return (try? copy.read(UInt64.self)) ?? 0
  }

  /// The next array's elements where they lie in the file, after checking its count and
  /// padding against the end.
  private mutating func readSpan(elementSize size: Int) throws(GraphFileError) -> UnsafeRawBufferPointer {
    let start = offset
    let count = try read(UInt64.self)
    guard count <= UInt64(remaining / size) else { throw GraphFileError.truncated(section: section, offset: start) }
    let byteCount = Int(count) * size
    let padded = (byteCount + 7) & ~7
    guard padded <= remaining else { throw GraphFileError.truncated(section: section, offset: start) }
    let span = UnsafeRawBufferPointer(rebasing: base[offset..<offset + byteCount])
    offset += padded
    return span
  }

  /// The 64-bit checksum of `bytes`, which must be a whole number of 8-byte words: four
  /// independent multiply-xor lanes, so a damaged byte anywhere changes it and the lanes
  /// keep the multiplier busy.
  /// - Complexity: O(n).
  static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    let prime: UInt64 = 0x100_0000_01b3
    var lanes: (UInt64, UInt64, UInt64, UInt64) = (0xcbf2_9ce4_8422_2325, 0x8422_2325_cbf2_9ce4, 0x9e37_79b9_7f4a_7c15, 1)
    let words = bytes.count / 8
    var i = 0
    while i + 4 <= words {
      lanes.0 = (lanes.0 ^ bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)) &* prime
      lanes.1 = (lanes.1 ^ bytes.loadUnaligned(fromByteOffset: 8 * i + 8, as: UInt64.self)) &* prime
      lanes.2 = (lanes.2 ^ bytes.loadUnaligned(fromByteOffset: 8 * i + 16, as: UInt64.self)) &* prime
      lanes.3 = (lanes.3 ^ bytes.loadUnaligned(fromByteOffset: 8 * i + 24, as: UInt64.self)) &* prime
      i += 4
    }
    while i < words {
      lanes.0 = (lanes.0 ^ bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)) &* prime
      i += 1
    }
    var h = UInt64(bytes.count)
    for lane in [lanes.0, lanes.1, lanes.2, lanes.3] { h = ((h ^ lane) &* prime) ^ (h >> 29) }
    return h
  }
}
