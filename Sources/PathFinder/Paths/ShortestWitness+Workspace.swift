import AccessGraph

extension ShortestWitness {
  /// Scratch space reused across the witnesses of one scan's chunk of work on one view: the
  /// search's state tables, so each search costs what it visits rather than a fresh
  /// 8-states-a-node table, and the last few witness tables and hop distances, so the
  /// witnesses after the first to a target cost a walk.
  public struct Workspace {
    var parentState: [UInt32]
    var parentEdge: [UInt32]
    var touched: [UInt32] = []
    /// Witness tables by view (its exclusions) and target, least recently used first.
    var tables: [(exclusions: UInt8, table: Table)] = []
    /// Hop distances to one target (`PathSearch.distances`) by view and target, least
    /// recently used first.
    var distances: [(exclusions: UInt8, target: AccessGraph.NodeIndex, table: [UInt16])] = []
    /// Nodes that start enough witnesses of their own (a deputy many humans use) to earn a
    /// witness table to them rather than a search each.
    var sharedStarts: Set<AccessGraph.NodeIndex> = []
    /// The bounded path search's per-node tables.
    var search = PathSearch.Scratch()
    let distancesKept: Int

    public init(nodeCount: Int) {
      parentState = [UInt32](repeating: .max, count: nodeCount * 8)
      parentEdge = [UInt32](repeating: 0, count: nodeCount * 8)
      // About 32 MB of distance tables, at least a few.
      distancesKept = max(4, (1 << 24) / max(1, nodeCount))
    }

    mutating func reset() {
      for s in touched { parentState[Int(s)] = .max }
      touched.removeAll(keepingCapacity: true)
    }

    /// How many witness tables (16 bytes a node each) a workspace keeps.
    static let tablesKept = 4

    /// The witness table for `target` at `tier` over `view`: a kept one when there is one,
    /// else a new one, kept in place of the least recently used.
    /// - Complexity: O(kept) when kept, else the table's construction.
    mutating func table(
      _ view: TraversalView, to target: AccessGraph.NodeIndex, atLeast tier: Tier, asIdentity: Bool = false,
      inEdges: LiveInEdges
    ) -> Table {
      let exclusions = view.exclusions.rawValue
      if let kept = tables.firstIndex(where: {
        $0.exclusions == exclusions && $0.table.target == target && $0.table.tier == tier
          && $0.table.asIdentity == asIdentity
      }) {
        tables.append(tables.remove(at: kept))
        return tables[tables.count - 1].table
      }
      let table = Table(view, to: target, atLeast: tier, asIdentity: asIdentity, inEdges: inEdges)
      if tables.count == Self.tablesKept { tables.removeFirst() }
      tables.append((exclusions, table))
      return table
    }

    /// `PathSearch.distances(view, to: [target])`: kept ones when there are, else new ones,
    /// kept in place of the least recently used.
    /// - Complexity: O(kept) when kept, else O(n + e).
    mutating func distances(_ view: TraversalView, to target: AccessGraph.NodeIndex, inEdges: LiveInEdges) -> [UInt16] {
      let exclusions = view.exclusions.rawValue
      if let kept = distances.firstIndex(where: { $0.exclusions == exclusions && $0.target == target }) {
        distances.append(distances.remove(at: kept))
        return distances[distances.count - 1].table
      }
      let table = PathSearch.distances(view, to: [target], inEdges: inEdges)
      if distances.count == distancesKept { distances.removeFirst() }
      distances.append((exclusions, target, table))
      return table
    }
  }
}
