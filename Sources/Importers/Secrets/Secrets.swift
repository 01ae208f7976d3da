import AccessGraph
import Crypto
import Foundation

/// Recognises secrets in configuration and turns them into credential nodes that never hold
/// the secret itself.
///
/// A literal secret becomes `secret:sha256:` and the first 16 hex digits of its SHA-256, so
/// the same key in two configurations is one node; a reference (`${env:NAME}`, `${input:id}`,
/// `$NAME`) becomes `secret-ref:NAME`; a key file becomes `secret-file:PATH`.
enum Secrets {
  /// A credential found in a configuration.
  struct Found: Equatable {
    /// The credential node's id.
    var id: String
    /// Where it was found: an env var or header name, or `argument`.
    var name: String
    var kind: Kind

    enum Kind: String { case literal, reference, file }

    var properties: Properties {
      var p = Properties([("name", .string(name)), ("secret_kind", .string(kind.rawValue))])
      if kind == .literal { p["fingerprint"] = .string(String(id.dropFirst("secret:".count))) }
      return p
    }
  }

  /// The fingerprint of a secret value: `sha256:` and 16 hex digits.
  static func fingerprint(_ value: String) -> String {
    let digest = SHA256.hash(data: Array(value.utf8))
    return "sha256:" + digest.prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
  }

  private static let secretWords = [
    "TOKEN", "SECRET", "PASSWORD", "PASSWD", "APIKEY", "API_KEY", "ACCESS_KEY", "PRIVATE_KEY", "CREDENTIAL", "AUTH", "PAT",
    "BEARER", "COOKIE", "SESSION",
  ]
  private static let secretPrefixes = [
    "ghp_", "gho_", "ghs_", "github_pat_", "xoxb-", "xoxp-", "sk-", "sk_live_", "AKIA", "ASIA", "eyJ", "glpat-", "AIza", "ya29.",
  ]

  /// Whether a variable or header name says it holds a secret.
  static func isSecretName(_ name: String) -> Bool {
    let upper = name.uppercased().replacingOccurrences(of: "-", with: "_")
    return secretWords.contains { word in
      upper == word || upper.hasPrefix(word + "_") || upper.hasSuffix("_" + word) || upper.contains("_" + word + "_")
        || (word.count > 4 && upper.contains(word))
    }
  }

  /// Whether a value looks like a secret by its shape.
  static func looksSecret(_ value: String) -> Bool {
    secretPrefixes.contains { value.hasPrefix($0) } || value.hasPrefix("Bearer ") || value.hasPrefix("Basic ")
  }

  /// The credential a named value (env var, header) holds, if any. Paths to key files count
  /// when the name says credentials (`GOOGLE_APPLICATION_CREDENTIALS`, `*_KEY_FILE`).
  static func credential(named name: String, value: String) -> Found? {
    if let reference = reference(in: value) {
      guard isSecretName(name) || isSecretName(reference) else { return nil }
      return Found(id: "secret-ref:\(reference)", name: name, kind: .reference)
    }
    let upper = name.uppercased()
    if value.hasPrefix("/") || value.hasPrefix("~") || value.hasPrefix("./") {
      guard upper.contains("CREDENTIAL") || upper.contains("KEY") || upper.contains("CERT") else { return nil }
      return Found(id: "secret-file:\(value)", name: name, kind: .file)
    }
    guard !value.isEmpty, isSecretName(name) || looksSecret(value) else { return nil }
    var secret = value
    for scheme in ["Bearer ", "Basic ", "token "] where secret.hasPrefix(scheme) { secret.removeFirst(scheme.count) }
    if let inner = reference(in: secret) { return Found(id: "secret-ref:\(inner)", name: name, kind: .reference) }
    return Found(id: "secret:\(fingerprint(secret))", name: name, kind: .literal)
  }

  /// The variable a value refers to instead of holding a secret: `${env:NAME}`, `${NAME}`,
  /// `$NAME`, `${input:id}` (as `input:id`), `{env:NAME}`.
  static func reference(in value: String) -> String? {
    var v = Substring(value)
    if v.hasPrefix("$") { v = v.dropFirst() }
    let braced = v.hasPrefix("{") && v.hasSuffix("}")
    if braced { v = v.dropFirst().dropLast() }
    guard braced || value.hasPrefix("$") else { return nil }
    if v.hasPrefix("env:") { v = v.dropFirst(4) }
    guard !v.isEmpty, v.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" || $0 == "." || $0 == "-" }) else {
      return nil
    }
    return String(v)
  }

  /// `text` with any password in a URL (`scheme://user:password@host`) or secret-shaped word
  /// replaced by `***`, and the credentials that were there.
  static func redact(argument text: String) -> (text: String, found: [Found]) {
    var found: [Found] = []
    var words: [String] = []
    for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
      if let scheme = word.range(of: "://"), let at = word.range(of: "@", range: scheme.upperBound..<word.endIndex),
        let colon = word.range(of: ":", range: scheme.upperBound..<at.lowerBound)
      {
        let password = String(word[colon.upperBound..<at.lowerBound])
        if !password.isEmpty, reference(in: password) == nil {
          found.append(Found(id: "secret:\(fingerprint(password))", name: "url-password", kind: .literal))
          words.append(String(word[..<colon.upperBound]) + "***" + String(word[at.lowerBound...]))
          continue
        }
      }
      if looksSecret(word) {
        found.append(Found(id: "secret:\(fingerprint(word))", name: "argument", kind: .literal))
        words.append("***")
        continue
      }
      words.append(word)
    }
    return (words.joined(separator: " "), found)
  }
}
