import Foundation

/// Paths of the files tests read: the real export samples under `Tests/Fixtures` and the
/// project's own examples and manifests.
public enum Fixtures {
  /// The repository's root folder, found from this source file's place in it.
  public static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// A file below `Tests/Fixtures`.
  public static func path(_ relative: String) -> String {
    root.appendingPathComponent("Tests/Fixtures").appendingPathComponent(relative).path
  }

  /// A file below the repository root (examples/, manifests/).
  public static func project(_ relative: String) -> String {
    root.appendingPathComponent(relative).path
  }

  /// The bytes of a fixture file.
  public static func bytes(_ relative: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(relative))))
  }
}
