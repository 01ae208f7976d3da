import Foundation

/// A fresh folder under the system's temporary directory, removed when the value is dropped.
public final class TemporaryDirectory: @unchecked Sendable {
  public let url: URL

  public init(_ label: String = "pathscan") throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID())")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  /// The path of `name` inside the folder.
  public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// Writes `data` as `name` inside the folder and returns its path.
  @discardableResult public func write(_ name: String, _ data: Data) throws -> String {
    let file = path(name)
    try data.write(to: URL(fileURLWithPath: file))
    return file
  }

  deinit { try? FileManager.default.removeItem(at: url) }
}
