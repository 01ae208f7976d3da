/// What building a graph noticed about valid but imperfect input.
///
/// The problems listed are skipped (or, for conflicts, the first value is kept); `--strict`
/// turns any of them into an error.
public struct BuildReport: Sendable, Codable, CustomStringConvertible {
  /// The sort of imperfection.
  public enum ProblemKind: String, Sendable, Codable, CaseIterable, Comparable {
    case unresolvedEndpoint = "unresolved endpoint"
    case ambiguousEndpoint = "ambiguous endpoint"
    case conflictingProperty = "conflicting property"
    case tooManyKinds = "kind beyond the third"
    case skippedRecord = "malformed record"

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// The plural for counts of more than one.
    public var plural: String {
      switch self {
      case .unresolvedEndpoint: "unresolved endpoints"
      case .ambiguousEndpoint: "ambiguous endpoints"
      case .conflictingProperty: "conflicting properties"
      case .tooManyKinds: "kinds beyond the third"
      case .skippedRecord: "malformed records"
      }
    }
  }

  /// One imperfection, with where it was found.
  public struct Problem: Sendable, Codable, CustomStringConvertible {
    public var kind: ProblemKind
    public var location: SourceLocation
    public var message: String
    public var description: String { "\(location): \(kind.rawValue): \(message)" }
  }

  /// How many examples of each problem kind are kept; counts are always complete.
  public static let sampleLimit = 5

  public internal(set) var nodeCount = 0
  public internal(set) var edgeCount = 0
  /// Node records whose id had been seen before and were merged into it.
  public internal(set) var mergedNodes = 0
  /// Edge records repeating an edge (same start, kind and end) and merged into it.
  public internal(set) var mergedEdges = 0
  public internal(set) var counts: [ProblemKind: Int] = [:]
  public internal(set) var samples: [Problem] = []

  public init() {}

  /// Whether nothing was skipped or overridden.
  public var isClean: Bool { counts.values.allSatisfy { $0 == 0 } }

  mutating func record(_ kind: ProblemKind, at location: SourceLocation, _ message: @autoclosure () -> String) {
    let seen = counts[kind, default: 0]
    counts[kind] = seen + 1
    if seen < Self.sampleLimit { samples.append(Problem(kind: kind, location: location, message: message())) }
  }

  /// A summary for people: one line of counts, then each problem kind with its first examples.
  public var description: String {
    var lines = [
      "\(nodeCount) nodes, \(edgeCount) edges (\(mergedNodes) duplicate nodes merged, \(mergedEdges) duplicate edges merged)"
    ]
    for kind in counts.keys.sorted() {
      let count = counts[kind]!
      lines.append("\(count) \(count == 1 ? kind.rawValue : kind.plural) skipped:")
      for sample in samples where sample.kind == kind { lines.append("  \(sample)") }
      if count > Self.sampleLimit { lines.append("  ... and \(count - Self.sampleLimit) more") }
    }
    return lines.joined(separator: "\n")
  }
}

/// Why a graph could not be built.
public enum GraphBuildError: Error, CustomStringConvertible {
  /// `--strict` was given and the input had problems that would otherwise be skipped.
  case strict(BuildReport)
  /// More distinct kinds than the compact graph can number.
  case tooManyKinds(SourceLocation)

  public var description: String {
    switch self {
    case .strict(let report):
      "input has problems and --strict is set (drop --strict to skip them):\n\(report)"
    case .tooManyKinds(let location):
      "\(location): more than 65,535 distinct kinds; the graph cannot number them"
    }
  }
}
