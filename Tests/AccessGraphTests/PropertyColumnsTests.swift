import TestSupport
import Testing

@testable import AccessGraph

@Suite("Property columns")
struct PropertyColumnsTests {
  static let sets: [Properties] = [
    Properties([("domain", .string("support")), ("tier", .string("admin"))]),
    Properties(),
    Properties([("tier", .string("admin")), ("scopes", .array([.string("read"), .string("write")]))]),
    Properties([("domain", .string("support")), ("weight", .number("2.50")), ("disabled", .bool(false))]),
  ]

  @Test("each distinct key and value is stored once, and every record reads back as it was given")
  func interning() {
    let columns = PropertyColumns(nodes: Array(Self.sets[0..<2]), edges: Array(Self.sets[2...]))
    #expect(columns.keys == ["domain", "tier", "scopes", "weight", "disabled"])
    // support, admin, read, write, [read, write], 2.50, false: the array's items before it.
    #expect(
      columns.values == [
        .string("support"), .string("admin"), .string("read"), .string("write"),
        .array([.string("read"), .string("write")]), .number("2.50"), .bool(false),
      ])
    #expect(columns.nodes.offsets == [0, 2, 2])
    #expect(columns.edges.offsets == [0, 2, 5])
    #expect(columns.nodes.pairs == [0, 0, 1, 1])
    for (i, set) in Self.sets.enumerated() {
      let (records, r) = i < 2 ? (columns.nodes, i) : (columns.edges, i - 2)
      #expect(columns.properties(in: records, r) == set)
      #expect(Array(columns.properties(in: records, r)).map(\.key) == Array(set).map(\.key))
    }
    let tier = columns.key(named: "tier")!
    #expect(columns.value(tier, in: columns.edges, 0) == .string("admin"))
    #expect(columns.value(tier, in: columns.edges, 1) == nil)
    #expect(columns.key(named: "owner") == nil)
  }

  @Test("the graph reads one key by name or by a key looked up once")
  func graphLookups() throws {
    let graph = try Sketch.graph(
      """
      alice: Human domain=support name=Alice
      vault: Resource sensitivity=critical
      alice -CanRead-> vault tier=read
      """)
    let alice = graph.index(of: "alice")!
    let vault = graph.index(of: "vault")!
    #expect(graph.property("domain", of: alice) == .string("support"))
    #expect(graph.property("domain", of: vault) == nil)
    #expect(graph.property(graph.propertyKey(named: "sensitivity"), of: vault) == .string("critical"))
    #expect(graph.propertyKey(named: "owner") == nil)
    #expect(graph.property(graph.propertyKey(named: "owner"), of: vault) == nil)
    let edge = graph.outEdges(of: alice).first!
    #expect(graph.property("tier", ofEdge: edge) == .string("read"))
    #expect(graph.property(graph.propertyKey(named: "tier"), ofEdge: edge) == .string("read"))
    #expect(graph.propertyCount(of: alice) == 2 && graph.propertyCount(of: vault) == 1)
    #expect(graph.propertyCount(ofEdge: edge) == 1)
    #expect(graph.displayName(of: alice) == "Alice" && graph.displayName(of: vault) == "vault")
  }

  @Test("equal values share one id, which reads back the value")
  func valueIDs() throws {
    let graph = try Sketch.graph(
      """
      a: Human domain=support
      b: Human domain=support
      c: Human domain=iam
      a -CanRead-> c tier=read
      b -CanRead-> c tier=read
      """)
    let domain = graph.propertyKey(named: "domain")
    let (a, b, c) = (graph.index(of: "a")!, graph.index(of: "b")!, graph.index(of: "c")!)
    let ida = try #require(graph.propertyValueID(domain, of: a))
    #expect(graph.propertyValueID(domain, of: b) == ida)
    #expect(graph.propertyValueID(domain, of: c) != ida)
    #expect(graph.propertyValue(ida) == .string("support"))
    // support, iam and read, whatever the order.
    #expect(graph.propertyValueCount == 3 && ida.index < 3)
    let tier = graph.propertyKey(named: "tier")
    let edges = [graph.outEdges(of: a).first!, graph.outEdges(of: b).first!]
    #expect(graph.propertyValueID(tier, ofEdge: edges[0]) == graph.propertyValueID(tier, ofEdge: edges[1]))
    #expect(graph.propertyValueID(tier, of: a) == nil && graph.propertyValueID(nil, ofEdge: edges[0]) == nil)
  }

  @Test("columns equal when records hold the same keys and values, whatever the ids")
  func equality() {
    let a = PropertyColumns(nodes: Self.sets, edges: [])
    // The first record's keys the other way round: other key and value ids, the same records.
    let swapped = Properties([("tier", .string("admin")), ("domain", .string("support"))])
    let b = PropertyColumns(nodes: [swapped] + Self.sets.dropFirst(), edges: [])
    #expect(a.keys != b.keys)
    let reordered = PropertyColumns(nodes: [Self.sets[3], Self.sets[1], Self.sets[2], Self.sets[0]], edges: [])
    #expect(a == b)
    #expect(a != reordered)
    #expect(a != PropertyColumns(nodes: Array(Self.sets.dropLast()), edges: []))
  }

  @Test("a file whose record repeats a key, names a value past the last, or lists a key twice is refused")
  func forgedRecords() throws {
    let values: [PropertyValue] = [.string("a"), .string("b")]
    let repeated = PropertyColumns(
      keys: ["k"], values: values, nodes: .init(offsets: [0, 2], pairs: [0, 0, 0, 1]), edges: .init())
    let pastLast = PropertyColumns(
      keys: ["k"], values: values, nodes: .init(offsets: [0, 1], pairs: [0, 2]), edges: .init())
    let keyTwice = PropertyColumns(
      keys: ["k", "k"], values: values, nodes: .init(offsets: [0, 1], pairs: [1, 0]), edges: .init())
    for columns in [repeated, pastLast, keyTwice] {
      var writer = BinaryWriter()
      columns.encode(into: &writer)
      let bytes = writer.bytes
      #expect(throws: GraphFileError.self) {
        try bytes.withUnsafeBytes { raw in
          var reader = BinaryReader(raw)
          _ = try PropertyColumns(decoding: &reader, nodeCount: 1, edgeCount: 0)
        }
      }
    }
    var writer = BinaryWriter()
    PropertyColumns(nodes: [Self.sets[0]], edges: []).encode(into: &writer)
    let bytes = writer.bytes
    let read = try bytes.withUnsafeBytes { raw in
      var reader = BinaryReader(raw)
      return try PropertyColumns(decoding: &reader, nodeCount: 1, edgeCount: 0)
    }
    #expect(read.properties(in: read.nodes, 0) == Self.sets[0])

    // One value twice is no damage: it reads, and writes again, as the same records.
    let twice = PropertyColumns(
      keys: ["k"], values: [.string("a"), .string("a")], nodes: .init(offsets: [0, 1, 2], pairs: [0, 0, 0, 1]),
      edges: .init())
    var again = BinaryWriter()
    twice.encode(into: &again)
    let againBytes = again.bytes
    let reread = try againBytes.withUnsafeBytes { raw in
      var reader = BinaryReader(raw)
      return try PropertyColumns(decoding: &reader, nodeCount: 2, edgeCount: 0)
    }
    #expect(reread == twice && reread.properties(in: reread.nodes, 1) == Properties([("k", .string("a"))]))
  }
}
