/// Why the state database could not be used.
public enum StorageError: Error, CustomStringConvertible, Equatable {
  /// SQLite refused: the file is not a database, is read-only, corrupt, or locked.
  case sqlite(String, String)
  /// The database holds tables of another program or another version.
  case incompatible(String, String)
  /// A pathscan database of an earlier schema that cannot be read as this one.
  case outdated(String, String)

  public var description: String {
    switch self {
    case .sqlite(let file, let message): "\(file): state database error: \(message)"
    case .incompatible(let file, let message): "\(file): not a pathscan state database: \(message)"
    case .outdated(let file, let message): "\(file): state database of an earlier pathscan: \(message)"
    }
  }
}
