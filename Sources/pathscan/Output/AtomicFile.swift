import Foundation

/// Why output could not be written.
enum OutputError: Error, CustomStringConvertible {
  /// A file given with `-o` (or a state file) could not be written.
  case cannotWrite(String, String)
  /// Standard output refused the text (a full disk, a closed pipe).
  case standardOutput(String)

  var description: String {
    switch self {
    case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
    case .standardOutput(let reason): "cannot write to standard output: \(reason)"
    }
  }
}

/// Writes output files whole or not at all.
///
/// A regular file (or a path that does not exist yet) is written to a temporary sibling that
/// is renamed into place, so a failure leaves the old file as it was. A device or FIFO
/// (`/dev/stdout`, `/dev/null`, a pipe) is written through, never replaced. A symbolic link is
/// followed: the file it points to is replaced and the link stays.
enum AtomicFile {
  /// Where to write for `path`, and whether by rename.
  static func destination(_ path: String) throws -> (path: String, atomic: Bool) {
    var info = stat()
    guard lstat(path, &info) == 0 else { return (path, true) }
    if info.st_mode & S_IFMT == S_IFLNK {
      guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else {
        throw OutputError.cannotWrite(path, "cannot read the symbolic link")
      }
      let resolved =
        target.hasPrefix("/")
        ? target : (URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(target).path)
      // One level is followed deliberately; a chain or a loop of links is refused.
      var next = stat()
      if lstat(resolved, &next) == 0 && next.st_mode & S_IFMT == S_IFLNK {
        throw OutputError.cannotWrite(path, "it links to another link (\(resolved)); give the final path")
      }
      return try destination(resolved)
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return (path, true)
    case S_IFDIR: throw OutputError.cannotWrite(path, "it is a folder")
    default: return (path, false)
    }
  }

  /// Writes bytes (a PNG as well as text).
  static func write(_ data: Data, to path: String) throws {
    try bytes(to: path) { sink in try sink.write(data) }
  }

  /// Writes what `body` hands its writer, in megabyte chunks: a large report never sits in
  /// memory whole.
  static func stream(to path: String, _ body: (_ write: (String) throws -> Void) throws -> Void) throws {
    try bytes(to: path) { sink in
      try body { text in
        var text = text
        try text.withUTF8 { try sink.write(Data($0)) }
      }
    }
  }

  /// Buffers writes into megabyte chunks for one open file.
  final class Sink {
    let handle: FileHandle
    var buffer = Data()

    init(_ handle: FileHandle) { self.handle = handle }

    func write(_ data: Data) throws {
      buffer.append(data)
      if buffer.count >= 1 << 20 { try flush() }
    }

    func flush() throws {
      try handle.write(contentsOf: buffer)
      buffer.removeAll(keepingCapacity: true)
    }
  }

  private static func bytes(to path: String, _ body: (Sink) throws -> Void) throws {
    let (target, atomic) = try destination(path)
    let temporary = atomic ? target + ".partial-\(ProcessInfo.processInfo.processIdentifier)" : target
    if atomic {
      guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
        throw OutputError.cannotWrite(path, "cannot create \(temporary)")
      }
    }
    guard let handle = FileHandle(forWritingAtPath: temporary) else {
      if atomic { try? FileManager.default.removeItem(atPath: temporary) }
      throw OutputError.cannotWrite(path, "cannot open it for writing")
    }
    do {
      defer { try? handle.close() }
      let sink = Sink(handle)
      try body(sink)
      try sink.flush()
      if atomic { try handle.synchronize() }
    } catch {
      if atomic { try? FileManager.default.removeItem(atPath: temporary) }
      // The file system's refusals are this file's; anything else is what `body` threw.
      let domain = (error as NSError).domain
      guard domain == NSCocoaErrorDomain || domain == NSPOSIXErrorDomain else { throw error }
      throw OutputError.cannotWrite(path, Self.reason(error))
    }
    guard !atomic || rename(temporary, target) == 0 else {
      try? FileManager.default.removeItem(atPath: temporary)
      throw OutputError.cannotWrite(path, "cannot rename \(temporary) into place")
    }
  }

  /// The system's words for a write error (`No space left on device`).
  static func reason(_ error: any Error) -> String {
    let nsError = error as NSError
    if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
      return String(cString: strerror(Int32(underlying.code)))
    }
    if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
    return nsError.localizedDescription
  }
}
