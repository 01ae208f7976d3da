import AccessGraph

/// Reads BloodHound OpenGraph JSON (`{"metadata":{...},"graph":{"nodes":[...],"edges":[...]}}`)
/// into a `GraphBuilder`, record by record.
///
/// Validation follows the OpenGraph schema: a node needs a non-empty `id` and 1 to 3 `kinds`
/// (none starting with `tag_`); an edge needs a `kind` of letters, digits and underscores and
/// `start`/`end` endpoints matched by `id` (the default), `name` or `property`; properties are
/// primitives or homogeneous arrays of primitives (null values are dropped).
struct OpenGraphReader {
  /// What one file contributed.
  struct Counts {
    var nodes = 0
    var edges = 0
    var sourceKind: String?
  }

  /// Reads one OpenGraph document from `reader` into `builder`.
  static func read(_ reader: inout JSONReader, into builder: inout GraphBuilder) throws -> Counts {
    var counts = Counts()
    var first = true
    var sawGraph = false
    var legacyKey: String?
    try reader.beginObject(path: "the document")
    while let key = try reader.nextKey(first: &first) {
      let keyOffset = reader.valueStart()
      switch key {
      case "graph":
        if let legacyKey {
          throw reader.invalid(
            "\(key)",
            "mixes the OpenGraph 'graph' envelope with the legacy '\(legacyKey)' envelope; a file holds one or the other",
            at: keyOffset)
        }
        sawGraph = true
        try readGraph(&reader, into: &builder, counts: &counts)
      case "metadata":
        counts.sourceKind = try readMetadata(&reader)
      case "meta", "data":
        if sawGraph {
          throw reader.invalid(
            key, "mixes the legacy '\(key)' envelope with the OpenGraph 'graph' envelope; a file holds one or the other",
            at: keyOffset)
        }
        legacyKey = key
        try reader.skipValue()
      default:
        try reader.skipValue()
      }
    }
    try reader.expectEnd()
    guard sawGraph else {
      if let legacyKey {
        throw ImportError.unsupportedFormat(
          file: reader.file,
          message:
            "this is legacy SharpHound/BloodHound collector JSON ('\(legacyKey)' envelope), not OpenGraph; convert it to OpenGraph first"
        )
      }
      throw ImportError.unsupportedFormat(file: reader.file, message: "no 'graph' object: not an OpenGraph file")
    }
    return counts
  }

  // Only source_kind matters to pathscan; the rest of metadata is informational.
  private static func readMetadata(_ reader: inout JSONReader) throws -> String? {
    if try reader.consumeNull() { return nil }
    _ = reader.peek()
    let at = reader.valueStart()
    let value = try reader.readValue()
    guard case .object = value else {
      throw reader.invalid("metadata", "expected an object, found \(value.typeDescription)", at: at)
    }
    return value["source_kind"]?.stringValue
  }

  private static func readGraph(_ reader: inout JSONReader, into builder: inout GraphBuilder, counts: inout Counts) throws {
    try reader.beginObject(path: "graph")
    var first = true
    while let key = try reader.nextKey(first: &first) {
      switch key {
      case "nodes":
        try reader.beginArray(path: "graph.nodes")
        var firstNode = true
        while try reader.nextElement(first: &firstNode) {
          try readNode(&reader, index: counts.nodes, into: &builder)
          counts.nodes += 1
        }
      case "edges":
        try reader.beginArray(path: "graph.edges")
        var firstEdge = true
        while try reader.nextElement(first: &firstEdge) {
          try readEdge(&reader, index: counts.edges, into: &builder)
          counts.edges += 1
        }
      default:
        try reader.skipValue()
      }
    }
  }

  private static func readNode(_ reader: inout JSONReader, index: Int, into builder: inout GraphBuilder) throws {
    let path = { "graph.nodes[\(index)]" }
    let start = reader.valueStart()
    try reader.beginObject(path: path())
    var id: String?
    var kinds: [String]?
    var properties = Properties()
    var first = true
    while let key = try reader.nextKey(first: &first) {
      switch key {
      case "id":
        let at = reader.valueStart()
        let value = try reader.readString(path: "\(path()).id")
        guard !value.isEmpty else { throw reader.invalid("\(path()).id", "node id is empty", at: at) }
        id = value
      case "kinds":
        kinds = try readKinds(&reader, path: "\(path()).kinds")
      case "properties":
        properties = try readProperties(&reader, path: "\(path()).properties")
      default:
        try reader.skipValue()
      }
    }
    guard let id else { throw reader.invalid(path(), "node has no 'id'", at: start) }
    guard let kinds else { throw reader.invalid(path(), "node '\(id)' has no 'kinds'", at: start) }
    let line = reader.line(at: start)
    try builder.addNode(
      id: id, kinds: kinds, properties: properties,
      at: SourceLocation(file: reader.file, line: line, record: .node(index)))
  }

