import CSQLite
import Foundation

/// The only code that calls SQLite's C functions: a connection that owns its handle and
/// turns status codes into `StorageError`.
final class SQLiteConnection {
  private var handle: OpaquePointer?
  let path: String

  /// SQLite's "copy the bytes now" destructor, which Swift does not import.
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  init(path: String, readOnly: Bool = false) throws(StorageError) {
    self.path = path
    var db: OpaquePointer?
    let mode = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
    let status = sqlite3_open_v2(path, &db, mode | SQLITE_OPEN_FULLMUTEX, nil)
    guard status == SQLITE_OK, let db else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
      sqlite3_close(db)
      throw StorageError.sqlite(path, message)
    }
    handle = db
    sqlite3_busy_timeout(db, 5000)
  }

  deinit { sqlite3_close(handle) }

  private func error() -> StorageError {
    .sqlite(path, handle.map { String(cString: sqlite3_errmsg($0)) } ?? "closed")
  }

  /// Runs statements that return no rows.
  func execute(_ sql: String) throws(StorageError) {
    var message: UnsafeMutablePointer<CChar>?
    guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
      let text = message.map { String(cString: $0) } ?? "failed"
      sqlite3_free(message)
      throw .sqlite(path, text)
    }
  }

  /// A bound value.
  enum Value {
    case int(Int64)
    case text(String)
    case null
  }

  /// Runs one statement with `values` bound in order, calling `row` for each result row with
  /// its columns as text (nil for NULL).
  func query(_ sql: String, _ values: [Value] = [], row: ([String?]) throws -> Void = { _ in }) throws {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else { throw error() }
    defer { sqlite3_finalize(statement) }
    for (i, value) in values.enumerated() {
      let index = Int32(i + 1)
      let status: Int32
      switch value {
      case .int(let n): status = sqlite3_bind_int64(statement, index, n)
      case .text(let s):
        // An explicit byte length: text may hold NUL, which -1 (up to the first NUL) would cut.
        status = s.withCString { sqlite3_bind_text(statement, index, $0, Int32(s.utf8.count), Self.transient) }
      case .null: status = sqlite3_bind_null(statement, index)
      }
      guard status == SQLITE_OK else { throw error() }
    }
    while true {
      let step = sqlite3_step(statement)
      if step == SQLITE_DONE { return }
      guard step == SQLITE_ROW else { throw error() }
      let columns = (0..<sqlite3_column_count(statement)).map { c -> String? in
        sqlite3_column_text(statement, c).map { String(cString: $0) }
      }
      try row(columns)
    }
  }

  /// The id of the last inserted row.
  var lastInsertID: Int64 { sqlite3_last_insert_rowid(handle) }
}
