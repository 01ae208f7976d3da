/// Why a request is allowed: the statement that allows it, and what pathscan could not decide.
struct IAMDecision: Sendable {
  var statement: IAMStatement
  /// Condition clauses left undecided, on the Allow or on a Deny that may cut it.
  var undecided: [String]

  var conditional: Bool { !undecided.isEmpty }
}

/// AWS's policy evaluation for one principal, as far as an export decides it: an explicit
/// Deny in any identity policy (the principal's own and every group's), in its permissions
/// boundary or in a service control policy beats every Allow; otherwise the request needs an
/// identity Allow, and, where a boundary or SCPs apply, an Allow from each of them too.
struct IAMEvaluator {
  /// Own inline and managed policies, plus every group's for a user.
  var identity: [IAMStatement]
  /// The permissions boundary's statements, when one is set.
  var boundary: [IAMStatement]?
  /// Service control policies over the principal's account; empty when none were given.
  var controlPolicies: [IAMStatement] = []
  var context: IAMConditionContext

  /// The decision on `action` on `resource`, or nil when it is denied or nothing allows it.
  /// An unconditional Allow is preferred as evidence.
  /// - Complexity: O(statements · patterns).
  func allowing(_ action: String, on resource: String, passedTo service: String? = nil) -> IAMDecision? {
    var context = context
    context.passedToService = service
    let a = Array(action.lowercased().utf8)
    let r = Array(resource.utf8)
    var undecided: [String] = []
    for layer in [identity, boundary ?? [], controlPolicies] {
      for deny in layer where !deny.allow && deny.covers(loweredAction: a, resource: r) {
        switch deny.conditionsHold(in: context) {
        case .yes: return nil
        case .unknown: undecided += deny.undecided(in: context).map { "Deny \($0)" }
        case .no: break
        }
      }
    }
    guard let allow = Self.allow(in: identity, a, r, context) else { return nil }
    undecided += allow.undecided
    for layer in [boundary, controlPolicies.isEmpty ? nil : controlPolicies] {
      guard let layer else { continue }
      guard let within = Self.allow(in: layer, a, r, context) else { return nil }
      undecided += within.undecided
    }
    return IAMDecision(statement: allow.statement, undecided: undecided)
  }

  /// Whether `action` is allowed on at least one resource: run actions such as
  /// `lambda:CreateFunction` create their resource, so any name the policy leaves open will do.
  /// - Complexity: O(statements² · patterns).
  func allowingSomewhere(_ action: String) -> IAMDecision? { resources(allowing: action).first?.decision }

  /// The resource patterns of identity Allows that cover `action`, each with the decision on
  /// it (a pattern a Deny covers entirely drops out).
  /// - Complexity: O(statements² · patterns).
  func resources(allowing action: String) -> [(resource: String, decision: IAMDecision)] {
    let a = Array(action.lowercased().utf8)
    var found: [(resource: String, decision: IAMDecision)] = []
    for statement in identity where statement.allow && !statement.notResource {
      guard statement.loweredActions.contains(where: { IAMPattern.matches($0, a) }) != statement.notAction else { continue }
      for resource in statement.resources {
        if let decision = allowing(action, on: resource) { found.append((resource, decision)) }
      }
    }
    return found
  }

  /// Whether an unconditional explicit Deny anywhere covers `action` on `resource`.
  /// - Complexity: O(statements · patterns).
  func denied(_ action: String, on resource: String) -> Bool {
    let a = Array(action.lowercased().utf8)
    let r = Array(resource.utf8)
    return [identity, boundary ?? [], controlPolicies].contains { layer in
      layer.contains { !$0.allow && $0.covers(loweredAction: a, resource: r) && $0.conditionsHold(in: context) == .yes }
    }
  }

  private static func allow(in statements: [IAMStatement], _ a: [UInt8], _ r: [UInt8], _ context: IAMConditionContext)
    -> IAMDecision?
  {
    var conditional: IAMDecision?
    for s in statements where s.allow && s.covers(loweredAction: a, resource: r) {
      switch s.conditionsHold(in: context) {
      case .yes: return IAMDecision(statement: s, undecided: [])
      case .unknown: conditional = conditional ?? IAMDecision(statement: s, undecided: s.undecided(in: context))
      case .no: continue
      }
    }
    return conditional
  }
}
