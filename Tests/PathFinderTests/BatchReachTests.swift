import AccessGraph
import PathFinder
import TestSupport
import Testing

@Suite("Bit-parallel reach")
struct BatchReachTests {
  /// A sketch of `nodes` humans joined by a random number of edges of every class, a quarter
  /// of them with a tier.
  static func randomEdges(nodes n: Int, edges: ClosedRange<Int>, using rng: inout SeededRandom) -> [String] {
    let kinds = ["MemberOf", "CanInvoke", "Owns", "CanRead", "CanPropose", "CanAct", "CanAdmin", "Contains", "Hosts", "RunsAs"]
    let tiers = ["read", "propose", "act", "admin"]
    var lines = (0..<n).map { "n\($0): Human" }
    for _ in 0..<Int.random(in: edges, using: &rng) {
      var line =
        "n\(Int.random(in: 0..<n, using: &rng)) -\(kinds.randomElement(using: &rng)!)-> n\(Int.random(in: 0..<n, using: &rng))"
      if Int.random(in: 0..<4, using: &rng) == 0 { line += " tier=\(tiers.randomElement(using: &rng)!)" }
      lines.append(line)
    }
    return lines
  }

  @Test("every seed of a batch gets exactly the reference answer, with custom start tiers and stopped nodes", arguments: 0..<3)
  func matchesReference(batch: UInt64) throws {
    var rng = SeededRandom(seed: 0xBA7C + batch)
    for _ in 0..<200 {
      let n = Int.random(in: 3...10, using: &rng)
      let lines = Self.randomEdges(nodes: n, edges: 1...(n * 3), using: &rng)
      let graph = try Sketch.graph(lines.joined(separator: "\n"))
      let view = TraversalView(graph: graph)
      let stoppedNode = Int.random(in: 0..<n, using: &rng)
      var stopped = [Bool](repeating: false, count: n)
      stopped[stoppedNode] = true
      let seeds = (0..<n).flatMap { v in
        [
          BatchReach.Seed(node: v),
          BatchReach.Seed(
            node: v, tier: Tier(rawValue: UInt8.random(in: 1...4, using: &rng))!, asIdentity: Bool.random(using: &rng)),
        ]
      }
      let pass = BatchReach(view, seeds: seeds, stop: stopped)
      for (s, seed) in seeds.enumerated() {
        let expected = ReferenceTraversal.reach(
          graph, from: seed.node, tier: Int(seed.tier.rawValue), identity: seed.asIdentity, stop: [stoppedNode])
        var got: [Int: Int] = [:]
        for node in 0..<n {
          if let t = pass.tier(of: node, seed: s) { got[node] = Int(t.rawValue) }
        }
        // The seed's own starting state is not a "reach"; compare only what the walk added.
        got[seed.node] = expected[seed.node]
        #expect(got == expected, "\(lines.joined(separator: "; ")) seed \(seed) stopped n\(stoppedNode)")
      }
    }
  }

  @Test("passes split any number of seeds into batches of 64 and keep their order")
  func passes() throws {
    var lines = (0..<150).map { "n\($0): Human" }
    for i in 0..<149 { lines.append("n\(i) -MemberOf-> n\(i + 1)") }
    let view = TraversalView(graph: try Sketch.graph(lines.joined(separator: "\n")))
    let seeds = (0..<150).map { BatchReach.Seed(node: $0) }
    let counts = BatchReach.passes(view, seeds: seeds) { pass in
      (0..<pass.seeds.count).map { s in (0..<150).filter { pass.tier(of: $0, seed: s) != nil }.count }
    }
    #expect(counts.count == 3)
    #expect(counts.flatMap { $0 } == (0..<150).map { 150 - $0 })
    // Reading a pass in storage order gives every reached node once, with the same masks.
    let read = BatchReach.passes(view, seeds: seeds) { pass in
      var masks: [Int: UInt64] = [:]
      var twice = false
      pass.forEachReached(atLeast: .read) { node, seeds in twice = twice || masks.updateValue(seeds, forKey: node) != nil }
      let expected = (0..<150).map { pass.seedsReaching($0, atLeast: .read) }
      return !twice && masks.count == expected.filter { $0 != 0 }.count && masks.allSatisfy { expected[$0.key] == $0.value }
    }
    #expect(read == [true, true, true])
  }

  @Test("passes of random seeds, more than one pass holds, give every seed the reference answer", arguments: 0..<3)
  func randomSeeds(batch: UInt64) throws {
    var rng = SeededRandom(seed: 0x51D3 + batch)
    for _ in 0..<20 {
      let n = Int.random(in: 8...30, using: &rng)
      let lines = Self.randomEdges(nodes: n, edges: n...(n * 3), using: &rng)
      let graph = try Sketch.graph(lines.joined(separator: "\n"))
      let view = TraversalView(graph: graph)
      let stoppedNode = Int.random(in: 0..<n, using: &rng)
      let stopped = (0..<n).map { $0 == stoppedNode }
      // More seeds than one pass holds, so the last pass is partly empty.
      let seeds = (0..<200).map { _ in
        BatchReach.Seed(
          node: Int.random(in: 0..<n, using: &rng), tier: Tier(rawValue: UInt8.random(in: 1...4, using: &rng))!,
          asIdentity: Bool.random(using: &rng))
      }
      let answers = BatchReach.passes(view, seeds: seeds, stop: stopped) { pass in
        (0..<pass.seeds.count).map { s in (0..<n).map { pass.tier(of: $0, seed: s).map { Int($0.rawValue) } } }
      }.flatMap { $0 }
      #expect(answers.count == seeds.count)
      for (seed, got) in zip(seeds, answers) {
        let expected = ReferenceTraversal.reach(
          graph, from: seed.node, tier: Int(seed.tier.rawValue), identity: seed.asIdentity, stop: [stoppedNode])
        var tiers = (0..<n).map { expected[$0] }
        tiers[seed.node] = got[seed.node]
        #expect(got == tiers, "\(lines.joined(separator: "; ")) seed \(seed) stopped n\(stoppedNode)")
      }
    }
  }
}
