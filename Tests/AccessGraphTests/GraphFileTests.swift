import TestSupport
import Testing

@testable import AccessGraph

@Suite("The compiled graph file")
struct GraphFileTests {
  static let sketch = """
    alice: Human domain=support email=alice@example.com
    bot: Agent,ServiceAccount domain=support scopes=read|write|admin owner=alice weight=2.50
    team: Group
    vault: Resource sensitivity=critical disabled=false
    alice -MemberOf-> team
    team -CanRead-> vault tier=read requiresApproval=true
    team -CanAdmin-> vault expires=2027-01-01T00:00:00Z
    bot -CanAct-> vault
    alice -OAuthGrant-> bot scopes=read|write
    vault -Contains-> vault
    """

  /// A random graph with properties of every type, repeated kinds and self loops.
  static func randomGraph(using rng: inout SeededRandom) throws -> AccessGraph {
    let kinds = ["Human", "Agent", "Group", "Resource", "Credential"]
    let edgeKinds = ["MemberOf", "CanRead", "CanAct", "CanAdmin", "HasCredential", "Contains"]
    let values = ["a", "b|c", "true", "false", "3", "-1.5e3", "ünïcode", "x|y|z"]
    let n = Int.random(in: 1...40, using: &rng)
    var lines: [String] = []
    for i in 0..<n {
      var line = "n\(i): \(kinds.shuffled(using: &rng).prefix(Int.random(in: 0...3, using: &rng)).joined(separator: ","))"
      for k in 0..<Int.random(in: 0...3, using: &rng) { line += " k\(k)=\(values.randomElement(using: &rng)!)" }
      lines.append(line)
    }
    for _ in 0..<Int.random(in: 0...(4 * n), using: &rng) {
      var line =
        "n\(Int.random(in: 0..<n, using: &rng)) -\(edgeKinds.randomElement(using: &rng)!)-> n\(Int.random(in: 0..<n, using: &rng))"
      if Bool.random(using: &rng) { line += " p=\(values.randomElement(using: &rng)!)" }
      lines.append(line)
    }
    return try Sketch.graph(lines.shuffled(using: &rng).joined(separator: "\n"))
  }

  static func roundTrip(_ graph: AccessGraph, metadata: [UInt8] = []) throws -> (graph: AccessGraph, metadata: [UInt8]) {
    try GraphFile.bytes(of: graph, metadata: metadata).withUnsafeBytes { try GraphFile.read($0) }
  }

  /// `bytes` with the header's checksum recomputed, so a damaged section is found by the
  /// section's own checks rather than by the checksum.
  static func resealed(_ bytes: [UInt8]) -> [UInt8] {
    var bytes = bytes
    let sum = bytes[GraphFile.headerSize...].withUnsafeBytes(BinaryReader.checksum)
    withUnsafeBytes(of: sum) { bytes.replaceSubrange(24..<32, with: $0) }
    return bytes
  }

  static func refusal(_ bytes: [UInt8]) -> GraphFileError? {
    do {
      _ = try bytes.withUnsafeBytes { try GraphFile.read($0) }
      return nil
    } catch {
      return error as? GraphFileError
    }
  }

