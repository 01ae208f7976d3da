/// Brings a file's bytes to UTF-8: strips a UTF-8 byte-order mark and transcodes UTF-16
/// (with either byte-order mark), as PowerShell exports often are.
enum TextBytes {
  /// The UTF-8 bytes of `raw`, or nil when a UTF-16 file holds an unpaired surrogate.
  /// - Complexity: O(n).
  static func utf8(_ raw: [UInt8]) -> [UInt8]? {
    if raw.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(raw.dropFirst(3)) }
    let little: Bool
    if raw.starts(with: [0xFF, 0xFE]) {
      little = true
    } else if raw.starts(with: [0xFE, 0xFF]) {
      little = false
    } else {
      return raw
    }
    var units: [UInt16] = []
    units.reserveCapacity(raw.count / 2)
    var i = 2
    while i + 1 < raw.count {
      let a = UInt16(raw[i])
      let b = UInt16(raw[i + 1])
      units.append(little ? a | b << 8 : a << 8 | b)
      i += 2
    }
    var out: [UInt8] = []
    out.reserveCapacity(units.count)
    let failed = transcode(units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: true) {
      out.append($0)
    }
    return failed ? nil : out
  }

  /// The text of `raw` when it is UTF-8 (read in place) or UTF-16 (transcoded), else nil.
  /// - Complexity: O(n).
  static func string(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
    let marked = raw.starts(with: [0xEF, 0xBB, 0xBF]) || raw.starts(with: [0xFF, 0xFE]) || raw.starts(with: [0xFE, 0xFF])
    guard marked else { return String(validating: raw, as: UTF8.self) }
    return utf8(Array(raw)).flatMap { String(validating: $0, as: UTF8.self) }
  }
}
