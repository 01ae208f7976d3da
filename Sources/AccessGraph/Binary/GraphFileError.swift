/// Why a compiled graph file (`.psg`) was refused.
///
/// A compiled file is trusted with nothing: every count, offset and index is checked before
/// it is used, so a damaged or foreign file is refused with one of these, never misread.
public enum GraphFileError: Error, CustomStringConvertible, Equatable {
  /// The file does not open with the compiled-graph signature.
  case notCompiled
  /// Written by another version of the format.
  case version(found: UInt32, expected: UInt32)
  /// Written on a machine of the other byte order.
  case byteOrder
  /// Shorter (or longer) than its header says: cut off while copying or writing.
  case length(found: Int, expected: UInt64)
  /// The bytes after the header do not add up to the checksum it records.
  case checksum
  /// A section runs past the end of the file.
  case truncated(section: String, offset: Int)
  /// A section holds something no compiled graph can (an index out of range, offsets that
  /// go backwards, text that is not UTF-8).
  case damaged(section: String, offset: Int, reason: String)

  public var description: String {
    switch self {
    case .notCompiled:
      "not a compiled pathscan graph (it lacks the PSGRAPH signature)"
    case .version(let found, let expected):
      "compiled graph format version \(found), but this pathscan reads version \(expected); compile it again with 'pathscan compile'"
    case .byteOrder:
      "compiled on a machine of the other byte order; compile it again on this one"
    case .length(let found, let expected):
      "compiled graph is \(found) bytes but its header says \(expected): the file was cut off or appended to; compile it again"
    case .checksum:
      "compiled graph's checksum does not match its contents: the file is damaged; compile it again"
    case .truncated(let section, let offset):
      "compiled graph's \(section) runs past the end of the file at byte \(offset)"
    case .damaged(let section, let offset, let reason):
      "compiled graph's \(section) at byte \(offset) is damaged: \(reason)"
    }
  }
}
