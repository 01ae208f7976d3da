/// Collects nodes and edges in any order, from any number of files, and freezes them into
/// an `AccessGraph`.
///
/// Edges may name nodes that are defined later or in another file. Node records with the
/// same id merge their kinds and properties; a property given two different values keeps the
/// first and is reported. Edges whose endpoints resolve to no node, or (for property matchers)
/// to more than one, are reported and skipped.
public struct GraphBuilder {
  // Node slots are created by node records and, provisionally, by edges naming an id not yet
  // seen; a slot never defined by a node record is a dangling reference at build time.
  var slotIDs: [String] = []
  var slotLookup: [String: UInt32] = [:]
  var slotDefined: [Bool] = []
  var slotKinds: [[UInt16]] = []
  var slotProperties: [Properties] = []
  var slotLocations: [SourceLocation?] = []

  var kinds = KindTable()
  var report = BuildReport()

  // Pending edges. An endpoint word with the high bit set indexes `matchers`.
  var edgeStarts: [UInt32] = []
  var edgeEnds: [UInt32] = []
  var edgeKinds: [UInt16] = []
  var edgeProperties: [Properties] = []
  var edgeLocations: [EdgeLocation] = []
  var matchers: [EndpointReference] = []
  var files: [String] = []
  var fileLookup: [String: UInt32] = [:]

  static let matcherBit: UInt32 = 1 << 31
  /// The most kinds an OpenGraph node may have.
  public static let maxKinds = 3

  struct EdgeLocation {
    var file: UInt32
    var line: UInt32
    var record: UInt32
  }

  public init() {}

  /// The number of node records added so far (merged duplicates count once).
  public var definedNodeCount: Int { report.nodeCount }

  /// Adds a node record, merging it into an earlier record with the same id.
  /// - Complexity: O(k + p) amortised in its kinds and properties.
  public mutating func addNode(id: String, kinds kindNames: [String], properties: Properties, at location: SourceLocation) throws
  {
    var kindIDs: [UInt16] = []
    kindIDs.reserveCapacity(kindNames.count)
    for name in kindNames {
      guard let k = kinds.intern(name) else { throw GraphBuildError.tooManyKinds(location) }
      if !kindIDs.contains(k) { kindIDs.append(k) }
    }
    let slot = self.slot(for: id)
    let s = Int(slot)
    if !slotDefined[s] {
      slotDefined[s] = true
      slotKinds[s] = kindIDs
      slotProperties[s] = properties
      slotLocations[s] = location
      report.nodeCount += 1
      return
    }
    report.mergedNodes += 1
    for k in kindIDs where !slotKinds[s].contains(k) {
      // OpenGraph allows three kinds a node; keeping more would make export unreadable.
      guard slotKinds[s].count < Self.maxKinds else {
        report.record(.tooManyKinds, at: location, "node '\(id)' already has 3 kinds; '\(kinds[k])' was dropped")
        continue
      }
      slotKinds[s].append(k)
    }
    for (key, value) in properties {
      if let existing = slotProperties[s][key] {
        if existing != value {
          let first = slotLocations[s].map { " (kept the value from \($0))" } ?? ""
          report.record(
            .conflictingProperty, at: location,
            "node '\(id.excerpt)' property '\(key.excerpt)' is \(value.excerpt) here but \(existing.excerpt) before\(first)")
        }
      } else {
        slotProperties[s][key] = value
      }
    }
  }

  /// Sets `key` to `value` on every defined node that lacks `key` and that `matches` (given
  /// its id, kind names and properties); returns how many it set. What the input says always
  /// wins: a node that has the key keeps it.
  /// - Complexity: O(n · (k + p)) plus the cost of `matches`.
  @discardableResult
  public mutating func setDefault(
    _ key: String, _ value: PropertyValue, where matches: (_ id: String, _ kinds: [String], _ properties: Properties) -> Bool
  ) -> Int {
    var count = 0
    for s in slotIDs.indices where slotDefined[s] && slotProperties[s][key] == nil {
      if matches(slotIDs[s], slotKinds[s].map { kinds[$0] }, slotProperties[s]) {
        slotProperties[s][key] = value
        count += 1
      }
    }
    return count
  }

  /// Notes a record an importer could not use (a partly broken export): it is skipped and
  /// reported, and with `strict` the build fails.
  /// - Complexity: O(1).
  public mutating func skipRecord(at location: SourceLocation, _ message: String) {
    report.record(.skippedRecord, at: location, message)
  }

  /// Adds an edge record; its endpoints are resolved when the graph is built.
  /// - Complexity: O(1) amortised, plus O(p) for its properties.
  public mutating func addEdge(
    kind: String, start: EndpointReference, end: EndpointReference, properties: Properties, at location: SourceLocation
  ) throws {
    guard let k = kinds.intern(kind) else { throw GraphBuildError.tooManyKinds(location) }
    edgeStarts.append(endpointWord(start))
    edgeEnds.append(endpointWord(end))
    edgeKinds.append(k)
    edgeProperties.append(properties)
    let record: Int
    if case .edge(let i) = location.record { record = i } else { record = edgeStarts.count - 1 }
    edgeLocations.append(
      EdgeLocation(file: fileNumber(location.file), line: UInt32(clamping: location.line ?? 0), record: UInt32(clamping: record)))
  }

  private mutating func slot(for id: String) -> UInt32 {
    if let slot = slotLookup[id] { return slot }
    let slot = UInt32(slotIDs.count)
    slotIDs.append(id)
    slotLookup[id] = slot
    slotDefined.append(false)
    slotKinds.append([])
    slotProperties.append(Properties())
    slotLocations.append(nil)
    return slot
  }

  private mutating func endpointWord(_ reference: EndpointReference) -> UInt32 {
    if case .id(let id, nil) = reference { return slot(for: id) }
    matchers.append(reference)
    return Self.matcherBit | UInt32(matchers.count - 1)
  }

  private mutating func fileNumber(_ file: String) -> UInt32 {
    if let last = files.last, last == file { return UInt32(files.count - 1) }
    if let n = fileLookup[file] { return n }
    let n = UInt32(files.count)
    files.append(file)
    fileLookup[file] = n
    return n
  }

  func location(ofEdge i: Int) -> SourceLocation {
    let loc = edgeLocations[i]
    return SourceLocation(
      file: files[Int(loc.file)], line: loc.line == 0 ? nil : Int(loc.line), record: .edge(Int(loc.record)))
  }
}
