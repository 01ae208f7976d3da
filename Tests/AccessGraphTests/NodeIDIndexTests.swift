import TestSupport
import Testing

@testable import AccessGraph

@Suite("The node id index")
struct NodeIDIndexTests {
  /// Ids of every length around the hash's 8-byte words, non-ASCII ones, and the empty id.
  static func ids(count: Int, using rng: inout SeededRandom) -> [String] {
    let alphabet = Array("abcxyz019:/-_é漢🙂")
    var seen = Set<String>()
    var ids: [String] = [""]
    seen.insert("")
    while ids.count < count {
      let id = String((0..<Int.random(in: 1...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
      if seen.insert(id).inserted { ids.append(id) }
    }
    return ids.shuffled(using: &rng)
  }

  @Test("every id is found at its index and an id not given is not found", arguments: [0, 1, 7, 100, 5_000])
  func lookups(count: Int) throws {
    var rng = SeededRandom(seed: UInt64(count))
    let all = Self.ids(count: count + 50, using: &rng)
    let ids = Array(all.prefix(count))
    let index = try NodeIDIndex(ids)
    for (n, id) in ids.enumerated() { #expect(index.index(of: id, in: ids) == n) }
    for id in all.dropFirst(count) { #expect(index.index(of: id, in: ids) == nil) }
  }

  @Test("an id given twice is refused, naming the later of the two")
  func duplicates() {
    var rng = SeededRandom(seed: 9)
    var ids = Self.ids(count: 300, using: &rng)
    ids.insert(ids[40], at: 200)
    #expect(throws: NodeIDIndex.Duplicate.self) { try NodeIDIndex(ids) }
    do {
      _ = try NodeIDIndex(ids)
    } catch {
      #expect(error.index == 200)
    }
  }

  @Test("ids that differ only past their first 8-byte words are told apart")
  func longCommonPrefixes() throws {
    let prefix = String(repeating: "arn:aws:iam::123456789012:role/", count: 3)
    let ids = (0..<1_000).map { prefix + "r\($0)" }
    let index = try NodeIDIndex(ids)
    #expect(ids.indices.allSatisfy { index.index(of: ids[$0], in: ids) == $0 })
    #expect(index.index(of: prefix + "r1000", in: ids) == nil)
  }
}