  private static func readKinds(_ reader: inout JSONReader, path: @autoclosure () -> String) throws -> [String] {
    let at = reader.valueStart()
    try reader.beginArray(path: path())
    var kinds: [String] = []
    var first = true
    while try reader.nextElement(first: &first) {
      let kindAt = reader.valueStart()
      let kind = try reader.readString(path: "\(path())[\(kinds.count)]")
      if kind.isEmpty { throw reader.invalid("\(path())[\(kinds.count)]", "kind is empty", at: kindAt) }
      if kind.lowercased().hasPrefix("tag_") {
        throw reader.invalid(
          "\(path())[\(kinds.count)]", "kind '\(kind)' starts with 'tag_', which OpenGraph reserves for BloodHound's own tags",
          at: kindAt)
      }
      kinds.append(kind)
    }
    if kinds.isEmpty { throw reader.invalid(path(), "a node needs at least one kind", at: at) }
    if kinds.count > 3 { throw reader.invalid(path(), "a node may have at most 3 kinds, this one has \(kinds.count)", at: at) }
    return kinds
  }

  /// Reads a property map: primitives and homogeneous arrays of primitives; null drops a key.
  static func readProperties(_ reader: inout JSONReader, path: @autoclosure () -> String) throws -> Properties {
    if try reader.consumeNull() { return Properties() }
    try reader.beginObject(path: path())
    var properties = Properties()
    var first = true
    while let key = try reader.nextKey(first: &first) {
      let at = reader.valueStart()
      let keyPath = "\(path()).\(key)"
      switch reader.peek() {
      case UInt8(ascii: "{"):
        throw reader.invalid(
          keyPath,
          "property values may not be objects (OpenGraph allows strings, numbers, booleans and arrays of them); flatten it into separate keys",
          at: at)
      case UInt8(ascii: "["):
        properties[key] = try readPropertyArray(&reader, path: keyPath)
      default:
        if let value = try reader.readPrimitive(path: keyPath) { properties[key] = value }
      }
    }
    return properties
  }

  private static func readPropertyArray(_ reader: inout JSONReader, path: @autoclosure () -> String) throws -> PropertyValue {
    try reader.beginArray(path: path())
    var items: [PropertyValue] = []
    var first = true
    while try reader.nextElement(first: &first) {
      let at = reader.valueStart()
      guard let item = try reader.readPrimitive(path: "\(path())[\(items.count)]") else {
        throw reader.invalid("\(path())[\(items.count)]", "arrays in properties may not hold null", at: at)
      }
      if let head = items.first, !sameType(head, item) {
        throw reader.invalid(
          "\(path())[\(items.count)]",
          "arrays in properties must hold one type; this one mixes \(typeName(head)) and \(typeName(item))", at: at)
      }
      items.append(item)
    }
    return .array(items)
  }

  private static func sameType(_ a: PropertyValue, _ b: PropertyValue) -> Bool { typeName(a) == typeName(b) }

  private static func typeName(_ v: PropertyValue) -> String {
    switch v {
    case .string: "strings"
    case .number: "numbers"
    case .bool: "booleans"
    case .array: "arrays"
    }
  }

