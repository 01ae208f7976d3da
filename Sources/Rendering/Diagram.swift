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
    /// A tier-zero or critical asset: drawn with a double red border.
    public var critical = false
    /// The business domain: nodes of one domain are drawn in one labelled box.
    public var domain: String?

    public init(
      id: String, label: String, category: String, emphasised: Bool = false, critical: Bool = false, domain: String? = nil
    ) {
      self.critical = critical
      self.domain = domain
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
    /// Holds only under policy conditions the import could not decide.
    public var conditional: Bool
    public var justInTime: Bool
    /// A short second line: the technique that made the edge, its cap, its expiry.
    public var detail: String?
    /// Context around a path, drawn thin and grey so the path stands out.
    public var context = false

    public init(
      from: String, to: String, label: String, tier: String, gated: Bool = false, justInTime: Bool = false,
      conditional: Bool = false, detail: String? = nil
    ) {
      self.conditional = conditional
      self.detail = detail
      self.from = from
      self.to = to
      self.label = label
      self.tier = tier
      self.gated = gated
      self.justInTime = justInTime
    }
  }

  public var title: String
  /// Whether the picture carries a legend of the shapes, colours and line styles it uses.
  public var legend = true
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

  /// The diagram as Graphviz DOT text: one style a category, edges coloured by tier, dashed
  /// when just-in-time, marked when gated; left to right for short paths and top to bottom
  /// for long ones, so the picture fits a page's width; a legend of what it uses.
  /// - Complexity: O(n + e).
  public var dot: String {
    let direction = nodes.count > 5 ? "TB" : "LR"
    var lines = [
      "digraph pathscan {",
      "  graph [rankdir=\(direction), fontname=\"Helvetica\", fontsize=12, labelloc=t, label=\(Self.quote(title)), nodesep=0.3, ranksep=0.4];",
      "  node [fontname=\"Helvetica\", fontsize=10, style=filled, penwidth=1];",
      "  edge [fontname=\"Helvetica\", fontsize=9];",
    ]
    // Domains get a box each once the picture spans more than one, and only while the
    // edges between domains run one way: a path that leaves a domain and comes back would
    // need boxes that cross, which Graphviz 2.42 lays out and then crashes on freeing.
    let domains = Set(nodes.compactMap(\.domain))
    let clustered = domains.count > 1 && !crossesDomainsBothWays
    var byDomain: [String: [String]] = [:]
    for (i, node) in nodes.enumerated() {
      let (shape, fill) = Self.style(node.category)
      var attributes = [
        "label=\(Self.quote(node.label + "\n" + node.category))", "shape=\(shape)", "fillcolor=\"\(fill)\"",
        "tooltip=\(Self.quote(node.id))",
      ]
      if node.emphasised { attributes.append("penwidth=2.5") }
      if node.critical { attributes += ["peripheries=2", "color=\"#b91c1c\""] }
      let line = "n\(i) [\(attributes.joined(separator: ", "))];"
      if clustered, let domain = node.domain {
        byDomain[domain, default: []].append(line)
      } else {
        lines.append("  " + line)
      }
    }
    for (k, domain) in byDomain.keys.sorted().enumerated() {
      lines.append(
        "  subgraph cluster_domain\(k) { label=\(Self.quote("domain: " + domain)); fontsize=10; style=\"rounded,dashed\"; color=\"#9ca3af\";"
      )
      lines += byDomain[domain]!.map { "    " + $0 }
      lines.append("  }")
    }
    let index = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1.id, $0) })
    for edge in edges {
      guard let from = index[edge.from], let to = index[edge.to] else { continue }
      var label = edge.label
      if edge.gated { label += " (approval)" }
      if edge.conditional { label += " (conditional)" }
      if let detail = edge.detail, !detail.isEmpty { label += "\n" + Self.shortened(detail) }
      let colour = edge.context ? "#c4c8cf" : Self.colour(edge.tier)
      var attributes = ["label=\(Self.quote(label))", "color=\"\(colour)\"", "fontcolor=\"\(colour)\""]
      // Over context, the path's own edges are drawn bold.
      if hasContext && !edge.context { attributes.append("penwidth=2.2") }
      if edge.justInTime { attributes.append("style=dashed") }
      lines.append("  n\(from) -> n\(to) [\(attributes.joined(separator: ", "))];")
    }
    if legend { lines += legendLines }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  /// A legend with only what this picture uses: its categories' shapes, its tiers' colours,
  /// and the dashed, gated and critical marks where they occur.
  var legendLines: [String] {
    var rows: [String] = []
    for category in Self.categories where nodes.contains(where: { $0.category == category }) {
      let (shape, fill) = Self.style(category)
      rows.append("<TR><TD BGCOLOR=\"\(fill)\">\(category)</TD><TD ALIGN=\"LEFT\">\(shape)</TD></TR>")
    }
    for tier in ["admin", "act", "propose", "read"] where edges.contains(where: { $0.tier == tier && !$0.context }) {
      rows.append(
        "<TR><TD><FONT COLOR=\"\(Self.colour(tier))\">&#8594;</FONT></TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"\(Self.colour(tier))\">\(tier) held after the edge</FONT></TD></TR>"
      )
    }
    if edges.contains(where: \.justInTime) {
      rows.append("<TR><TD>- - &#8594;</TD><TD ALIGN=\"LEFT\">expires (just-in-time)</TD></TR>")
    }
    if edges.contains(where: \.gated) {
      rows.append("<TR><TD>(approval)</TD><TD ALIGN=\"LEFT\">needs approval each use</TD></TR>")
    }
    if edges.contains(where: \.conditional) {
      rows.append("<TR><TD>(conditional)</TD><TD ALIGN=\"LEFT\">only if policy conditions hold</TD></TR>")
    }
    if nodes.contains(where: \.critical) {
      rows.append("<TR><TD><FONT COLOR=\"#b91c1c\">double border</FONT></TD><TD ALIGN=\"LEFT\">critical (tier zero)</TD></TR>")
    }
    if hasContext {
      rows.append("<TR><TD><FONT COLOR=\"#9ca3af\">grey edge</FONT></TD><TD ALIGN=\"LEFT\">context, not on the path</TD></TR>")
    }
    if nodes.contains(where: \.emphasised) {
      rows.append("<TR><TD>bold border</TD><TD ALIGN=\"LEFT\">start or end of a path</TD></TR>")
    }
    guard !rows.isEmpty else { return [] }
    return [
      "  subgraph cluster_legend { label=\"Legend\"; fontsize=10; color=\"#9ca3af\";",
      "    legend [shape=plaintext, style=\"\", fontsize=9, label=<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"2\">"
        + rows.joined() + "</TABLE>>];",
      "  }",
    ]
  }

  /// Whether some edges are context rather than path.
  var hasContext: Bool { edges.contains(where: \.context) }

  /// Whether the edges between domains form a cycle (support → iam → support).
  public var crossesDomainsBothWays: Bool {
    let domainOf = Dictionary(nodes.map { ($0.id, $0.domain) }, uniquingKeysWith: { a, _ in a })
    var next: [String: Set<String>] = [:]
    for edge in edges {
      guard let a = domainOf[edge.from] ?? nil, let b = domainOf[edge.to] ?? nil, a != b else { continue }
      next[a, default: []].insert(b)
    }
    // A node without a domain sits between domains: follow edges through it.
    for edge in edges where (domainOf[edge.from] ?? nil) != nil && (domainOf[edge.to] ?? nil) == nil {
      for onward in edges where onward.from == edge.to {
        if let a = domainOf[edge.from] ?? nil, let b = domainOf[onward.to] ?? nil, a != b { next[a, default: []].insert(b) }
      }
    }
    var state: [String: Int] = [:]  // 1: on the stack, 2: done
    func cycle(_ d: String) -> Bool {
      state[d] = 1
      for e in next[d] ?? [] {
        if state[e] == 1 { return true }
        if state[e] == nil && cycle(e) { return true }
      }
      state[d] = 2
      return false
    }
    return next.keys.sorted().contains { state[$0] == nil && cycle($0) }
  }

  static let categories = ["human", "agent", "service", "group", "role", "application", "credential", "resource"]

  /// At most 48 characters of a detail line.
  static func shortened(_ text: String) -> String { text.count > 48 ? String(text.prefix(47)) + "…" : text }

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
