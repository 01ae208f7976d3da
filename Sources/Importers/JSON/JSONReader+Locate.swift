/// Finding a record again by the path importers name it with, so that errors about a parsed
/// tree carry the record's real line and column without every tree value holding its offset.
extension JSONReader {
  /// One step of a record path: `a.b[2]` is the key `a`, the key `b`, the element 2.
  enum Step: Equatable {
    case key(String)
    case element(Int)
  }

  /// The steps of `path`, or nil when it is not a record path (a description such as "the
  /// document" names the root: no steps).
  static func steps(of path: String) -> [Step]? {
    if path == "the document" { return [] }
    var steps: [Step] = []
    var rest = Substring(path)
    while !rest.isEmpty {
      if rest.first == "[" {
        guard let close = rest.firstIndex(of: "]"), let i = Int(rest[rest.index(after: rest.startIndex)..<close]) else {
          return nil
        }
        steps.append(.element(i))
        rest = rest[rest.index(after: close)...]
      } else {
        if rest.first == "." { rest = rest.dropFirst() }
        let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
        guard end > rest.startIndex else { return nil }
        steps.append(.key(String(rest[..<end])))
        rest = rest[end...]
      }
    }
    return steps
  }

  /// The 1-based line and column where the value at `path` starts in `buffer`, or where the
  /// deepest part of it that exists starts (the record that lacks the field); nil when the
  /// path names nothing in the document.
  /// - Complexity: O(n) in the bytes before the value.
  static func position(of path: String, in buffer: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int)? {
    guard let steps = steps(of: path) else { return nil }
    var reader = JSONReader(bytes: buffer, file: "")
    var found = reader.valueStart()
    var matched = 0
    walk: for step in steps {
      var first = true
      switch step {
      case .key(let wanted):
        guard reader.peek() == UInt8(ascii: "{"), (try? reader.beginObject(path: "")) != nil else { break walk }
        while let key = try? reader.nextKey(first: &first) {
          if key == wanted {
            found = reader.valueStart()
            matched += 1
            continue walk
          }
          guard (try? reader.skipValue()) != nil else { break walk }
        }
        break walk
      case .element(let wanted):
        guard reader.peek() == UInt8(ascii: "["), (try? reader.beginArray(path: "")) != nil else { break walk }
        var index = 0
        while (try? reader.nextElement(first: &first)) == true {
          if index == wanted {
            found = reader.valueStart()
            matched += 1
            continue walk
          }
          guard (try? reader.skipValue()) != nil else { break walk }
          index += 1
        }
        break walk
      }
    }
    // A path none of whose steps exist names something else (an embedded document).
    guard matched > 0 || steps.isEmpty || steps.count == 1 else { return nil }
    return reader.position(of: found)
  }
}

extension ImportError {
  /// This error with the line and column of its record in `document` when it names a record
  /// of a parsed JSON tree by path and has no position yet; otherwise itself. UTF-16 files
  /// (read as a transcoded copy) keep the path alone.
  /// - Complexity: O(n) in the bytes before the record.
  func located(in document: UnsafeBufferPointer<UInt8>) -> ImportError {
    guard case .invalid(let file, nil, _, let path, let message) = self,
      let first = document.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }),
      first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
      let (line, column) = JSONReader.position(of: path, in: document)
    else { return self }
    return .invalid(file: file, line: line, column: column, path: path, message: message)
  }
}
