import AccessGraph
import Foundation
import PathFinder
import TestSupport
import Testing

@Suite("What-if of findings")
struct WhatIfTests {
  static let at = Timestamp.parse("2026-11-22T00:00:00Z")!

  /// A random organisation: every category, domains, owners, a disabled human, sensitive
  /// resources; edges of every class, some capped, gated or expiring.
  static func randomSketch(using rng: inout SeededRandom) -> (nodes: [String], edges: [String]) {
    let categories = ["Human", "Agent", "ServiceAccount", "Group", "Role", "Application", "Credential", "Resource"]
    let n = Int.random(in: 4...12, using: &rng)
    var nodes: [String] = []
    for i in 0..<n {
      let kind = categories.randomElement(using: &rng)!
      var line = "n\(i): \(kind)"
      if Bool.random(using: &rng) { line += " domain=\(["support", "iam", "secops"].randomElement(using: &rng)!)" }
      if kind == "Resource" || Int.random(in: 0..<6, using: &rng) == 0 {
        line += " sensitivity=\(["low", "high", "critical"].randomElement(using: &rng)!)"
      }
      if Int.random(in: 0..<5, using: &rng) == 0 { line += " owner=n\(Int.random(in: 0..<n, using: &rng))" }
      if Int.random(in: 0..<8, using: &rng) == 0 { line += " disabled=true" }
      nodes.append(line)
    }
    var edges: [String] = []
    for _ in 0..<Int.random(in: 1...(n * 3), using: &rng) { edges.append(randomEdge(n, using: &rng)) }
    return (nodes, edges)
  }

  static func randomEdge(_ n: Int, using rng: inout SeededRandom) -> String {
    let kinds = [
      "MemberOf", "HasCredential", "AuthenticatesAs", "OAuthGrant", "CanInvoke", "CanManage", "CanRead", "CanPropose", "CanAct",
      "CanAdmin", "Contains", "RunsAs",
    ]
    var line =
      "n\(Int.random(in: 0..<n, using: &rng)) -\(kinds.randomElement(using: &rng)!)-> n\(Int.random(in: 0..<n, using: &rng))"
    if Int.random(in: 0..<5, using: &rng) == 0 { line += " tier=\(["read", "propose", "act"].randomElement(using: &rng)!)" }
    if Int.random(in: 0..<6, using: &rng) == 0 { line += " requiresApproval=true" }
    if Int.random(in: 0..<5, using: &rng) == 0 { line += " expires=2027-0\(Int.random(in: 1...6, using: &rng))-01T00:00:00Z" }
    return line
  }

  static func keys(_ view: TraversalView, scanner: RuleScanner = RuleScanner()) throws -> Set<Finding.Key> {
    WhatIf.keys(scanner.scan(view), in: view.graph)
  }

  /// The deliberately simple reference: a full scan of the graph and one of the graph
  /// rebuilt with `changes`, and the exposures only one of them has.
  static func twoScans(_ view: TraversalView, _ changes: GraphChanges, scanner: RuleScanner) throws -> (
    removed: Set<Finding.Key>, added: Set<Finding.Key>
  ) {
    let before = try keys(view, scanner: scanner)
    let after = try keys(
      TraversalView(graph: try view.graph.applying(changes), manifest: view.manifest, at: view.at), scanner: scanner)
    return (before.subtracting(after), after.subtracting(before))
  }

