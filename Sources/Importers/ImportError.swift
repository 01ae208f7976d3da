/// Why an input file could not be imported. Every case names the file and, where it can,
/// the line, column and JSON path of the problem.
public enum ImportError: Error, CustomStringConvertible, Equatable {
  /// The file could not be read at all.
  case unreadable(file: String, reason: String)
  /// The bytes are not well-formed JSON (or YAML, or text in a known encoding).
  /// No position when the whole file is at fault (not text in a known encoding).
  case syntax(file: String, line: Int?, column: Int?, message: String)
  /// Well-formed, but a field is missing, of the wrong type, or not allowed. Formats read
  /// as a parsed tree name the record by its path, and the loader finds the path's line and
  /// column in the document; no position only where the document has no such path.
  case invalid(file: String, line: Int?, column: Int?, path: String, message: String)
  /// Well-formed, but not a format pathscan reads.
  case unsupportedFormat(file: String, message: String)
  /// Well-formed JSON whose shape no importer claims (a JSON Schema, a package.json): in a
  /// folder it is skipped and listed, named alone it is an error.
  case unrecognised(file: String, message: String)

  public var description: String {
    let text = full
    // A message that quotes input keeps to a readable length, whatever the input held.
    return text.count > 600 ? String(text.prefix(600)) + "… (message cut)" : text
  }

  private var full: String {
    switch self {
    case .unreadable(let file, let reason):
      "\(file): cannot read: \(reason)"
    case .syntax(let file, let line?, let column?, let message):
      "\(file):\(line):\(column): malformed input: \(message)"
    case .syntax(let file, _, _, let message):
      "\(file): malformed input: \(message)"
    case .invalid(let file, let line?, let column?, let path, let message):
      "\(file):\(line):\(column): at \(path): \(message)"
    case .invalid(let file, let line?, nil, let path, let message):
      "\(file):\(line): at \(path): \(message)"
    case .invalid(let file, _, _, let path, let message):
      "\(file): at \(path): \(message)"
    case .unsupportedFormat(let file, let message), .unrecognised(let file, let message):
      "\(file): \(message)"
    }
  }

  /// The file the error is about.
  public var file: String {
    switch self {
    case .unreadable(let file, _), .syntax(let file, _, _, _), .invalid(let file, _, _, _, _),
      .unsupportedFormat(let file, _), .unrecognised(let file, _):
      file
    }
  }
}
