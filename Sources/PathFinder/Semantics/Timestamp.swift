import Foundation

/// Parses the RFC 3339 times of `expires` properties and `--at`.
public enum Timestamp {
  /// The instant `text` names: RFC 3339 with or without fractional seconds, or a bare date
  /// (midnight UTC). Nil when it is none of these.
  /// - Complexity: O(n) in the length of the text.
  public static func parse(_ text: String) -> Date? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: false)) { return date }
    if let date = try? Date(trimmed, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
    if trimmed.count == 10, let date = try? Date(trimmed + "T00:00:00Z", strategy: Date.ISO8601FormatStyle()) { return date }
    return nil
  }

  /// `date` in RFC 3339 (UTC, whole seconds).
  public static func format(_ date: Date) -> String {
    date.formatted(Date.ISO8601FormatStyle())
  }
}
