/// Why a diagram could not be rendered.
public enum RenderError: Error, CustomStringConvertible, Equatable {
  /// The DOT text did not parse.
  case invalidDOT(String)
  /// Graphviz failed to lay out or render the graph.
  case graphviz(String)
  /// The output file name does not say which format to write.
  case unknownFormat(String)

  public var description: String {
    switch self {
    case .invalidDOT(let message): "the diagram's DOT text is invalid: \(message)"
    case .graphviz(let message): "Graphviz failed: \(message)"
    case .unknownFormat(let name): "cannot tell the diagram format from '\(name)'; use a name ending in .svg, .png, .pdf or .dot"
    }
  }
}
