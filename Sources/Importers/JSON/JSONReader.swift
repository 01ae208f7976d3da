import AccessGraph

/// A streaming JSON pull parser over UTF-8 bytes.
///
/// Readers walk a document key by key and element by element, parsing only what they need
/// into Swift values, so a 60 MB export never exists twice in memory. Raw pointers live only
/// inside `JSONReader.read(_:file:_:)`, which scopes them to the buffer's lifetime. Every error
/// carries the byte offset it happened at; `ImportError` turns that into line and column.
struct JSONReader: ~Copyable {
  private let bytes: UnsafeBufferPointer<UInt8>
  private(set) var offset = 0
  let file: String
  private var depth = 0
  private var scratch: [UInt8] = []
  // Records are read front to back, so line numbers are counted on from the last one asked.
  private var countedTo = 0
  private var countedLines = 1

  /// Nesting deeper than this is rejected rather than risking the stack on hostile input.
  static let maxDepth = 512

  /// A reader over bytes taken as UTF-8 as they are; `read(buffer:)` brings other encodings
  /// to UTF-8 first.
  init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
    self.bytes = bytes
    self.file = file
  }

  /// Runs `body` with a reader over `data`, after normalising its encoding to UTF-8.
  static func read<R>(_ data: [UInt8], file: String, _ body: (inout JSONReader) throws -> R) throws -> R {
    try data.withUnsafeBufferPointer { try read(buffer: $0, file: file, body) }
  }

  /// Parses a whole (small) document into a tree, failing on anything after it.
  static func document(_ data: [UInt8], file: String) throws -> JSONValue {
    try data.withUnsafeBufferPointer { try document($0, file: file) }
  }

  /// Parses a whole document in bytes the caller owns into a tree, failing on anything after it.
  static func document(_ buffer: UnsafeBufferPointer<UInt8>, file: String) throws -> JSONValue {
    try read(buffer: buffer, file: file) { reader in
      _ = reader.peek()
      let value = try reader.readValue()
      try reader.expectEnd()
      return value
    }
  }

  /// Runs `body` with a reader over bytes that stay owned by the caller (a mapped file, say).
  /// UTF-16 input is transcoded into a copy; UTF-8, the usual case, is read in place.
  static func read<R>(buffer: UnsafeBufferPointer<UInt8>, file: String, _ body: (inout JSONReader) throws -> R) throws -> R {
    let bom = buffer.starts(with: [0xFF, 0xFE]) || buffer.starts(with: [0xFE, 0xFF])
    if bom || buffer.starts(with: [0xEF, 0xBB, 0xBF]) {
      guard let utf8 = TextBytes.utf8(Array(buffer)) else {
        throw ImportError.syntax(file: file, line: nil, column: nil, message: "UTF-16 text with an unpaired surrogate")
      }
      return try utf8.withUnsafeBufferPointer { copy in
        var reader = JSONReader(bytes: copy, file: file)
        return try body(&reader)
      }
    }
    var reader = JSONReader(bytes: buffer, file: file)
    return try body(&reader)
  }

  // MARK: Positions and errors

  /// The 1-based line and column of a byte offset.
  /// - Complexity: O(offset).
  func position(of offset: Int) -> (line: Int, column: Int) {
    var line = 1
    var lineStart = 0
    for i in 0..<min(offset, bytes.count) where bytes[i] == 0x0A {
      line += 1
      lineStart = i + 1
    }
    return (line, offset - lineStart + 1)
  }

  /// The 1-based line of a byte offset at or after the last one asked for.
  /// - Complexity: amortised O(1) a byte over a front-to-back read.
  mutating func line(at offset: Int) -> Int {
    if offset < countedTo {
      countedTo = 0
      countedLines = 1
    }
    var i = countedTo
    let end = min(offset, bytes.count)
    var lines = countedLines
    while i < end {
      if bytes[i] == 0x0A { lines += 1 }
      i += 1
    }
    countedTo = end
    countedLines = lines
    return lines
  }

  func syntaxError(_ message: String, at offset: Int? = nil) -> ImportError {
    let (line, column) = position(of: offset ?? self.offset)
    return .syntax(file: file, line: line, column: column, message: message)
  }

  func invalid(_ path: String, _ message: String, at offset: Int) -> ImportError {
    let (line, column) = position(of: offset)
    return .invalid(file: file, line: line, column: column, path: path, message: message)
  }

  private func describeByte(at i: Int) -> String {
    guard i < bytes.count else { return "end of file" }
    let b = bytes[i]
    if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
    return "byte 0x" + String(b, radix: 16, uppercase: true)
  }

  // MARK: Structure

  /// Skips white space and returns the next byte without consuming it (nil at the end).
  mutating func peek() -> UInt8? {
    while offset < bytes.count {
      switch bytes[offset] {
      case 0x20, 0x0A, 0x0D, 0x09: offset += 1
      default: return bytes[offset]
      }
    }
    return nil
  }

  /// The offset where the next value starts (after white space), for messages about it.
  mutating func valueStart() -> Int {
    _ = peek()
    return offset
  }

  /// The JSON type of the next value, for messages, without consuming it.
  mutating func nextTypeDescription() -> String {
    switch peek() {
    case UInt8(ascii: "{"): "an object"
    case UInt8(ascii: "["): "an array"
    case UInt8(ascii: "\""): "a string"
    case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
    case UInt8(ascii: "n"): "null"
    case nil: "end of file"
    default: "a number"
    }
  }

  /// Whether the next value is `null`, consuming it if so.
  mutating func consumeNull() throws -> Bool {
    guard peek() == UInt8(ascii: "n") else { return false }
    try literal("null")
    return true
  }

  /// Consumes `{`, failing with a message about `path` if the next value is not an object.
  mutating func beginObject(path: @autoclosure () -> String) throws {
    guard peek() == UInt8(ascii: "{") else {
      throw invalid(path(), "expected an object, found \(nextTypeDescription())", at: offset)
    }
    try enter()
  }

  /// The next key of the current object, or nil (consuming `}`) when it ends.
  ///
  /// Call after `beginObject` and after reading or skipping each value.
  mutating func nextKey(first: inout Bool) throws -> String? {
    guard let b = peek() else { throw syntaxError("unexpected end of file inside an object") }
    if b == UInt8(ascii: "}") {
      offset += 1
      depth -= 1
      return nil
    }
    if !first {
      guard b == UInt8(ascii: ",") else {
        throw syntaxError("expected ',' or '}' after an object member, found \(describeByte(at: offset))")
      }
      offset += 1
      guard peek() != nil else { throw syntaxError("unexpected end of file inside an object") }
    }
    first = false
    guard peek() == UInt8(ascii: "\"") else { throw syntaxError("expected a quoted key, found \(describeByte(at: offset))") }
    let key = try readStringLiteral()
    guard peek() == UInt8(ascii: ":") else {
      throw syntaxError("expected ':' after key \"\(key)\", found \(describeByte(at: offset))")
    }
    offset += 1
    return key
  }

  /// Consumes `[`, failing with a message about `path` if the next value is not an array.
  mutating func beginArray(path: @autoclosure () -> String) throws {
    guard peek() == UInt8(ascii: "[") else {
      throw invalid(path(), "expected an array, found \(nextTypeDescription())", at: offset)
    }
    try enter()
  }

  /// Whether another element follows in the current array (consuming `]` when not).
  mutating func nextElement(first: inout Bool) throws -> Bool {
    guard let b = peek() else { throw syntaxError("unexpected end of file inside an array") }
    if b == UInt8(ascii: "]") {
      offset += 1
      depth -= 1
      return false
    }
    if !first {
      guard b == UInt8(ascii: ",") else {
        throw syntaxError("expected ',' or ']' after an array element, found \(describeByte(at: offset))")
      }
      offset += 1
    }
    first = false
    return true
  }

  private mutating func enter() throws {
    depth += 1
    guard depth <= Self.maxDepth else { throw syntaxError("nesting deeper than \(Self.maxDepth) levels") }
    offset += 1
  }

  /// The keys of the top-level object (their values skipped), or `["[array]"]` for a
  /// top-level array; stops early at the first key in `decisive`, so a large export is not
  /// read twice just to learn its format.
  mutating func topLevelKeys(stoppingAt decisive: Set<String> = []) throws -> [String] {
    if peek() == UInt8(ascii: "[") {
      // For a list, what its first element holds says what the list is: `[key]` entries.
      try beginArray(path: "the document")
      var first = true
      guard try nextElement(first: &first), peek() == UInt8(ascii: "{") else { return ["[array]"] }
      try beginObject(path: "[0]")
      var keys = ["[array]"]
      var firstKey = true
      while let key = try nextKey(first: &firstKey) {
        keys.append("[\(key)]")
        try skipValue()
      }
      return keys
    }
    try beginObject(path: "the document")
    var keys: [String] = []
    var first = true
    while let key = try nextKey(first: &first) {
      keys.append(key)
      if decisive.contains(key) { return keys }
      try skipValue()
    }
    return keys
  }

  /// Fails unless only white space remains.
  mutating func expectEnd() throws {
    if peek() != nil { throw syntaxError("unexpected \(describeByte(at: offset)) after the end of the document") }
  }

  // MARK: Scalars

  /// Reads a string value, failing with a message about `path` for any other type.
  mutating func readString(path: @autoclosure () -> String) throws -> String {
    guard peek() == UInt8(ascii: "\"") else {
      throw invalid(path(), "expected a string, found \(nextTypeDescription())", at: offset)
    }
    return try readStringLiteral()
  }

  /// Reads a string, number or boolean (nil for null), failing for objects and arrays.
  mutating func readPrimitive(path: @autoclosure () -> String) throws -> PropertyValue? {
    guard let next = peek() else { throw syntaxError("unexpected end of file where a value was expected") }
    switch next {
    case UInt8(ascii: "\""): return .string(try readStringLiteral())
    case UInt8(ascii: "t"):
      try literal("true")
      return .bool(true)
    case UInt8(ascii: "f"):
      try literal("false")
      return .bool(false)
    case UInt8(ascii: "n"):
      try literal("null")
      return nil
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      throw invalid(path(), "expected a string, number or boolean, found \(nextTypeDescription())", at: offset)
    default: throw syntaxError("expected a value, found \(describeByte(at: offset))")
    }
  }

  /// Reads any value into a tree.
  mutating func readValue() throws -> JSONValue {
    switch peek() {
    case UInt8(ascii: "{"):
      try enter()
      var pairs: [(key: String, value: JSONValue)] = []
      var first = true
      while let key = try nextKey(first: &first) { pairs.append((key, try readValue())) }
      return .object(pairs)
    case UInt8(ascii: "["):
      try enter()
      var items: [JSONValue] = []
      var first = true
      while try nextElement(first: &first) { items.append(try readValue()) }
      return .array(items)
    default:
      switch try readPrimitive(path: "") {
      case nil: return .null
      case .string(let s): return .string(s)
      case .number(let n): return .number(n)
      case .bool(let b): return .bool(b)
      case .array: preconditionFailure("readPrimitive never returns arrays")
      }
    }
  }

  /// Skips one value of any type, checking its syntax.
  mutating func skipValue() throws {
    switch peek() {
    case UInt8(ascii: "{"):
      try enter()
      var first = true
      while try nextKey(first: &first) != nil { try skipValue() }
    case UInt8(ascii: "["):
      try enter()
      var first = true
      while try nextElement(first: &first) { try skipValue() }
    case UInt8(ascii: "\""): try skipStringLiteral()
    default: _ = try readPrimitive(path: "")
    }
  }

  private mutating func literal(_ word: StaticString) throws {
    let start = offset
    let count = word.utf8CodeUnitCount
    guard offset + count <= bytes.count,
      word.withUTF8Buffer({ w in (0..<count).allSatisfy { bytes[start + $0] == w[$0] } })
    else { throw syntaxError("expected a value, found \(describeByte(at: offset))", at: start) }
    offset += count
  }

  private mutating func readNumber() throws -> String {
    let start = offset
    func digits(_ reader: inout JSONReader) -> Int {
      let s = reader.offset
      while reader.offset < reader.bytes.count, reader.bytes[reader.offset] &- 0x30 < 10 { reader.offset += 1 }
      return reader.offset - s
    }
    if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
    let leadingZero = offset < bytes.count && bytes[offset] == UInt8(ascii: "0")
    let intDigits = digits(&self)
    guard intDigits > 0, !(leadingZero && intDigits > 1) else { throw syntaxError("malformed number", at: start) }
    if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
      offset += 1
      guard digits(&self) > 0 else { throw syntaxError("malformed number: no digits after '.'", at: start) }
    }
    if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
      offset += 1
      if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") { offset += 1 }
      guard digits(&self) > 0 else { throw syntaxError("malformed number: no digits in the exponent", at: start) }
    }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
  }

  private mutating func skipStringLiteral() throws {
    let start = offset
    offset += 1
    while offset < bytes.count {
      let b = bytes[offset]
      if b == UInt8(ascii: "\"") {
        offset += 1
        return
      }
      offset += b == UInt8(ascii: "\\") ? 2 : 1
    }
    throw syntaxError("unterminated string", at: start)
  }

  /// Reads a string literal at the current offset (which holds its opening quote).
  private mutating func readStringLiteral() throws -> String {
    let start = offset
    offset += 1
    let contentStart = offset
    // Fast path: no escapes, so the bytes between the quotes are the string. ASCII needs no
    // validation, which keeps the common case off the generic decoding path.
    var nonASCII: UInt8 = 0
    while offset < bytes.count {
      let b = bytes[offset]
      nonASCII |= b
      if b == UInt8(ascii: "\"") {
        let slice = UnsafeBufferPointer(rebasing: bytes[contentStart..<offset])
        offset += 1
        if nonASCII < 0x80 { return String(decoding: slice, as: UTF8.self) }
        guard let s = String(validating: slice, as: UTF8.self) else {
          throw syntaxError("string is not valid UTF-8", at: start)
        }
        return s
      }
      if b == UInt8(ascii: "\\") { break }
      if b < 0x20 { throw syntaxError("control character (byte 0x\(String(b, radix: 16))) inside a string", at: offset) }
      offset += 1
    }
    guard offset < bytes.count else { throw syntaxError("unterminated string", at: start) }
    scratch.removeAll(keepingCapacity: true)
    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[contentStart..<offset]))
    while offset < bytes.count {
      let b = bytes[offset]
      switch b {
      case UInt8(ascii: "\""):
        offset += 1
        guard let s = String(validating: scratch, as: UTF8.self) else {
          throw syntaxError("string is not valid UTF-8", at: start)
        }
        return s
      case UInt8(ascii: "\\"):
        try readEscape()
      case 0..<0x20:
        throw syntaxError("control character (byte 0x\(String(b, radix: 16))) inside a string", at: offset)
      default:
        scratch.append(b)
        offset += 1
      }
    }
    throw syntaxError("unterminated string", at: start)
  }

  private mutating func readEscape() throws {
    let at = offset
    guard offset + 1 < bytes.count else { throw syntaxError("unterminated string", at: at) }
    offset += 2
    switch bytes[at + 1] {
    case UInt8(ascii: "\""): scratch.append(0x22)
    case UInt8(ascii: "\\"): scratch.append(0x5C)
    case UInt8(ascii: "/"): scratch.append(0x2F)
    case UInt8(ascii: "b"): scratch.append(0x08)
    case UInt8(ascii: "f"): scratch.append(0x0C)
    case UInt8(ascii: "n"): scratch.append(0x0A)
    case UInt8(ascii: "r"): scratch.append(0x0D)
    case UInt8(ascii: "t"): scratch.append(0x09)
    case UInt8(ascii: "u"):
      var scalar = try readHex4()
      if (0xD800..<0xDC00).contains(scalar) {
        guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"), bytes[offset + 1] == UInt8(ascii: "u") else {
          throw syntaxError("unpaired UTF-16 surrogate in \\u escape", at: at)
        }
        offset += 2
        let low = try readHex4()
        guard (0xDC00..<0xE000).contains(low) else { throw syntaxError("unpaired UTF-16 surrogate in \\u escape", at: at) }
        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
      } else if (0xDC00..<0xE000).contains(scalar) {
        throw syntaxError("unpaired UTF-16 surrogate in \\u escape", at: at)
      }
      scratch.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
    default: throw syntaxError("invalid escape \\\(describeByte(at: at + 1))", at: at)
    }
  }

  private mutating func readHex4() throws -> UInt32 {
    guard offset + 4 <= bytes.count else { throw syntaxError("truncated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let b = bytes[offset]
      let digit: UInt8
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - 0x30
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - 0x57
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - 0x37
      default: throw syntaxError("invalid hex digit \(describeByte(at: offset)) in \\u escape")
      }
      value = value << 4 | UInt32(digit)
      offset += 1
    }
    return value
  }
}
