/// A small directed graph to draw: what `render` shows of one or more privilege paths.
///
/// Kept free of the access-graph types so that rendering depends on nothing but Graphviz.
public struct Diagram: Sendable, Equatable {
  public struct Node: Sendable, Equatable {
    public var id: String
    public var label: String
    /// The node's category (`human`, `agent`, ...), which picks its shape and colour.
    public var category: String
    /// Start or end of a finding: drawn bold.
    public var emphasised: Bool

    public init(id: String, label: String, category: String, emphasised: Bool = false) {
      self.id = id
      self.label = label
      self.category = category
      self.emphasised = emphasised
    }
  }

  public struct Edge: Sendable, Equatable {
    public var from: String
    public var to: String
    public var label: String
    /// `read`, `propose`, `act` or `admin`: the effective tier after this step, for colour.
    public var tier: String
    public var gated: Bool
    public var justInTime: Bool

    public init(from: String, to: String, label: String, tier: String, gated: Bool = false, justInTime: Bool = false) {
      self.from = from
      self.to = to
      self.label = label
      self.tier = tier
      self.gated = gated
      self.justInTime = justInTime
    }
  }

  public var title: String
  public private(set) var nodes: [Node] = []
  public private(set) var edges: [Edge] = []

  public init(title: String) { self.title = title }

  /// Adds a node once; adding it again may only emphasise it.
  public mutating func add(_ node: Node) {
    if let i = nodes.firstIndex(where: { $0.id == node.id }) {
      nodes[i].emphasised = nodes[i].emphasised || node.emphasised
    } else {
      nodes.append(node)
    }
  }

  /// Adds an edge unless the same one (ends and label) is there.
  public mutating func add(_ edge: Edge) {
    if !edges.contains(where: { $0.from == edge.from && $0.to == edge.to && $0.label == edge.label }) { edges.append(edge) }
  }

  /// The diagram as Graphviz DOT text: left to right, one style a category, edges coloured
  /// by tier, dashed when just-in-time, with a lock mark when gated.
  /// - Complexity: O(n + e).
  public var dot: String {
    var lines = [
      "digraph pathscan {",
      "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, labelloc=t, label=\(Self.quote(title)), nodesep=0.3, ranksep=0.5];",
      "  node [fontname=\"Helvetica\", fontsize=10, style=filled, penwidth=1];",
      "  edge [fontname=\"Helvetica\", fontsize=9];",
    ]
    for (i, node) in nodes.enumerated() {
      let (shape, fill) = Self.style(node.category)
      var attributes = [
        "label=\(Self.quote(node.label + "\n" + node.category))", "shape=\(shape)", "fillcolor=\"\(fill)\"",
        "tooltip=\(Self.quote(node.id))",
      ]
      if node.emphasised { attributes.append("penwidth=2.5") }
      lines.append("  n\(i) [\(attributes.joined(separator: ", "))];")
    }
    let index = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.id, $0) })
    for edge in edges {
      guard let from = index[edge.from], let to = index[edge.to] else { continue }
      var label = edge.label
      if edge.gated { label += " (approval)" }
      var attributes = [
        "label=\(Self.quote(label))", "color=\"\(Self.colour(edge.tier))\"", "fontcolor=\"\(Self.colour(edge.tier))\"",
      ]
      if edge.justInTime { attributes.append("style=dashed") }
      lines.append("  n\(from) -> n\(to) [\(attributes.joined(separator: ", "))];")
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  static func style(_ category: String) -> (shape: String, fill: String) {
    switch category {
    case "human": ("ellipse", "#dbeafe")
    case "agent": ("hexagon", "#fde68a")
    case "service": ("box", "#e9d5ff")
    case "group": ("folder", "#e5e7eb")
    case "role": ("component", "#d1fae5")
    case "application": ("box3d", "#fed7aa")
    case "credential": ("note", "#fecaca")
    case "resource": ("cylinder", "#f3f4f6")
    default: ("box", "#ffffff")
    }
  }

  static func colour(_ tier: String) -> String {
    switch tier {
    case "admin": "#b91c1c"
    case "act": "#c2410c"
    case "propose": "#a16207"
    default: "#4b5563"
    }
  }

  /// A DOT string literal.
  static func quote(_ text: String) -> String {
    var out = "\""
    for character in text {
      switch character {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default: out.append(character)
      }
    }
    return out + "\""
  }
}