  @Test(
    "removed and added are exactly the difference of two full scans, the second of a graph written out changed, whatever the parts",
    arguments: 0..<4)
  func equalsTwoScans(batch: UInt64) throws {
    var rng = SeededRandom(seed: 0x3A7F + batch)
    var nonEmpty = 0
    for _ in 0..<500 {
      let (nodes, edges) = Self.randomSketch(using: &rng)
      let original = try Sketch.graph((nodes + edges).joined(separator: "\n"))
      // The same changes twice: as GraphChanges for the what-if, and as edits of the sketch
      // text, which the reference loads from scratch.
      var changes = GraphChanges()
      var changedNodes = nodes
      var changedEdges = edges
      func words(_ line: String) -> [String] { line.split(separator: " ").map(String.init) }
      func edgeChange(_ line: String) -> GraphChanges.EdgeChange {
        let w = words(line)
        return .init(from: w[0], kind: String(w[1].dropFirst().dropLast(2)), to: w[2])
      }
      // Every edge line of one (from, kind, to) merges into one edge; changes act on it whole.
      func sameEdge(_ a: String, _ b: String) -> Bool { words(a).prefix(3) == words(b).prefix(3) }
      switch Int.random(in: 0..<5, using: &rng) {
      case 0:
        let line = changedEdges.randomElement(using: &rng)!
        changes.removeEdges.append(edgeChange(line))
        changedEdges.removeAll { sameEdge($0, line) }
      case 1:
        let line = Self.randomEdge(nodes.count, using: &rng)
        let w = words(line)
        var change = edgeChange(line)
        for word in w.dropFirst(3) {
          let kv = word.split(separator: "=", maxSplits: 1).map(String.init)
          change.properties[kv[0]] = kv[1] == "true" ? .bool(true) : .string(kv[1])
        }
        changes.addEdges.append(change)
        changedEdges.append(line)
      case 2:
        let line = changedEdges.randomElement(using: &rng)!
        let tier = ["read", "propose", "act", "admin"].randomElement(using: &rng)!
        var change = edgeChange(line)
        change.properties["tier"] = .string(tier)
        changes.updateEdges.append(change)
        // The rebuilt edge keeps the first line's properties, with the tier set.
        let first = changedEdges.first { sameEdge($0, line) }!
        let kept = words(first).dropFirst(3).filter { !$0.hasPrefix("tier=") }
        changedEdges.removeAll { sameEdge($0, line) }
        changedEdges.append((Array(words(first).prefix(3)) + kept + ["tier=\(tier)"]).joined(separator: " "))
      case 3:
        let id = "n\(Int.random(in: 0..<nodes.count, using: &rng))"
        changes.removeNodes.append(id)
        changedNodes.removeAll { words($0)[0] == id + ":" }
        changedEdges.removeAll { words($0)[0] == id || words($0)[2] == id }
      default:
        break  // only the time moves
      }
      let later = Bool.random(using: &rng) ? Timestamp.parse("2027-03-15T00:00:00Z")! : Self.at
      let view = TraversalView(graph: original, at: Self.at)
      // Parts of one to four sources, or one part of all: the parts' differences must add
      // up to the whole one.
      let part = Bool.random(using: &rng) ? Int.random(in: 1...4, using: &rng) : 8192
      let whatIf = try WhatIf(view, changes: changes, later: later, scanner: RuleScanner(), sourcesPerPart: part)
      let reference = TraversalView(graph: try Sketch.graph((changedNodes + changedEdges).joined(separator: "\n")), at: later)
      let before = try Self.keys(view)
      let after = try Self.keys(reference)
      #expect(whatIf.removed == before.subtracting(after), "\((nodes + edges).joined(separator: "\n"))\n\(changes)")
      #expect(whatIf.added == after.subtracting(before), "\((nodes + edges).joined(separator: "\n"))\n\(changes)")
      if !whatIf.removed.isEmpty || !whatIf.added.isEmpty { nonEmpty += 1 }
    }
    // The generator must produce changes that matter, or the test proves nothing.
    #expect(nonEmpty > 40)
  }
}

extension WhatIfTests {
  @Test("only the sources upstream of the change are scanned again, and what they lose is exact")
  func upstreamOnly() throws {
    let graph = try Sketch.graph(
      """
      alice: Human
      bob: Human
      carol: Human
      team: Group
      ops: Group
      db: Resource sensitivity=critical
      vault: Resource sensitivity=critical
      alice -MemberOf-> team
      bob -MemberOf-> team
      carol -MemberOf-> ops
      team -CanAdmin-> db
      ops -CanAdmin-> vault
      """)
    let view = TraversalView(graph: graph, at: Self.at)
    let rule = Rule(
      id: "admin", title: "t", severity: .high,
      check: .reach(.init(from: Selector(known: "category:human"), to: Selector(known: "category:resource"), minTier: .admin)))
    let scanner = RuleScanner(rules: [rule])
    let changes = GraphChanges(removeEdges: [.init(from: "ops", kind: "CanAdmin", to: "vault")])
    let whatIf = try WhatIf(view, changes: changes, scanner: scanner)
    // ops and carol, not alice, bob or team.
    #expect(whatIf.rescanned == 2)
    #expect(whatIf.removed.map { "\($0.source) \($0.target) \($0.tier)" } == ["carol vault admin"])
    #expect(whatIf.added.isEmpty)
    let (removed, added) = try Self.twoScans(view, changes, scanner: scanner)
    #expect(whatIf.removed == removed && whatIf.added == added)
  }
}
