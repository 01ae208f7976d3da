import ArgumentParser
import Crypto
import Foundation
import PathFinder
import Storage

/// Where a scheduled scan posts its alert, and how hard it tries.
struct WebhookOptions: ParsableArguments {
  @Option(
    name: .customLong("webhook"),
    help: ArgumentHelp(
      "With --alert-on: POST the new exposures as JSON to this URL (repeatable).",
      discussion:
        "The body has a Slack-compatible 'text' field, the run and the new exposures. The run is recorded before posting, and each delivery is recorded in the database."
    ))
  var urls: [String] = []

  @Option(
    name: .customLong("webhook-secret-env"),
    help: "Sign each body with HMAC-SHA256 under the secret in this environment variable (header \(Webhook.signatureHeader)).")
  var secretVariable: String?

  @Option(name: .customLong("webhook-timeout"), help: "Seconds one try may take.")
  var timeout: Double = 10

  @Option(name: .customLong("webhook-retries"), help: "Tries after the first, with waits of 1, 2, 4 ... seconds between them.")
  var retries = 3

  /// The exit status when a delivery failed: distinct from 3 (new exposures alerted), so a
  /// scheduler can tell an alert that went out from one that did not.
  static let failedStatus: Int32 = 4

  func validate() throws {
    for url in urls {
      guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil
      else { throw ValidationError("--webhook '\(url.prefix(60))' is not an http or https URL") }
    }
    if let secretVariable {
      guard !(ProcessInfo.processInfo.environment[secretVariable] ?? "").isEmpty else {
        throw ValidationError("--webhook-secret-env \(secretVariable): that environment variable is not set or empty")
      }
    }
    if !(timeout > 0 && timeout <= 300) { throw ValidationError("--webhook-timeout must be more than 0 and at most 300 seconds") }
    if !(0...10).contains(retries) { throw ValidationError("--webhook-retries must be between 0 and 10") }
  }

  var hooks: [Webhook] {
    let secret = secretVariable.flatMap { ProcessInfo.processInfo.environment[$0] }.map { SymmetricKey(data: Data($0.utf8)) }
    return urls.compactMap(URL.init(string:)).map {
      Webhook(url: $0, secret: secret, timeout: timeout, retries: retries, backoff: 1)
    }
  }

  /// Posts the alert of `run` to every hook, records each delivery, and reports failures on
  /// standard error; true when every delivery went through.
  func deliver(_ new: [ExposureItem], run: StoredRun, minSeverity: Severity, store: FindingStore) throws -> Bool {
    let body = try JSONOutput.data(AlertBody(new, run: run, minSeverity: minSeverity))
    var allDelivered = true
    for (n, hook) in hooks.enumerated() {
      let outcome = hook.deliver(body, delivery: "\(run.id)-\(n + 1)")
      let endpoint = Webhook.endpoint(hook.url)
      try store.record(
        Delivery(
          runID: run.id, endpoint: endpoint, attempts: outcome.attempts, delivered: outcome.delivered,
          httpStatus: outcome.status, error: outcome.error, exposures: new.count, finishedAt: Timestamp.format(Date())))
      if !outcome.delivered {
        allDelivered = false
        let why = outcome.status.map { "HTTP \($0)" } ?? outcome.error ?? "no answer"
        Console.error(
          "webhook \(endpoint): not delivered after \(outcome.attempts) tr\(outcome.attempts == 1 ? "y" : "ies") (\(why)); run \(run.id) is recorded"
        )
      }
    }
    return allDelivered
  }
}

/// What a webhook receives: a line for chat tools, then the run and the new exposures.
struct AlertBody: Encodable {
  /// Slack and compatible tools show this field.
  var text: String
  var run: Int64
  var evaluatedAt: String
  var minSeverity: String
  var newCount: Int
  /// The first 100 new exposures; `newCount` says how many there are.
  var new: [ExposureItem]

  init(_ new: [ExposureItem], run: StoredRun, minSeverity: Severity) {
    let lines = new.prefix(10).map { "• \($0.id) [\($0.severity)] \($0.rule): \($0.message)" }
    let more = new.count > 10 ? ["… and \(new.count - 10) more"] : []
    text =
      ([
        "pathscan: \(new.count) new exposure\(new.count == 1 ? "" : "s") at or above \(minSeverity) in run \(run.id) (evaluated \(run.evaluatedAt))"
      ] + lines + more).joined(separator: "\n")
    self.run = run.id
    evaluatedAt = run.evaluatedAt
    self.minSeverity = minSeverity.description
    newCount = new.count
    self.new = Array(new.prefix(100))
  }
}
