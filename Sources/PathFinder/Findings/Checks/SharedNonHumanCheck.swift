import AccessGraph

/// shared-nhi: a credential or service account held by several agents.
extension RuleScanner {
  /// Credentials and service accounts that several agents hold, directly or through a
  /// credential; credentials with the same `fingerprint` count as one key. One candidate per
  /// agent, with every shared identity it holds.
  func sharedNonHumans(_ view: TraversalView, minAgents: Int, index: PathIndex) -> [Candidate] {
    let graph = view.graph
    // Per shared identity, its holders and the node each holds (a key under its own id).
    var holders: [Int: [Int: Int]] = [:]
    func isHeld(_ rule: EdgeRule) -> Bool { rule.isLive && rule.edgeClass == .inherit }
    for a in 0..<graph.nodeCount where view.categories[a] == .agent && view.isPresent(a) {
      for e in graph.outEdges(of: a) where isHeld(view.rule(of: e)) {
        let x = graph.target(of: e)
        guard view.isPresent(x) else { continue }
        switch view.categories[x] {
        case .credential:
          holders[x, default: [:]][a] = x
          for e2 in graph.outEdges(of: x) where isHeld(view.rule(of: e2)) && view.categories[graph.target(of: e2)] == .service {
            holders[graph.target(of: e2), default: [:]][a] = graph.target(of: e2)
          }
        case .service: holders[x, default: [:]][a] = x
        default: continue
        }
      }
    }
    // The same key under several node ids: merge by fingerprint onto its first node.
    var byFingerprint: [String: [Int]] = [:]
    for x in holders.keys where view.categories[x] == .credential {
      if let fingerprint = graph.property("fingerprint", of: x)?.matchText { byFingerprint[fingerprint, default: []].append(x) }
    }
    for nodes in byFingerprint.values where nodes.count > 1 {
      let ordered = nodes.sorted { index.idRank[$0] < index.idRank[$1] }
      for other in ordered.dropFirst() {
        holders[ordered[0], default: [:]].merge(holders.removeValue(forKey: other) ?? [:]) { first, _ in first }
      }
    }
    var held: [Int: Set<Int>] = [:]
    var others: [Int: Set<Int>] = [:]
    for (_, agents) in holders where agents.count >= minAgents {
      for (a, node) in agents {
        held[a, default: []].insert(node)
        others[a, default: []].formUnion(agents.keys.filter { $0 != a })
      }
    }
    return held.keys.sorted { index.idRank[$0] < index.idRank[$1] }.map { a in
      let shared = held[a]!.sorted { index.idRank[$0] < index.idRank[$1] }
      var candidate = Candidate(source: a, targets: shared.map { Candidate.Reached(target: $0, tier: .read) })
      candidate.related = others[a]!.sorted { index.idRank[$0] < index.idRank[$1] }
      return candidate
    }
  }

  static func sharedNonHumanMessage(_ w: ExposureWords) -> String {
    let all = ([w.finding.source] + w.finding.related).map(w.graph.id(of:)).joined(separator: ", ")
    return "\(w.target) is held by \(w.finding.related.count + 1) agents: \(all)"
  }
}
