import AccessGraph

/// Role trust policies: who may assume each role.
extension AWSIAMImporter {
  static let assumeActions = ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"]

  /// Condition keys a federated trust narrows the tokens by; the subject is kept on the edge
  /// for correlation, so these clauses do not make the edge conditional.
  static let tokenKeys = [":sub", ":aud", ":amr"]

  /// Edges from the principals a trust policy names that are not this account's users and
  /// roles: services, identity providers, other accounts, anyone, role sessions. The
  /// account's own principals are settled per principal (`trust(of:admits:evaluator:)`),
  /// since their identity policies and denies take part.
  static func trustEdges(_ role: Principal, in account: Account, sink: inout GraphSink) {
    let context = IAMConditionContext(now: account.now)
    for statement in role.trust?.statements ?? [] where statement.allow {
      guard
        statement.actions.contains(where: { a in assumeActions.contains { IAMPattern.matches(a, $0, caseInsensitive: true) } })
      else { continue }
      for (type, values) in statement.principals {
        for value in values where !deniedInTrust(role, to: value, context: context) {
          switch type {
          case "Service":
            guard let properties = trustEvidence(statement, context, ignoring: []) else { continue }
            // AWS runs its service principals; nobody in the account owns or offboards them.
            sink.node(
              "aws-service:\(value)", ["AWS_Service", BuiltInKind.serviceAccount],
              Properties([("name", .string(value)), ("vendor_managed", .bool(true))]))
            sink.edge(BuiltInKind.canAssume, "aws-service:\(value)", role.arn, properties)
          case "Federated":
            guard var properties = trustEvidence(statement, context, ignoring: tokenKeys) else { continue }
            let subjects = statement.conditions.filter { $0.key.hasSuffix(":sub") }.flatMap(\.values)
            if !subjects.isEmpty { properties["subject"] = .array(subjects.map { .string($0) }) }
            sink.node(value, ["AWS_IdentityProvider", BuiltInKind.application], Properties([("name", .string(value))]))
            sink.edge(BuiltInKind.canAssume, value, role.arn, properties)
          default:
            guard var properties = trustEvidence(statement, context, ignoring: []) else { continue }
            if value == "*" {
              sink.node("aws-anyone", ["AWS_Anyone", BuiltInKind.group], Properties([("name", .string("Any AWS principal"))]))
              sink.edge(BuiltInKind.canAssume, "aws-anyone", role.arn, properties)
            } else if let session = sessionRole(value), let named = account.lookup[session.role] {
              // A role session as principal: sessions of that role under one name.
              properties["conditional"] = .bool(true)
              properties["conditions"] = .array([.string("role session name \(session.name)")])
              sink.edge(BuiltInKind.canAssume, named.arn, role.arn, properties)
            } else if account.lookup[value] == nil {
              let other = value.hasPrefix("arn:") ? Self.account(of: value) : value
              guard other != role.account else { continue }
              let id = "aws-account:\(other)"
              sink.node(
                id, ["AWS_Account", BuiltInKind.group],
                Properties([("name", .string("AWS account \(other)")), ("external", .bool(true))]))
              sink.edge(BuiltInKind.canAssume, id, role.arn, properties)
            }
          }
        }
      }
    }
  }

  /// How a trust policy admits one of the account's principals: by name, or by delegating to
  /// the principal's account (its root or id, or `*`), where the principal's own identity
  /// policy must also allow `sts:AssumeRole` on the role. A Deny naming it wins.
  static func trust(of role: Principal, admits p: Principal, evaluator: IAMEvaluator) -> (
    technique: String, decisions: [IAMDecision]
  )? {
    let context = evaluator.context
    let names = [p.arn, "arn:aws:iam::\(p.account):\(p.kind.lowercased())/\(p.name)"]
    let accountNames = ["*", p.account, "arn:aws:iam::\(p.account):root"]
    let statements = role.trust?.statements ?? []
    func assumes(_ s: IAMStatement) -> Bool {
      s.loweredActions.contains { IAMPattern.matches($0, Array("sts:assumerole".utf8)) } != s.notAction
    }
    for deny in statements where !deny.allow && assumes(deny) {
      let named = (deny.principals["AWS"] ?? []).contains { names.contains($0) || accountNames.contains($0) }
      if named && deny.conditionsHold(in: context) == .yes { return nil }
    }
    var best: (technique: String, decisions: [IAMDecision])?
    for s in statements where s.allow && assumes(s) {
      let principals = s.principals["AWS"] ?? []
      guard s.conditionsHold(in: context) != .no else { continue }
      let trusted = IAMDecision(statement: s, undecided: s.undecided(in: context))
      if principals.contains(where: names.contains) {
        // Within one account a trust naming the principal is enough on its own; from another
        // account the principal's identity policy must allow it too.
        if p.account == role.account {
          return ("sts:AssumeRole (trusted by name)", [trusted])
        }
        if let allowed = evaluator.allowing("sts:AssumeRole", on: role.arn) {
          return ("sts:AssumeRole (trusted by name)", [allowed, trusted])
        }
      } else if principals.contains(where: accountNames.contains), best == nil,
        let allowed = evaluator.allowing("sts:AssumeRole", on: role.arn)
      {
        best = ("sts:AssumeRole", [allowed, trusted])
      }
    }
    return best
  }

  /// Whether a Deny in the trust policy cuts `principal` unconditionally.
  static func deniedInTrust(_ role: Principal, to principal: String, context: IAMConditionContext) -> Bool {
    (role.trust?.statements ?? []).contains { s in
      !s.allow && s.principals.values.contains { $0.contains(principal) || $0.contains("*") }
        && s.conditionsHold(in: context) == .yes
    }
  }

  /// A trust statement's evidence, or nil when its conditions never hold.
  static func trustEvidence(_ s: IAMStatement, _ context: IAMConditionContext, ignoring keys: [String]) -> Properties? {
    let relevant = s.conditions.filter { c in !keys.contains { c.key.hasSuffix($0) } }
    guard IAMTruth.all(relevant.map { $0.evaluate(in: context) }) != .no else { return nil }
    let undecided = relevant.filter { $0.evaluate(in: context) == .unknown }.map(\.label)
    return evidence("trust policy", [IAMDecision(statement: s, undecided: undecided)])
  }

  /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION` as the role's ARN and the session name.
  static func sessionRole(_ arn: String) -> (role: String, name: String)? {
    let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
    guard parts.count == 6, parts[2] == "sts", parts[5].hasPrefix("assumed-role/") else { return nil }
    let path = parts[5].dropFirst("assumed-role/".count).split(separator: "/")
    guard path.count >= 2 else { return nil }
    return ("arn:aws:iam::\(parts[4]):role/\(path[0])", String(path[1]))
  }

  /// An edge's evidence: the technique, the statements behind it and what stays undecided.
  static func evidence(_ technique: String, _ decisions: [IAMDecision]) -> Properties {
    let origins = decisions.map(\.statement.origin).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    var properties = Properties([
      ("technique", .string(technique)),
      ("statement", origins.count == 1 ? .string(origins[0]) : .array(origins.map { .string($0) })),
    ])
    let undecided = decisions.flatMap(\.undecided).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    if !undecided.isEmpty {
      properties["conditional"] = .bool(true)
      properties["conditions"] = .array(undecided.map { .string($0) })
    }
    return properties
  }
}