  private static func readEdge(_ reader: inout JSONReader, index: Int, into builder: inout GraphBuilder) throws {
    let path = { "graph.edges[\(index)]" }
    let start = reader.valueStart()
    try reader.beginObject(path: path())
    var kind: String?
    var startRef: EndpointReference?
    var endRef: EndpointReference?
    var properties = Properties()
    var first = true
    while let key = try reader.nextKey(first: &first) {
      switch key {
      case "kind":
        let at = reader.valueStart()
        let value = try reader.readString(path: "\(path()).kind")
        guard !value.isEmpty, value.utf8.allSatisfy(Self.isKindByte) else {
          throw reader.invalid("\(path()).kind", "edge kind '\(value)' must be letters, digits and underscores only", at: at)
        }
        kind = value
      case "start": startRef = try readEndpoint(&reader, path: "\(path()).start")
      case "end": endRef = try readEndpoint(&reader, path: "\(path()).end")
      case "properties": properties = try readProperties(&reader, path: "\(path()).properties")
      default: try reader.skipValue()
      }
    }
    guard let kind else { throw reader.invalid(path(), "edge has no 'kind'", at: start) }
    guard let startRef else { throw reader.invalid(path(), "\(kind) edge has no 'start'", at: start) }
    guard let endRef else { throw reader.invalid(path(), "\(kind) edge has no 'end'", at: start) }
    let line = reader.line(at: start)
    try builder.addEdge(
      kind: kind, start: startRef, end: endRef, properties: properties,
      at: SourceLocation(file: reader.file, line: line, record: .edge(index)))
  }

  /// Letters, digits and underscore: the characters OpenGraph allows in an edge kind.
  private static func isKindByte(_ b: UInt8) -> Bool {
    b == UInt8(ascii: "_") || (b | 0x20) &- UInt8(ascii: "a") < 26 || b &- UInt8(ascii: "0") < 10
  }

  private static func readEndpoint(_ reader: inout JSONReader, path: @autoclosure () -> String) throws -> EndpointReference {
    let start = reader.valueStart()
    try reader.beginObject(path: path())
    var matchBy = "id"
    var value: String?
    var matchers: [EndpointReference.Matcher]?
    var kind: String?
    var first = true
    while let key = try reader.nextKey(first: &first) {
      switch key {
      case "match_by":
        let at = reader.valueStart()
        matchBy = try reader.readString(path: "\(path()).match_by")
        guard ["id", "name", "property"].contains(matchBy) else {
          throw reader.invalid("\(path()).match_by", "match_by is '\(matchBy)'; it must be id, name or property", at: at)
        }
      case "value":
        let at = reader.valueStart()
        guard let primitive = try reader.readPrimitive(path: "\(path()).value") else {
          throw reader.invalid("\(path()).value", "endpoint value is null", at: at)
        }
        value = primitive.matchText
      case "kind":
        if !(try reader.consumeNull()) { kind = try reader.readString(path: "\(path()).kind") }
      case "property_matchers":
        matchers = try readMatchers(&reader, path: "\(path()).property_matchers")
      default: try reader.skipValue()
      }
    }
    switch matchBy {
    case "property":
      guard let matchers, !matchers.isEmpty else {
        throw reader.invalid(path(), "match_by is property but there are no property_matchers", at: start)
      }
      return .properties(matchers, kind: kind)
    default:
      guard let value else { throw reader.invalid(path(), "endpoint has no 'value' to match by \(matchBy)", at: start) }
      if matchBy == "name" { return .properties([.init(key: "name", value: .string(value))], kind: kind) }
      return .id(value, kind: kind)
    }
  }

  private static func readMatchers(_ reader: inout JSONReader, path: @autoclosure () -> String) throws -> [EndpointReference
    .Matcher]
  {
    try reader.beginArray(path: path())
    var matchers: [EndpointReference.Matcher] = []
    var first = true
    while try reader.nextElement(first: &first) {
      let itemPath = "\(path())[\(matchers.count)]"
      let at = reader.valueStart()
      try reader.beginObject(path: itemPath)
      var key: String?
      var value: PropertyValue?
      var firstKey = true
      while let field = try reader.nextKey(first: &firstKey) {
        switch field {
        case "key": key = try reader.readString(path: "\(itemPath).key")
        case "value": value = try reader.readPrimitive(path: "\(itemPath).value")
        case "operator":
          let opAt = reader.valueStart()
          let op = try reader.readString(path: "\(itemPath).operator")
          guard op == "equals" else {
            throw reader.invalid("\(itemPath).operator", "operator '\(op)' is not supported; only 'equals' is", at: opAt)
          }
        default: try reader.skipValue()
        }
      }
      guard let key, let value else { throw reader.invalid(itemPath, "a property matcher needs 'key' and 'value'", at: at) }
      matchers.append(.init(key: key, value: value))
    }
    return matchers
  }
}

extension OpenGraphReader: FormatClaim {
  static let format = InputFormat.opengraph
  static let displayName = "OpenGraph"

  static func claim(_ document: DocumentShape) -> Claim? {
    document.has("graph") ? .sure : nil
  }
}
