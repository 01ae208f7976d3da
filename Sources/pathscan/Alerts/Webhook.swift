import Crypto
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Posts a run's alert to one webhook: a JSON body, signed with HMAC-SHA256 when a secret
/// is given, with a timeout a try and a bounded number of retries with doubling waits.
///
/// A timeout, a refused connection, a 5xx or a 429 is retried; any other 4xx is not, since
/// sending the same body again would get the same answer.
struct Webhook {
  var url: URL
  var secret: SymmetricKey?
  /// Seconds a try may take.
  var timeout: Double
  /// Tries after the first.
  var retries: Int
  /// Seconds before the first retry; each later wait is twice the one before.
  var backoff: Double

  /// How a delivery went.
  struct Outcome: Sendable, Equatable {
    var attempts: Int
    var delivered: Bool
    var status: Int?
    var error: String?
  }

  /// The header that carries the signature: `sha256=` and the hex HMAC of the body.
  static let signatureHeader = "X-Pathscan-Signature-256"

  /// `sha256=` and the lower-case hex HMAC-SHA256 of `body` under `secret`.
  static func signature(of body: Data, secret: SymmetricKey) -> String {
    "sha256=" + HMAC<SHA256>.authenticationCode(for: body, using: secret).map { String(format: "%02x", $0) }.joined()
  }

  /// Where a URL points, fit to print and to keep: scheme, host and port, and the first 8
  /// hex digits of the SHA-256 of the whole URL. Path and query are left out, since chat
  /// webhooks carry their token there.
  static func endpoint(_ url: URL) -> String {
    let digest = SHA256.hash(data: Data(url.absoluteString.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined()
    let port = url.port.map { ":\($0)" } ?? ""
    return "\(url.scheme ?? "")://\(url.host ?? "")\(port) #\(digest)"
  }

  /// Posts `body`, retrying as the type says.
  func deliver(_ body: Data, delivery: String) -> Outcome {
    var request = URLRequest(url: url, timeoutInterval: timeout)
    request.httpMethod = "POST"
    request.httpBody = body
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    request.setValue("pathscan/\(Pathscan.configuration.version)", forHTTPHeaderField: "User-Agent")
    request.setValue(delivery, forHTTPHeaderField: "X-Pathscan-Delivery")
    if let secret { request.setValue(Self.signature(of: body, secret: secret), forHTTPHeaderField: Self.signatureHeader) }
    var wait = backoff
    var last = Outcome(attempts: 0, delivered: false, status: nil, error: nil)
    for attempt in 1...(retries + 1) {
      let (status, error) = post(request)
      last = Outcome(attempts: attempt, delivered: status.map { (200..<300).contains($0) } ?? false, status: status, error: error)
      if last.delivered { return last }
      let retryable = status.map { $0 >= 500 || $0 == 429 } ?? true
      guard retryable, attempt <= retries else { return last }
      Thread.sleep(forTimeInterval: wait)
      wait *= 2
    }
    return last
  }

  /// One try: the HTTP status, or what went wrong before there was one.
  private func post(_ request: URLRequest) -> (status: Int?, error: String?) {
    let answer = Answer()
    let session = URLSession(configuration: .ephemeral)
    defer { session.invalidateAndCancel() }
    let task = session.dataTask(with: request) { _, response, error in
      answer.set((response as? HTTPURLResponse)?.statusCode, error.map { Self.describe($0) })
    }
    task.resume()
    // The request's own timeout is an idle timeout in swift-corelibs-foundation, which a
    // server that accepts and never answers does not always trip, so the wait is bounded here.
    if answer.done.wait(timeout: .now() + timeout) == .timedOut {
      task.cancel()
      return (nil, "timed out after \(Int(timeout)) s")
    }
    return answer.value
  }

  private static func describe(_ error: Error) -> String {
    switch (error as? URLError)?.code {
    case .timedOut?: "timed out"
    case .cannotConnectToHost?: "connection refused"
    case .cannotFindHost?: "host not found"
    case .networkConnectionLost?: "connection lost"
    default: (error as NSError).localizedDescription
    }
  }

  /// What the session's callback saw, handed to the waiting thread.
  private final class Answer: Sendable {
    let done = DispatchSemaphore(value: 0)
    private let result = Mutex<(Int?, String?)>((nil, nil))
    func set(_ status: Int?, _ error: String?) {
      result.withLock { $0 = (status, error) }
      done.signal()
    }
    var value: (status: Int?, error: String?) { result.withLock { $0 } }
  }
}
