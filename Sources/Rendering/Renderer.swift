/// Renders DOT text with Graphviz, in-process.
public enum Renderer {
  /// The bytes of `dot` laid out and rendered as `format` (`.dot` returns the text itself).
  /// - Throws: `RenderError` when the text does not parse or Graphviz fails.
  /// - Complexity: Graphviz's layout, roughly O(n²) in the diagram's nodes; diagrams are small.
  public static func render(dot: String, as format: DiagramFormat) throws(RenderError) -> [UInt8] {
    if format == .dot { return Array(dot.utf8) }
    return try GraphvizCalls.render(dot: dot, format: format.rawValue)
  }
}
