/// The lookup from a node id to its index: open addressing over the ids' UTF-8 bytes, an
/// 8-byte slot a place (the node and 32 bits of its hash) and at least 1.5 places a node.
///
/// A `[String: UInt32]` rebuilt over 2.5 million ids spent a fifth of reading a compiled graph
/// in the standard library's hashing; a multiply-mix over 8-byte words costs a fraction of
/// that, and the hash bits in each slot let a probe pass other ids without reading them. The
/// hash is seeded per process, as the standard library's is, so ids chosen to collide cannot
/// be written down in advance.
struct NodeIDIndex: Sendable {
  /// Node index + 1 in the low half of each place (0: empty), the hash's high half above it.
  private var slots: [UInt64]
  private static let seed = UInt64.random(in: .min ... .max)

  /// An index over `ids`; the index of the first id given twice, if one is.
  ///
  /// Ids are inserted in the order of their places rather than their own: inserting 2.5
  /// million ids in id order stalled on a cache miss in a 33 MB table each, while the ids
  /// sorted by place (one counting sort on the place's top bits) fill it front to back.
  /// Linear probing finds an id wherever the order of insertion put it.
  /// - Complexity: O(n + total length of the ids) on average.
  init(_ ids: [String]) throws(Duplicate) {
    var bits = 4
    while 1 << bits < ids.count + ids.count / 2 { bits += 1 }
    let mask = (1 << bits) - 1
    let hashes = ids.map(Self.hash)
    let shift = max(0, bits - 12)
    var starts = [Int](repeating: 0, count: (mask >> shift) + 2)
    for h in hashes { starts[(Int(truncatingIfNeeded: h) & mask) >> shift + 1] += 1 }
    for b in 1..<starts.count { starts[b] += starts[b - 1] }
    // Each id's hash beside it, so the filling loop reads both front to back.
    var byPlace = [(hash: UInt64, node: Int)](repeating: (0, 0), count: ids.count)
    for (n, h) in hashes.enumerated() {
      let b = (Int(truncatingIfNeeded: h) & mask) >> shift
      byPlace[starts[b]] = (h, n)
      starts[b] += 1
    }
    var slots = [UInt64](repeating: 0, count: 1 << bits)
    try slots.withUnsafeMutableBufferPointer { slots throws(Duplicate) in
      for (h, n) in byPlace {
        let tag = h & 0xffff_ffff_0000_0000
        var place = Int(truncatingIfNeeded: h) & mask
        while slots[place] != 0 {
          let other = Int(slots[place] & 0xffff_ffff) - 1
          if slots[place] & 0xffff_ffff_0000_0000 == tag, ids[other] == ids[n] { throw Duplicate(index: max(n, other)) }
          place = (place + 1) & mask
        }
        slots[place] = tag | UInt64(n + 1)
      }
    }
    self.slots = slots
  }

  /// The later of two equal ids.
  struct Duplicate: Error {
    let index: Int
  }

  /// The index of `id` among `ids`, the list this index was built over.
  /// - Complexity: O(length of the id) on average.
  func index(of id: String, in ids: [String]) -> Int? {
    let mask = slots.count - 1
    let h = Self.hash(id)
    let tag = h & 0xffff_ffff_0000_0000
    var place = Int(truncatingIfNeeded: h) & mask
    while slots[place] != 0 {
      let n = Int(slots[place] & 0xffff_ffff) - 1
      if slots[place] & 0xffff_ffff_0000_0000 == tag, ids[n] == id { return n }
      place = (place + 1) & mask
    }
    return nil
  }

  private static func hash(_ id: String) -> UInt64 {
    if let h = id.utf8.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) { return h }
    var copy = id
    copy.makeContiguousUTF8()
    return copy.utf8.withContiguousStorageIfAvailable { hash(UnsafeRawBufferPointer($0)) }!
  }

  private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    let multiplier: UInt64 = 0x9e37_79b9_7f4a_7c15
    var h = seed ^ UInt64(bytes.count)
    let words = bytes.count / 8
    for i in 0..<words {
      h = (h ^ bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)) &* multiplier
      h ^= h >> 29
    }
    var tail: UInt64 = 0
    for i in (8 * words)..<bytes.count { tail = tail << 8 | UInt64(bytes[i]) }
    h = (h ^ tail) &* multiplier
    // The final mix of MurmurHash3, so the low bits used for the place depend on every byte.
    h ^= h >> 33
    h = h &* 0xff51_afd7_ed55_8ccd
    h ^= h >> 33
    h = h &* 0xc4ce_b9fe_1a85_ec53
    return h ^ (h >> 33)
  }
}
