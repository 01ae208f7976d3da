/// Where a record came from: file, line and the record's place in it, for messages.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
  /// Which record of a file, counted from 0 as JSON array indexes are.
  public enum Record: Sendable, Hashable, Codable, CustomStringConvertible {
    case node(Int)
    case edge(Int)
    /// A record of another format, described in its own words (`binding 3`, `user alice`).
    case named(String)

    public var description: String {
      switch self {
      case .node(let i): "node \(i)"
      case .edge(let i): "edge \(i)"
      case .named(let text): text
      }
    }
  }

  public var file: String
  public var line: Int?
  public var record: Record?

  public init(file: String, line: Int? = nil, record: Record? = nil) {
    self.file = file
    self.line = line
    self.record = record
  }

  public var description: String {
    var text = file
    if let line { text += ":\(line)" }
    if let record { text += " (\(record))" }
    return text
  }
}

/// How an edge names one of its endpoints.
public enum EndpointReference: Sendable, Hashable {
  /// The node with exactly this id, optionally required to have `kind`.
  case id(String, kind: String? = nil)
  /// The one node whose properties equal all of these (OpenGraph `property_matchers`),
  /// optionally required to have `kind`.
  case properties([Matcher], kind: String? = nil)

  /// One `key equals value` term of a property match.
  public struct Matcher: Sendable, Hashable {
    public var key: String
    public var value: PropertyValue
    public init(key: String, value: PropertyValue) {
      self.key = key
      self.value = value
    }
  }
}

extension EndpointReference: CustomStringConvertible {
  public var description: String {
    switch self {
    case .id(let id, let kind): kind.map { "'\(id)' of kind \($0)" } ?? "'\(id)'"
    case .properties(let matchers, let kind):
      matchers.map { "\($0.key.excerpt)=\($0.value.excerpt)" }.joined(separator: " and ") + (kind.map { " of kind \($0)" } ?? "")
    }
  }
}
