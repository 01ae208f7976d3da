extension GraphBuilder {
  /// Resolves every edge and freezes the compact graph.
  ///
  /// With `strict`, any skipped or conflicting input throws `GraphBuildError.strict`
  /// instead of being reported.
  /// - Complexity: O(n + e log d) where d is the largest out-degree.
  public consuming func build(strict: Bool = false) throws -> (graph: AccessGraph, report: BuildReport) {
    // Compact node numbering: defined slots only, in the order first seen.
    var compact = [UInt32](repeating: UInt32.max, count: slotIDs.count)
    var nodeIDs: [String] = []
    nodeIDs.reserveCapacity(report.nodeCount)
    for s in slotIDs.indices where slotDefined[s] {
      compact[s] = UInt32(nodeIDs.count)
      nodeIDs.append(slotIDs[s])
    }
    let n = nodeIDs.count

    var resolver = MatcherResolver(builder: self, compact: compact)
    var starts: [UInt32] = []
    var ends: [UInt32] = []
    var keep: [Int] = []
    starts.reserveCapacity(edgeStarts.count)
    ends.reserveCapacity(edgeStarts.count)
    keep.reserveCapacity(edgeStarts.count)
    for i in edgeStarts.indices {
      guard let s = resolve(edgeStarts[i], edge: i, side: "start", compact: compact, resolver: &resolver),
        let t = resolve(edgeEnds[i], edge: i, side: "end", compact: compact, resolver: &resolver)
      else { continue }
      starts.append(s)
      ends.append(t)
      keep.append(i)
    }

    // Counting sort by source, then order each adjacency list by (target, kind name).
    let kindRank = kinds.names.indices.sorted { kinds.names[$0] < kinds.names[$1] }.enumerated()
      .reduce(into: [UInt16](repeating: 0, count: kinds.count)) { $0[$1.element] = UInt16($1.offset) }
    var outOffsets = [UInt32](repeating: 0, count: n + 1)
    for s in starts { outOffsets[Int(s) + 1] += 1 }
    for v in 0..<n { outOffsets[v + 1] += outOffsets[v] }
    var cursor = outOffsets
    var order = [Int](repeating: 0, count: keep.count)
    for j in keep.indices {
      let s = Int(starts[j])
      order[Int(cursor[s])] = j
      cursor[s] += 1
    }
    for v in 0..<n {
      let range = Int(outOffsets[v])..<Int(outOffsets[v + 1])
      if range.count > 1 {
        order[range].sort { a, b in
          ends[a] != ends[b] ? ends[a] < ends[b] : kindRank[Int(edgeKinds[keep[a]])] < kindRank[Int(edgeKinds[keep[b]])]
        }
      }
    }

    // Lay out the forward arrays, merging repeats of the same (start, kind, end).
    var targets: [UInt32] = []
    var kindIDs: [UInt16] = []
    var properties: [Properties] = []
    // Which input record each frozen edge came from (the first of merged repeats).
    var edgeRecords: [Int] = []
    edgeRecords.reserveCapacity(keep.count)
    targets.reserveCapacity(keep.count)
    kindIDs.reserveCapacity(keep.count)
    properties.reserveCapacity(keep.count)
    var newOffsets = [UInt32](repeating: 0, count: n + 1)
    for v in 0..<n {
      let first = targets.count
      for j in order[Int(outOffsets[v])..<Int(outOffsets[v + 1])] {
        let i = keep[j]
        if targets.count > first, targets.last == ends[j], kindIDs.last == edgeKinds[i] {
          report.mergedEdges += 1
          mergeProperties(edgeProperties[i], into: &properties[properties.count - 1], edge: i)
          continue
        }
        targets.append(ends[j])
        kindIDs.append(edgeKinds[i])
        properties.append(edgeProperties[i])
        edgeRecords.append(i)
      }
      newOffsets[v + 1] = UInt32(targets.count)
    }
    report.edgeCount = targets.count

    let reverse = Self.reverseAdjacency(nodeCount: n, offsets: newOffsets, targets: targets)
    var nodeKindOffsets: [UInt32] = [0]
    var nodeKindIDs: [UInt16] = []
    var nodeProperties: [Properties] = []
    var origins: [AccessGraph.NodeOrigin] = []
    var originFiles: [String] = []
    var originFileLookup: [String: UInt32] = [:]
    func fileNumber(_ file: String) -> UInt32 {
      if let f = originFileLookup[file] { return f }
      let f = UInt32(originFiles.count)
      originFiles.append(file)
      originFileLookup[file] = f
      return f
    }
    origins.reserveCapacity(n)
    nodeKindOffsets.reserveCapacity(n + 1)
    nodeProperties.reserveCapacity(n)
    for s in slotIDs.indices where slotDefined[s] {
      nodeKindIDs.append(contentsOf: slotKinds[s])
      nodeKindOffsets.append(UInt32(nodeKindIDs.count))
      nodeProperties.append(slotProperties[s])
      if let location = slotLocations[s] {
        origins.append(.init(file: fileNumber(location.file), line: UInt32(clamping: location.line ?? 0)))
      } else {
        origins.append(.init(file: .max, line: 0))
      }
    }
    // Edge locations name files by the builder's numbering; the graph keeps one list.
    let builderFiles = files.map(fileNumber)
    let edgeOrigins = edgeRecords.map { i in
      AccessGraph.NodeOrigin(file: builderFiles[Int(edgeLocations[i].file)], line: edgeLocations[i].line)
    }
    if strict && !report.isClean { throw GraphBuildError.strict(report) }
    guard let idLookup = try? NodeIDIndex(nodeIDs) else { preconditionFailure("the builder interns ids, so none repeats") }
    let graph = AccessGraph(
      nodeIDs: nodeIDs, idLookup: idLookup, kinds: kinds, nodeKindOffsets: nodeKindOffsets, nodeKindIDs: nodeKindIDs,
      propertyColumns: PropertyColumns(nodes: nodeProperties, edges: properties), nodeOrigins: origins,
      sourceFiles: originFiles, outOffsets: newOffsets, outTargets: targets, edgeKindIDs: kindIDs, edgeOrigins: edgeOrigins,
      inOffsets: reverse.offsets, inSources: reverse.sources)
    return (graph, report)
  }

  private mutating func resolve(
    _ word: UInt32, edge i: Int, side: String, compact: [UInt32], resolver: inout MatcherResolver
  ) -> UInt32? {
    if word & Self.matcherBit == 0 {
      let c = compact[Int(word)]
      if c == UInt32.max {
        report.record(
          .unresolvedEndpoint, at: location(ofEdge: i),
          "\(kinds[edgeKinds[i]]) \(side) '\(slotIDs[Int(word)].excerpt)' matches no node")
        return nil
      }
      return c
    }
    let reference = matchers[Int(word & ~Self.matcherBit)]
    let found = resolver.candidates(for: reference)
    switch found.count {
    case 1: return compact[Int(found[0])]
    case 0:
      report.record(.unresolvedEndpoint, at: location(ofEdge: i), "\(kinds[edgeKinds[i]]) \(side) \(reference) matches no node")
    default:
      report.record(
        .ambiguousEndpoint, at: location(ofEdge: i),
        "\(kinds[edgeKinds[i]]) \(side) \(reference) matches \(found.count) nodes (\(found.prefix(3).map { "'\(slotIDs[Int($0)].excerpt)'" }.joined(separator: ", "))\(found.count > 3 ? ", ..." : "")); it must match exactly one"
      )
    }
    return nil
  }

  private mutating func mergeProperties(_ incoming: Properties, into existing: inout Properties, edge i: Int) {
    for (key, value) in incoming {
      if let old = existing[key] {
        if old != value {
          report.record(
            .conflictingProperty, at: location(ofEdge: i),
            "repeated \(kinds[edgeKinds[i]]) edge property '\(key.excerpt)' is \(value.excerpt) here but \(old.excerpt) before (kept the first)"
          )
        }
      } else {
        existing[key] = value
      }
    }
  }

  /// In-edge lists by counting sort: each node's sources in increasing order, one a edge.
  /// - Complexity: O(n + e).
  static func reverseAdjacency(nodeCount n: Int, offsets: [UInt32], targets: [UInt32]) -> (
    offsets: [UInt32], sources: [UInt32]
  ) {
    // Over raw buffers, so the scatter's writes (9 million at scale 25) pay no bounds check.
    // Every target is below n: the builder makes them so, and a compiled file is checked first.
    var inOffsets = [UInt32](repeating: 0, count: n + 1)
    var sources = [UInt32](repeating: 0, count: targets.count)
    targets.withUnsafeBufferPointer { targets in
      offsets.withUnsafeBufferPointer { offsets in
        inOffsets.withUnsafeMutableBufferPointer { inOffsets in
          for t in targets { inOffsets[Int(t) + 1] &+= 1 }
          for v in 0..<n { inOffsets[v + 1] &+= inOffsets[v] }
          var cursor = [UInt32](inOffsets)
          cursor.withUnsafeMutableBufferPointer { cursor in
            sources.withUnsafeMutableBufferPointer { sources in
              for v in 0..<n {
                for e in Int(offsets[v])..<Int(offsets[v + 1]) {
                  let t = Int(targets[e])
                  sources[Int(cursor[t])] = UInt32(truncatingIfNeeded: v)
                  cursor[t] &+= 1
                }
              }
            }
          }
        }
      }
    }
    return (inOffsets, sources)
  }

}

