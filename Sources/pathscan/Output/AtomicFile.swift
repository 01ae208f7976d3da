import Foundation
import Importers

/// Writes files whole or not at all: to a temporary sibling, then renamed into place.
enum AtomicFile {
  static func write(_ data: Data, to path: String) throws {
    do {
      try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
      throw ImportError.unreadable(file: path, reason: "cannot write: \(error.localizedDescription)")
    }
  }

  /// Writes what `body` hands its writer, in megabyte chunks, to a temporary sibling that is
  /// renamed into place only when `body` returns: a large report never sits in memory whole,
  /// and a failure leaves the old file as it was.
  static func stream(to path: String, _ body: (_ write: (String) throws -> Void) throws -> Void) throws {
    let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
    func failed(_ error: any Error) -> ImportError {
      ImportError.unreadable(file: path, reason: "cannot write: \(error.localizedDescription)")
    }
    guard FileManager.default.createFile(atPath: temporary, contents: nil),
      let handle = FileHandle(forWritingAtPath: temporary)
    else { throw ImportError.unreadable(file: path, reason: "cannot write: cannot create \(temporary)") }
    var buffer = Data()
    do {
      defer { try? handle.close() }
      try body { text in
        var text = text
        text.withUTF8 { buffer.append($0) }
        if buffer.count >= 1 << 20 {
          try handle.write(contentsOf: buffer)
          buffer.removeAll(keepingCapacity: true)
        }
      }
      try handle.write(contentsOf: buffer)
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw error is ImportError ? error : failed(error)
    }
    guard rename(temporary, path) == 0 else {
      try? FileManager.default.removeItem(atPath: temporary)
      throw ImportError.unreadable(file: path, reason: "cannot write: cannot rename \(temporary) into place")
    }
  }
}