  /// Everything the graph holds, origins included (`==` leaves them out).
  static func expectSame(_ a: AccessGraph, _ b: AccessGraph) {
    #expect(a == b)
    #expect(a.kinds.names == b.kinds.names)
    for n in 0..<a.nodeCount { #expect(a.origin(of: n) == b.origin(of: n)) }
    for e in 0..<a.edgeCount {
      #expect(a.origin(ofEdge: e) == b.origin(ofEdge: e))
      #expect(a.source(of: e) == b.source(of: e))
    }
    for n in 0..<a.nodeCount {
      #expect(a.inEdgeSlots(of: n).map { a.inEdge(at: $0).edge } == b.inEdgeSlots(of: n).map { b.inEdge(at: $0).edge })
      #expect(b.index(of: a.id(of: n)) == n)
    }
  }

  @Test("a graph reads back with its ids, kinds, properties of every type, origins and metadata")
  func sketchRoundTrip() throws {
    let graph = try Sketch.graph(Self.sketch)
    let read = try Self.roundTrip(graph, metadata: Array("{\"note\":1}".utf8))
    Self.expectSame(graph, read.graph)
    #expect(read.metadata == Array("{\"note\":1}".utf8))
    let bot = read.graph.index(of: "bot")!
    #expect(read.graph.kindNames(of: bot) == ["Agent", "ServiceAccount"])
    #expect(read.graph.property("scopes", of: bot) == .array([.string("read"), .string("write"), .string("admin")]))
    #expect(read.graph.property("weight", of: bot) == .number("2.50"))
    #expect(read.graph.origin(of: bot) == SourceLocation(file: "sketch", line: 2))
  }

  @Test("random graphs read back equal to the graph written", arguments: 0..<40)
  func randomRoundTrip(seed: UInt64) throws {
    var rng = SeededRandom(seed: seed)
    let graph = try Self.randomGraph(using: &rng)
    Self.expectSame(graph, try Self.roundTrip(graph).graph)
  }

  @Test("the empty graph reads back empty")
  func emptyGraph() throws {
    let graph = try Sketch.graph("")
    let read = try Self.roundTrip(graph).graph
    #expect(read.nodeCount == 0 && read.edgeCount == 0)
  }

  @Test("a file cut off anywhere is refused by its length, not misread")
  func truncated() throws {
    let bytes = GraphFile.bytes(of: try Sketch.graph(Self.sketch), metadata: [])
    for cut in [0, 7, 8, 31, 32, 100, bytes.count - 8, bytes.count - 1] {
      let refusal = Self.refusal(Array(bytes.prefix(cut)))
      if cut < 8 {
        #expect(refusal == .notCompiled)
      } else if cut < GraphFile.headerSize {
        #expect(refusal == .truncated(section: "header", offset: cut == 8 ? 8 : 24))
      } else {
        #expect(refusal == .length(found: cut, expected: UInt64(bytes.count)))
      }
    }
    #expect(Self.refusal(bytes + [0, 0, 0, 0, 0, 0, 0, 0]) == .length(found: bytes.count + 8, expected: UInt64(bytes.count)))
  }

  @Test("a changed byte anywhere after the header fails the checksum")
  func flippedByte() throws {
    let bytes = GraphFile.bytes(of: try Sketch.graph(Self.sketch), metadata: [])
    for at in stride(from: GraphFile.headerSize, to: bytes.count, by: 37) {
      var damaged = bytes
      damaged[at] ^= 0x10
      #expect(Self.refusal(damaged) == .checksum)
    }
  }

  @Test("another version, the other byte order, and files that are not compiled graphs are refused")
  func foreignFiles() throws {
    let bytes = GraphFile.bytes(of: try Sketch.graph(Self.sketch), metadata: [])
    var newer = bytes
    newer[8] &+= 1
    #expect(Self.refusal(newer) == .version(found: GraphFile.version + 1, expected: GraphFile.version))
    var swapped = bytes
    swapped[8..<12].reverse()
    swapped[12..<16].reverse()
    #expect(Self.refusal(swapped) == .byteOrder)
    #expect(Self.refusal(Array("{\"graph\": {\"nodes\": []}}".utf8)) == .notCompiled)
    #expect(Self.refusal([]) == .notCompiled)
    #expect(GraphFile.isCompiled(UnsafeRawBufferPointer(start: nil, count: 0)) == false)
    #expect(bytes.withUnsafeBytes(GraphFile.isCompiled))
  }

  @Test("a damaged section with a valid checksum is refused by the section's own checks, never trapping")
  func forgedSections() throws {
    let bytes = GraphFile.bytes(of: try Sketch.graph(Self.sketch), metadata: [])
    var refused = 0
    var accepted = 0
    for word in stride(from: GraphFile.headerSize, to: bytes.count, by: 8) {
      for pattern: [UInt8] in [
        [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0], [2, 0, 0, 0, 0, 0, 0, 0],
      ] {
        var damaged = bytes
        damaged.replaceSubrange(word..<(word + 8), with: pattern)
        // Accepted forgeries are ones that still make a well-formed graph (a line number, a
        // padding word); the graph's invariant checks run on them in debug builds.
        switch Self.refusal(Self.resealed(damaged)) {
        case .damaged?, .truncated?: refused += 1
        case nil: accepted += 1
        case let other?: Issue.record("unexpected refusal \(other)")
        }
      }
    }
    #expect(refused > 2 * accepted)
  }

  @Test("an out-of-range target is refused with the section named")
  func forgedTarget() throws {
    // One edge a -> b: the edges section holds the offsets [0, 1, 1] and then the targets [1].
    let bytes = GraphFile.bytes(of: try Sketch.graph("a: Human\nb: Resource\na -E-> b"), metadata: [])
    let offsets: [UInt8] = [
      3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    ]
    let at = try #require(bytes.indices.first { bytes[$0...].starts(with: offsets) })
    var damaged = bytes
    damaged[at + offsets.count - 4] = 9
    guard case .damaged(let section, _, let reason)? = Self.refusal(Self.resealed(damaged)) else {
      Issue.record("a forged target was not refused")
      return
    }
    #expect(section == "edges")
    #expect(reason == "index 9 is past the last (1)")
  }
}