/// Finds the node slots an endpoint reference names, indexing properties only on demand.
struct MatcherResolver {
  let slotIDs: [String]
  let slotLookup: [String: UInt32]
  let slotKinds: [[UInt16]]
  let slotProperties: [Properties]
  let kinds: KindTable
  let compact: [UInt32]
  var indexes: [String: [String: [UInt32]]] = [:]
  /// Answers already found, so many edges naming the same node by the same matchers cost one.
  var answers: [String: [UInt32]] = [:]

  init(builder: borrowing GraphBuilder, compact: [UInt32]) {
    slotIDs = builder.slotIDs
    slotLookup = builder.slotLookup
    slotKinds = builder.slotKinds
    slotProperties = builder.slotProperties
    kinds = builder.kinds
    self.compact = compact
  }

  mutating func candidates(for reference: EndpointReference) -> [UInt32] {
    switch reference {
    case .id(let id, let kind):
      guard let slot = slotLookup[id], compact[Int(slot)] != UInt32.max, has(slot, kind: kind) else { return [] }
      return [slot]
    case .properties(let terms, let kind):
      guard !terms.isEmpty else { return [] }
      let memo = "\(reference)"
      if let known = answers[memo] { return known }
      // Every matcher key is indexed; the most selective term gives the candidates, the
      // others filter them, so shared values (a common `kind` or `environment`) cost nothing.
      let buckets = terms.map { index(for: $0.key)[$0.value.matchText, default: []] }
      let narrowest = buckets.indices.min { buckets[$0].count < buckets[$1].count }!
      let found = buckets[narrowest].filter { slot in
        has(slot, kind: kind)
          && terms.enumerated().allSatisfy { i, term in
            i == narrowest
              || (term.key == "id"
                ? slotIDs[Int(slot)] == term.value.matchText
                : slotProperties[Int(slot)][term.key]?.matchText == term.value.matchText)
          }
      }
      answers[memo] = found
      return found
    }
  }

  private func has(_ slot: UInt32, kind: String?) -> Bool {
    guard let kind else { return true }
    guard let k = kinds.id(of: kind) else { return false }
    return slotKinds[Int(slot)].contains(k)
  }

  private mutating func index(for key: String) -> [String: [UInt32]] {
    if let built = indexes[key] { return built }
    var built: [String: [UInt32]] = [:]
    for s in slotIDs.indices where compact[s] != UInt32.max {
      if key == "id" {
        built[slotIDs[s], default: []].append(UInt32(s))
      } else if let value = slotProperties[s][key] {
        built[value.matchText, default: []].append(UInt32(s))
      }
    }
    indexes[key] = built
    return built
  }
}
