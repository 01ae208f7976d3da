import AccessGraph

/// Picks nodes by id or by `key:value` terms joined with `,` (all must hold).
///
/// An exact node id always wins, so ARNs and other ids containing `:` work as they are; text
/// with neither `:` nor `,` is a plain id. Keys: `id`, `kind` (any of the node's kinds, or its
/// category's built-in kind such as `Agent`), `category` (`agent`, `service`, ...), and any
/// property, compared by its JSON text (`disabled:true`, `sensitivity:high`). A value may use
/// `*` as a wildcard and `|` to list alternatives (`sensitivity:high|critical`).
///
/// A selector is compiled once, where its text is read (a rules file, an option), and then
/// applied to any graph without failing.
public struct Selector: Sendable, CustomStringConvertible {
  public struct Term: Sendable, Hashable {
    public var key: String
    public var pattern: String
    /// `!key:value` holds when the plain term does not (`!owner:*`: no owner).
    public var negated = false
  }

  public let text: String
  /// The terms, or none when the text is a plain id.
  public let terms: [Term]
  /// Each term's value compiled once (category values lowercased, as categories are).
  private let globs: [Glob]

  /// Whether the text names one node by id rather than by terms.
  public var isPlainID: Bool { terms.isEmpty }

  /// Compiles selector text.
  /// - Throws: `SelectorError.malformed` when a term has no `key:` part or an empty key,
  ///   `SelectorError.empty` when the text has neither an id nor a term.
  public init(_ text: String) throws {
    self.text = text
    guard !text.contains(":") && !text.contains(",") else {
      terms = try Self.terms(of: text)
      globs = terms.map { Glob($0.key == "category" ? $0.pattern.lowercased() : $0.pattern) }
      return
    }
    guard !text.trimmingSpaces.isEmpty else { throw SelectorError.empty(text) }
    terms = []
    globs = []
  }

  /// A selector written in the source, such as the built-in rules' targets. (Not a string
  /// literal conformance: that would turn `Selector("...")` with a malformed literal into a
  /// trap instead of an error.)
  /// - Precondition: the text is a well-formed selector.
  public init(known text: StaticString) {
    do {
      try self.init("\(text)")
    } catch {
      preconditionFailure("selector '\(text)': \(error)")
    }
  }

  private static func terms(of text: String) throws -> [Term] {
    var terms: [Term] = []
    for raw in text.split(separator: ",", omittingEmptySubsequences: true) {
      guard let colon = raw.firstIndex(of: ":"), colon != raw.startIndex else {
        throw SelectorError.malformed(text, term: String(raw))
      }
      var key = String(raw[..<colon]).trimmingSpaces
      let negated = key.hasPrefix("!")
      if negated { key.removeFirst() }
      guard !key.isEmpty else { throw SelectorError.malformed(text, term: String(raw)) }
      terms.append(Term(key: key, pattern: String(raw[raw.index(after: colon)...]).trimmingSpaces, negated: negated))
    }
    guard !terms.isEmpty else { throw SelectorError.empty(text) }
    return terms
  }

  public var description: String { text }

  /// The nodes `text` selects in `view`, in node order, where a plain id that names no node
  /// is an error rather than an empty selection.
  ///
  /// - Throws: `SelectorError` when the text is neither an id of `view` nor well-formed terms.
  /// - Complexity: O(n · t) for terms, O(1) for an exact id.
  public static func select(_ text: String, in view: TraversalView) throws -> [AccessGraph.NodeIndex] {
    if let exact = view.graph.index(of: text) { return [exact] }
    let selector: Selector
    do {
      selector = try Selector(text)
    } catch SelectorError.empty(let text) {
      throw SelectorError.empty(text)
    } catch {
      throw SelectorError.unknownID(text, nearest: nearestIDs(to: text, in: view))
    }
    guard !selector.isPlainID else { throw SelectorError.unknownID(text, nearest: nearestIDs(to: text, in: view)) }
    return selector.select(in: view)
  }

  /// The ids nearest to a mistyped one, for graphs small enough to compare every id (the
  /// comparison is quadratic in the id's length); none above that.
  private static func nearestIDs(to text: String, in view: TraversalView) -> [String] {
    view.graph.nodeCount <= 200_000 ? Nearest.names(to: text, among: view.graph.nodeIDs) : []
  }

  /// The nodes this selector picks in `view`, in node order: the node whose id is the text
  /// when there is one, otherwise those every term holds for.
  /// - Complexity: O(1) for an exact id, O(n · t) for terms.
  public func select(in view: TraversalView) -> [AccessGraph.NodeIndex] {
    if let exact = view.graph.index(of: text) { return [exact] }
    guard !isPlainID else { return [] }
    return (0..<view.graph.nodeCount).filter { matches($0, in: view) }
  }

  /// Whether node `n` satisfies every term.
  /// - Complexity: O(t · (k + p)) in terms, kinds and properties.
  public func matches(_ n: AccessGraph.NodeIndex, in view: TraversalView) -> Bool {
    guard !isPlainID else { return view.graph.id(of: n) == text }
    return zip(terms, globs).allSatisfy { term, glob in term.negated != holds(term, glob, n, in: view) }
  }

  private func holds(_ term: Term, _ glob: Glob, _ n: AccessGraph.NodeIndex, in view: TraversalView) -> Bool {
    let graph = view.graph
    switch term.key {
    case "id":
      return glob.matches(graph.id(of: n))
    case "kind":
      let category = view.categories[n]
      return graph.kindNames(of: n).contains { glob.matches($0) }
        || (category != .unknown && glob.matches(category.kindName))
    case "category":
      return glob.matches(view.categories[n].description)
    default:
      guard let value = graph.property(term.key, of: n) else { return false }
      if case .array(let items) = value, items.contains(where: { glob.matches($0.matchText) }) { return true }
      return glob.matches(value.matchText)
    }
  }
}

/// Why a selector could not be used.
public enum SelectorError: Error, CustomStringConvertible, Equatable {
  case malformed(String, term: String)
  case unknownID(String, nearest: [String] = [])
  case matchesNothing(String, option: String, why: [String] = [])
  case empty(String)

  public var description: String {
    switch self {
    case .malformed(let text, let term):
      "selector '\(text.excerpt)': term '\(term.excerpt)' is not key:value (e.g. kind:Agent, domain:support, id:alice)"
    case .unknownID(let text, let nearest) where !nearest.isEmpty:
      "no node has the id '\(text.excerpt)'; did you mean \(nearest.map(\.excerpt).joined(separator: ", "))?"
    case .unknownID(let text, _):
      "no node has the id '\(text.excerpt)', and it is not a key:value selector (e.g. kind:Agent,domain:support)"
    case .matchesNothing(let text, let option, let why):
      "\(option) '\(text.excerpt)' selects no node"
        + (why.isEmpty ? "; check the id, or list kinds with 'pathscan kinds'" : ": " + why.joined(separator: "; "))
    case .empty(let text):
      "selector '\(text)' has no terms; give a node id or key:value terms (e.g. kind:Agent,domain:support)"
    }
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " { s = s.dropFirst() }
    while s.last == " " { s = s.dropLast() }
    return String(s)
  }
}
