/// The compact, immutable access graph: interned node ids, adjacency arrays forward and
/// reverse, kinds as small integers, and properties kept apart from the topology.
///
/// Edge ids are positions in the forward adjacency array: the out-edges of node `n` are the
/// ids `outOffsets[n] ..< outOffsets[n + 1]`, ordered by target node and then kind name. The
/// reverse arrays hold, for every node, the sources of its in-edges in source order; an
/// in-edge's id is recovered from the sorted forward arrays, so it is not stored. Topology and
/// kinds take 10 bytes an edge (target 4, kind 2, reverse source 4) and 14 a node.
public struct AccessGraph: Sendable {
  /// A node's position, from 0 to `nodeCount - 1`.
  public typealias NodeIndex = Int
  /// An edge's position, from 0 to `edgeCount - 1`.
  public typealias EdgeIndex = Int

  /// Node ids, exactly as given in the input, by node index.
  public let nodeIDs: [String]
  let idLookup: NodeIDIndex
  /// Every node and edge kind name.
  public let kinds: KindTable
  let nodeKindOffsets: [UInt32]
  let nodeKindIDs: [UInt16]
  /// Every node's and edge's properties, kept as columns apart from the topology.
  let propertyColumns: PropertyColumns
  /// Where each node was first defined: an index into `sourceFiles` and a line (0: unknown).
  let nodeOrigins: [NodeOrigin]
  /// The input files nodes came from.
  public let sourceFiles: [String]

  struct NodeOrigin: Sendable {
    var file: UInt32
    var line: UInt32
  }

  let outOffsets: [UInt32]
  let outTargets: [UInt32]
  let edgeKindIDs: [UInt16]
  /// Where each edge was defined (file into `sourceFiles`, line); empty for graphs built
  /// without locations. Provenance, not topology: not counted in `topologyBytes`.
  let edgeOrigins: [NodeOrigin]
  let inOffsets: [UInt32]
  let inSources: [UInt32]

  init(
    nodeIDs: [String], idLookup: NodeIDIndex, kinds: KindTable,
    nodeKindOffsets: [UInt32], nodeKindIDs: [UInt16], propertyColumns: PropertyColumns,
    nodeOrigins: [NodeOrigin], sourceFiles: [String],
    outOffsets: [UInt32], outTargets: [UInt32], edgeKindIDs: [UInt16],
    edgeOrigins: [NodeOrigin] = [], inOffsets: [UInt32], inSources: [UInt32]
  ) {
    self.edgeOrigins = edgeOrigins
    self.nodeIDs = nodeIDs
    self.idLookup = idLookup
    self.kinds = kinds
    self.nodeKindOffsets = nodeKindOffsets
    self.nodeKindIDs = nodeKindIDs
    self.propertyColumns = propertyColumns
    self.nodeOrigins = nodeOrigins
    self.sourceFiles = sourceFiles
    self.outOffsets = outOffsets
    self.outTargets = outTargets
    self.edgeKindIDs = edgeKindIDs
    self.inOffsets = inOffsets
    self.inSources = inSources
    checkInvariants()
  }

  /// An empty graph.
  public static let empty = AccessGraph(
    nodeIDs: [], idLookup: try! NodeIDIndex([]), kinds: KindTable(), nodeKindOffsets: [0], nodeKindIDs: [],
    propertyColumns: PropertyColumns(nodes: [], edges: []), nodeOrigins: [], sourceFiles: [], outOffsets: [0], outTargets: [],
    edgeKindIDs: [],
    inOffsets: [0], inSources: [])

  /// The number of nodes.
  /// - Complexity: O(1).
  public var nodeCount: Int { nodeIDs.count }

  /// The number of edges.
  /// - Complexity: O(1).
  public var edgeCount: Int { outTargets.count }

  /// The index of the node with exactly this id.
  /// - Complexity: O(1) on average.
  public func index(of id: String) -> NodeIndex? { idLookup.index(of: id, in: nodeIDs) }

  /// The bytes held by topology and kinds (adjacency arrays both ways, kind ids), the figure
  /// the scale targets are stated in.
  /// - Complexity: O(1).
  public var topologyBytes: Int {
    4 * (outOffsets.count + outTargets.count + inOffsets.count + inSources.count + nodeKindOffsets.count)
      + 2 * (edgeKindIDs.count + nodeKindIDs.count)
  }
}
