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
    "BEARER", "COOKIE", "SESSION", "KEY", "PASS", "PWD", "WEBHOOK", "DSN", "SIGNATURE", "SIG",
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

  /// A URL with nothing secret left in it, and the credentials it held: a password becomes
  /// `***` and a credential (the user name stays), every query value becomes `***` (a secret-named or
  /// secret-shaped one a credential), a secret-looking path segment (`/mcp/sk-…/sse`, a long
  /// token) becomes `***` and a credential, the fragment goes.
  static func redact(url text: String) -> (text: String, found: [Found])? {
    guard text.contains("://"), var parts = URLComponents(string: text), parts.host != nil else { return nil }
    var found: [Found] = []
    if let password = parts.password, !password.isEmpty {
      found.append(literalOrReference(password, name: "url-password"))
      parts.percentEncodedPassword = "***"
    }
    parts.fragment = nil
    if let items = parts.queryItems {
      parts.percentEncodedQuery =
        items.map { item in
          if let value = item.value, !value.isEmpty {
            if let ref = reference(in: value) {
              found.append(Found(id: "secret-ref:\(ref)", name: "url-query \(item.name)", kind: .reference))
            } else if isSecretName(item.name) || looksSecret(value) || isTokenLike(value) {
              found.append(Found(id: "secret:\(fingerprint(value))", name: "url-query \(item.name)", kind: .literal))
            }
          }
          return item.value == nil ? item.name : "\(item.name)=***"
        }
        .joined(separator: "&")
    }
    let segments = parts.path.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
      let s = String(segment)
      guard looksSecret(s) || isTokenLike(s) else { return s }
      found.append(Found(id: "secret:\(fingerprint(s))", name: "url-path", kind: .literal))
      return "***"
    }
    parts.path = segments.joined(separator: "/")
    return (parts.string ?? text, found)
  }

  /// A long run of letters and digits, both, as API keys and tokens are (not a word, a
  /// version or a UUID-free path).
  static func isTokenLike(_ value: String) -> Bool {
    value.count >= 24 && value.allSatisfy { $0.isLetter || $0.isNumber || "-_.~+/=".contains($0) }
      && value.contains(where: \.isNumber) && value.contains(where: \.isLetter)
      && !value.contains("/")
  }

  /// Whether a value is known to carry nothing secret: a path, a number (a port), a boolean,
  /// an email address, a short plain word (`debug`), or a short dashed or dotted name
  /// (`us-east-1`).
  static func isHarmless(_ value: String) -> Bool {
    if value.isEmpty || value.hasPrefix("/") || value.hasPrefix("~") || value.hasPrefix("./") || value.hasPrefix("../") {
      return true
    }
    if Double(value) != nil { return true }
    if ["true", "false", "yes", "no", "on", "off"].contains(value.lowercased()) { return true }
    let email = value.split(separator: "@")
    if email.count == 2, email[1].contains("."), !value.contains(" "), !value.contains(":") { return true }
    // A short word (`debug`), or a short name with dashes or dots (`us-east-1`, `v1.2.0`).
    guard value.count <= 16 else { return false }
    if value.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "_" || $0 == "." }) { return true }
    return value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
      && value.split(whereSeparator: { $0 == "-" || $0 == "." }).count >= 2
  }

  /// An environment value as it may be kept: nil when it is (or holds) a credential, which
  /// is returned instead. Values not known to be harmless are fingerprinted, whatever their
  /// name: `STRIPE_KEY`, `DB_PASS`, `SLACK_WEBHOOK` and names nobody listed alike.
  static func environment(named name: String, value: String) -> (kept: String?, found: [Found]) {
    if let found = credential(named: name, value: value) { return (nil, [found]) }
    if let url = redact(url: value) { return (url.text, url.found) }
    // A reference to a variable whose name says nothing secret, a path, a port, an address.
    if isHarmless(value) || reference(in: value) != nil { return (value, []) }
    return (nil, [Found(id: "secret:\(fingerprint(value))", name: name, kind: .literal)])
  }

  /// Arguments with nothing secret left in them, and the credentials they held: a value after
  /// a secret-named flag (`--api-key VALUE`), after `=` in `--token=V` or `KEY=V` with a secret
  /// name, a URL's secrets, and secret-shaped words become `***`.
  static func redact(arguments: [String]) -> (texts: [String], found: [Found]) {
    var found: [Found] = []
    var texts: [String] = []
    var secretFlag = false
    for argument in arguments {
      defer { secretFlag = argument.hasPrefix("-") && !argument.contains("=") && isSecretName(flagName(argument)) }
      if secretFlag, !argument.hasPrefix("-") {
        found.append(literalOrReference(argument, name: "argument"))
        texts.append("***")
        continue
      }
      if let equals = argument.firstIndex(of: "="), equals != argument.startIndex {
        let name = flagName(String(argument[..<equals]))
        let value = String(argument[argument.index(after: equals)...])
        if isSecretName(name) && !value.isEmpty {
          found.append(literalOrReference(value, name: name))
          texts.append(String(argument[...equals]) + "***")
          continue
        }
      }
      if let url = redact(url: argument) {
        found += url.found
        texts.append(url.text)
        continue
      }
      let redacted = redact(argument: argument)
      found += redacted.found
      texts.append(redacted.text)
    }
    return (texts, found)
  }

  private static func flagName(_ text: String) -> String {
    String(text.drop { $0 == "-" })
  }

  private static func literalOrReference(_ value: String, name: String) -> Found {
    if let ref = reference(in: value) { return Found(id: "secret-ref:\(ref)", name: name, kind: .reference) }
    return Found(id: "secret:\(fingerprint(value))", name: name, kind: .literal)
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
