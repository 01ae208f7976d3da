import Foundation

/// Runs SQL through Debian's `sqlite3` shell, a reader independent of pathscan's own, and
/// returns what it printed without the final newline.
public func sqliteShell(_ db: String, _ sql: String) throws -> String {
  let process = Process()
  let pipe = Pipe()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
  process.arguments = [db, sql]
  process.standardOutput = pipe
  try process.run()
  let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  process.waitUntilExit()
  return out.hasSuffix("\n") ? String(out.dropLast()) : out
}
