import Foundation

/// One clause of a policy's `Condition` block: an operator, a key and the values it accepts.
struct IAMCondition: Sendable, Hashable {
  var `operator`: String
  var key: String
  var values: [String]

  /// How the clause reads in evidence: `StringEquals:sts:ExternalId`.
  var label: String { "\(self.operator):\(key)" }
}

/// What a condition can be decided from: the principal making the request, the time, and
/// the service a role is passed to. Every other key is unknown, and a clause on it stays
/// undecided (the edge it guards is kept and marked conditional).
struct IAMConditionContext: Sendable {
  /// The acting principal's ARN; nil when the principal is not one identity (a group's
  /// policies are evaluated for all its members at once).
  var principalARN: String?
  var principalAccount: String?
  var now: Date
  /// For `iam:PassRole`: the service the role is handed to.
  var passedToService: String?

  /// The context's value for a key (lower-cased), or nil when the export does not tell.
  func value(of key: String) -> Value? {
    switch key.lowercased() {
    case "aws:currenttime": .date(now)
    // A principal can always get a fresh session, so its token is issued at the evaluation time.
    case "aws:tokenissuetime": .date(now)
    case "aws:epochtime": .date(now)
    case "aws:principalarn": principalARN.map(Value.string)
    case "aws:principalaccount": principalAccount.map(Value.string)
    case "iam:passedtoservice": passedToService.map(Value.string)
    default: nil
    }
  }

  enum Value {
    case string(String)
    case date(Date)
  }
}

/// Three-valued truth: conditions on keys the export does not tell are neither true nor false.
enum IAMTruth: Sendable {
  case yes, no, unknown

  /// Every part must hold.
  static func all(_ parts: some Sequence<IAMTruth>) -> IAMTruth {
    var result = IAMTruth.yes
    for part in parts {
      if part == .no { return .no }
      if part == .unknown { result = .unknown }
    }
    return result
  }
}

extension IAMCondition {
  /// Decides the clause where the context knows its key, as IAM's condition operators do:
  /// several values are alternatives, a negated operator holds when none matches,
  /// `…IfExists` holds when the key is absent, `Null` tests absence.
  /// - Complexity: O(values).
  func evaluate(in context: IAMConditionContext) -> IAMTruth {
    var op = self.operator
    // Set operators compare multi-valued keys; none of the keys decided here has several values.
    if op.hasPrefix("ForAnyValue:") || op.hasPrefix("ForAllValues:") { return .unknown }
    let ifExists = op.hasSuffix("IfExists")
    if ifExists { op.removeLast("IfExists".count) }
    if op == "Null" { return nullTest(in: context) }
    // Absent from what the export tells is not absent from the request: undecided either way.
    guard let value = context.value(of: key) else { return .unknown }
    let negated = op.contains("Not")
    let base = op.replacingOccurrences(of: "Not", with: "")
    let any: Bool
    switch (base, value) {
    case ("StringEquals", .string(let s)), ("ArnEquals", .string(let s)): any = values.contains(s)
    case ("StringEqualsIgnoreCase", .string(let s)): any = values.contains { $0.lowercased() == s.lowercased() }
    case ("StringLike", .string(let s)), ("ArnLike", .string(let s)):
      any = values.contains { IAMPattern.matches($0, s, caseInsensitive: false) }
    case ("DateEquals", .date(let d)), ("DateLessThan", .date(let d)), ("DateLessThanEquals", .date(let d)),
      ("DateGreaterThan", .date(let d)), ("DateGreaterThanEquals", .date(let d)):
      let bounds = values.compactMap(Self.date)
      guard bounds.count == values.count else { return .unknown }
      any = bounds.contains { bound in
        switch base {
        case "DateEquals": d == bound
        case "DateLessThan": d < bound
        case "DateLessThanEquals": d <= bound
        case "DateGreaterThan": d > bound
        default: d >= bound
        }
      }
    default: return .unknown
    }
    return any != negated ? .yes : .no
  }

  /// `Null: {key: true}` holds when the key is absent. A caller chooses to send
  /// `sts:ExternalId`, so "must be present" holds for whoever knows the value; the
  /// `StringEquals` on the value, if any, stays undecided.
  private func nullTest(in context: IAMConditionContext) -> IAMTruth {
    let wantsAbsent = values.map { $0.lowercased() }
    guard wantsAbsent.count == 1 else { return .unknown }
    if key.lowercased() == "sts:externalid" { return wantsAbsent[0] == "false" ? .yes : .unknown }
    guard context.value(of: key) != nil else { return .unknown }
    return wantsAbsent[0] == "false" ? .yes : .no
  }

  static func date(_ text: String) -> Date? {
    if let seconds = Double(text) { return Date(timeIntervalSince1970: seconds) }
    let formatter = ISO8601DateFormatter()
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = formatter.date(from: text) { return date }
    formatter.formatOptions = [.withFullDate]
    return formatter.date(from: text)
  }
}

extension IAMStatement {
  /// Whether the statement's conditions hold in the context.
  func conditionsHold(in context: IAMConditionContext) -> IAMTruth {
    IAMTruth.all(conditions.lazy.map { $0.evaluate(in: context) })
  }

  /// The clauses the context leaves undecided, for evidence.
  func undecided(in context: IAMConditionContext) -> [String] {
    conditions.filter { $0.evaluate(in: context) == .unknown }.map(\.label)
  }
}
