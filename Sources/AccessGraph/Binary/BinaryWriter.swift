/// Appends flat arrays to a byte buffer, each at an 8-byte boundary and preceded by its
/// count, in the machine's own byte order (the file's header records which).
struct BinaryWriter {
  private(set) var bytes: [UInt8] = []

  /// Appends a fixed-width integer.
  /// - Complexity: O(1) amortised.
  mutating func write<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
  }

  /// Appends `values` as a count and then their bytes, padded to 8.
  /// - Complexity: O(n).
  mutating func write<T: FixedWidthInteger>(array values: [T]) {
    write(UInt64(values.count))
    values.withUnsafeBytes { bytes.append(contentsOf: $0) }
    pad()
  }

  /// Appends strings as one UTF-8 blob and the end offset of each.
  /// - Complexity: O(total length).
  mutating func write(strings: [String]) {
    var blob: [UInt8] = []
    var ends: [UInt64] = []
    ends.reserveCapacity(strings.count)
    for s in strings {
      blob.append(contentsOf: s.utf8)
      ends.append(UInt64(blob.count))
    }
    write(array: ends)
    write(array: blob)
  }

  /// Replaces the integer written at `offset`, for a header that describes what follows it.
  /// - Complexity: O(1).
  mutating func overwrite<T: FixedWidthInteger>(_ value: T, at offset: Int) {
    withUnsafeBytes(of: value) { bytes.replaceSubrange(offset..<offset + $0.count, with: $0) }
  }

  private mutating func pad() {
    while bytes.count % 8 != 0 { bytes.append(0) }
  }
}
