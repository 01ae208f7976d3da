import AccessGraph

/// A rule of a rule pack: what to look for, how urgent it is, and which framework items it
/// maps to.
public struct Rule: Sendable, Identifiable {
  public var id: String
  public var title: String
  public var severity: Severity
  public var enabled = true
  public var check: Check
  /// Framework items, e.g. `OWASP NHI5:2025 Overprivileged NHI`.
  public var frameworks: [String]
  /// What to do about a finding, in a sentence or two.
  public var remediation: String
  /// A tier below the check's own down to which exposures are still reported, one severity
  /// step lower (an agent chain that gets changes proposed against production), or nil.
  public var lowerTier: Tier?

  /// The lowest tier at which the rule reports an exposure.
  public var reportedTier: Tier { min(lowerTier ?? check.minTier, check.minTier) }

  public init(
    id: String, title: String, severity: Severity, check: Check, frameworks: [String] = [], remediation: String = "",
    lowerTier: Tier? = nil
  ) {
    self.lowerTier = lowerTier
    self.id = id
    self.title = title
    self.severity = severity
    self.check = check
    self.frameworks = frameworks
    self.remediation = remediation
  }

  /// What a rule checks.
  public enum Check: Sendable {
    /// Identities selected by `from` that reach nodes selected by `to` at `minTier` or above
    /// through paths meeting `require`: one exposure per source and target.
    case reach(ReachCheck)
    /// Agents that reach `to` at a tier they lack on their own, by invoking other agents.
    case agentChainEscalation(to: Selector, minTier: Tier)
    /// Humans that reach `to` through an agent at a tier they lack without agents.
    case confusedDeputy(to: Selector, minTier: Tier)
    /// Grants capped below `minTier` that still lead to `to` at `minTier` or above through a
    /// pivot.
    case readCapPivot(to: Selector, minTier: Tier)
    /// Disabled humans, and non-human identities they own, that still reach `to`.
    case disabledOwnerPaths(to: Selector, minTier: Tier)
    /// A credential or service account held by `minAgents` or more agents.
    case sharedNonHuman(minAgents: Int)

    /// Whether a source's findings follow from the source, what it reaches and the
    /// properties of those nodes alone. What-if rescans only the sources upstream of a
    /// change for these; the others are scanned whole. A shared identity depends on which
    /// other agents hold it, and a disabled owner's identities on the owner, wherever it is.
    public var isSourceLocal: Bool {
      switch self {
      case .reach, .agentChainEscalation, .confusedDeputy, .readCapPivot: true
      case .disabledOwnerPaths, .sharedNonHuman: false
      }
    }

    /// Whether the check is a reach rule, which alone takes `from` and path requirements.
    public var isReach: Bool {
      if case .reach = self { true } else { false }
    }

    /// The selectors the check uses.
    public var selectors: [Selector] {
      switch self {
      case .reach(let check): [check.from, check.to]
      default: to.map { [$0] } ?? []
      }
    }

    /// What the check looks for paths to, or nil for a check without targets.
    public var to: Selector? {
      switch self {
      case .reach(let check): check.to
      case .agentChainEscalation(let to, _), .confusedDeputy(let to, _), .readCapPivot(let to, _), .disabledOwnerPaths(let to, _):
        to
      case .sharedNonHuman: nil
      }
    }

    /// The tier at which the rule's severity applies as declared.
    public var minTier: Tier {
      switch self {
      case .reach(let check): check.minTier
      case .agentChainEscalation(_, let tier), .confusedDeputy(_, let tier), .readCapPivot(_, let tier),
        .disabledOwnerPaths(_, let tier):
        tier
      case .sharedNonHuman: .read
      }
    }

    /// The same check with its target selector or its tier replaced; nil for a check that
    /// has neither.
    public func with(to newTo: Selector? = nil, minTier newTier: Tier? = nil) -> Check? {
      switch self {
      case .reach(var check):
        check.to = newTo ?? check.to
        check.minTier = newTier ?? check.minTier
        return .reach(check)
      case .agentChainEscalation(let to, let tier): return .agentChainEscalation(to: newTo ?? to, minTier: newTier ?? tier)
      case .confusedDeputy(let to, let tier): return .confusedDeputy(to: newTo ?? to, minTier: newTier ?? tier)
      case .readCapPivot(let to, let tier): return .readCapPivot(to: newTo ?? to, minTier: newTier ?? tier)
      case .disabledOwnerPaths(let to, let tier): return .disabledOwnerPaths(to: newTo ?? to, minTier: newTier ?? tier)
      case .sharedNonHuman: return nil
      }
    }
  }

  /// The parameters of a reach check.
  public struct ReachCheck: Sendable {
    public var from: Selector
    public var to: Selector
    public var minTier: Tier
    public var require: PathRequirements

    public init(from: Selector, to: Selector, minTier: Tier, require: PathRequirements = PathRequirements()) {
      self.from = from
      self.to = to
      self.minTier = minTier
      self.require = require
    }
  }

  /// Path flags a finding's witness must have (nil: either).
  public struct PathRequirements: Sendable, Equatable {
    public var standing: Bool?
    public var gated: Bool?
    public var crossDomain: Bool?
    public var agentChain: Bool?
    /// True: the rule looks for chains of grants; a source with a direct edge to the target
    /// is reported two severity steps lower (members of Domain Admins are admins by design, a
    /// nested path to it is what nobody approved).
    public var indirect: Bool?

    public init(
      standing: Bool? = nil, gated: Bool? = nil, crossDomain: Bool? = nil, agentChain: Bool? = nil, indirect: Bool? = nil
    ) {
      self.standing = standing
      self.gated = gated
      self.crossDomain = crossDomain
      self.agentChain = agentChain
      self.indirect = indirect
    }

    /// Whether `path` has every required flag.
    public func accept(_ path: PrivilegePath) -> Bool {
      (standing.map { $0 == path.standing } ?? true) && (gated.map { $0 == path.gated } ?? true)
        && (crossDomain.map { $0 == path.crossDomain } ?? true) && (agentChain.map { $0 == path.agentChain } ?? true)
    }

    /// The elements a search may leave out up front: JIT ones when only standing paths count,
    /// gated edges when only ungated paths count.
    var exclusions: TraversalView.Exclusions {
      var set: TraversalView.Exclusions = []
      if standing == true { set.insert(.justInTime) }
      if gated == false { set.insert(.gated) }
      return set
    }
  }
}
