import CGraphviz
import Foundation
import Synchronization

/// The only code that calls Graphviz's C functions.
///
/// Graphviz keeps global state and is not thread-safe (two renders at once crash), so every
/// call runs under one process-wide lock. Each C object is created and freed inside one
/// call here: nothing with a C type escapes.
enum GraphvizCalls {
  private static let lock = Mutex<Void>(())

  /// Lays out `dot` with the `dot` engine and renders it in `format`.
  static func render(dot: String, format: String) throws(RenderError) -> [UInt8] {
    try lock.withLock { _ throws(RenderError) -> [UInt8] in
      // Keep Graphviz's messages for the error instead of letting it print them.
      _ = agseterr(AGMAX)
      guard let context = gvContext() else { throw RenderError.graphviz("cannot create a Graphviz context") }
      defer { gvFreeContext(context) }
      guard let graph = dot.withCString({ agmemread($0) }) else {
        throw RenderError.invalidDOT(lastError() ?? "Graphviz could not parse the graph")
      }
      defer { agclose(graph) }
      guard gvLayout(context, graph, "dot") == 0 else {
        throw RenderError.graphviz(lastError() ?? "layout failed")
      }
      defer { gvFreeLayout(context, graph) }
      var data: UnsafeMutablePointer<CChar>?
      var length: UInt32 = 0
      guard gvRenderData(context, graph, format, &data, &length) == 0, let data else {
        throw RenderError.graphviz(lastError() ?? "rendering as \(format) failed (is the Graphviz plugin for it installed?)")
      }
      defer { gvFreeRenderData(data) }
      return data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
        Array(UnsafeBufferPointer(start: $0, count: Int(length)))
      }
    }
  }

  private static func lastError() -> String? {
    guard let text = aglasterr() else { return nil }
    defer { free(text) }
    let message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
    return message.isEmpty ? nil : message
  }
}
