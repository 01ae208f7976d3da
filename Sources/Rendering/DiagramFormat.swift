/// The files `render` writes.
public enum DiagramFormat: String, Sendable, CaseIterable {
  case svg, png, pdf, dot

  /// The format a file name's ending asks for.
  /// - Throws: `RenderError.unknownFormat` for any other ending.
  public init(fileName: String) throws(RenderError) {
    guard let dot = fileName.lastIndex(of: "."),
      let format = DiagramFormat(rawValue: fileName[fileName.index(after: dot)...].lowercased())
    else { throw RenderError.unknownFormat(fileName) }
    self = format
  }
}
