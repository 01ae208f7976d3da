import Foundation
import Rendering
import Testing

@Suite("Rendering with Graphviz")
struct RendererTests {
  static var diagram: Diagram {
    var d = Diagram(title: "alice to \"idp\"")
    d.add(.init(id: "alice", label: "Alice", category: "human", emphasised: true))
    d.add(.init(id: "bot", label: "Support bot", category: "agent"))
    d.add(.init(id: "idp", label: "IdP", category: "resource", emphasised: true))
    d.add(.init(from: "alice", to: "bot", label: "CanInvoke", tier: "admin"))
    d.add(.init(from: "bot", to: "idp", label: "CanAdmin", tier: "admin", gated: true, justInTime: true))
    d.add(.init(from: "bot", to: "idp", label: "CanAdmin", tier: "admin"))
    return d
  }

  @Test("DOT text escapes labels and styles nodes and edges")
  func dot() {
    let dot = Self.diagram.dot
    #expect(dot.contains("label=\"alice to \\\"idp\\\"\""))
    #expect(dot.contains("n1 [label=\"Support bot\\nagent\", shape=hexagon"))
    #expect(dot.contains("n1 -> n2 [label=\"CanAdmin (approval)\", color=\"#b91c1c\", fontcolor=\"#b91c1c\", style=dashed];"))
    #expect(Self.diagram.edges.count == 2)
    #expect(dot.components(separatedBy: "penwidth=2.5").count == 3)
  }

  @Test("SVG, PNG and PDF come out of libgvc in-process", arguments: [DiagramFormat.svg, .png, .pdf])
  func formats(format: DiagramFormat) throws {
    let bytes = try Renderer.render(dot: Self.diagram.dot, as: format)
    switch format {
    case .svg:
      #expect(
        String(decoding: bytes, as: UTF8.self).contains("<svg") && String(decoding: bytes, as: UTF8.self).contains("Support bot"))
    case .png: #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    case .pdf: #expect(bytes.starts(with: Array("%PDF".utf8)))
    case .dot: break
    }
  }

  @Test("renders from many tasks at once without crashing (Graphviz is serialised)")
  func concurrent() async throws {
    try await withThrowingTaskGroup(of: Int.self) { group in
      for _ in 0..<16 { group.addTask { try Renderer.render(dot: Self.diagram.dot, as: .svg).count } }
      for try await size in group { #expect(size > 1000) }
    }
  }

  @Test("invalid DOT is an error with Graphviz's message, not a crash")
  func invalid() {
    #expect {
      try Renderer.render(dot: "digraph { a -> }", as: .svg)
    } throws: { error in
      guard case RenderError.invalidDOT(let message) = error else { return false }
      return message.contains("syntax error")
    }
  }

  @Test("the format comes from the file name")
  func fileNames() throws {
    #expect(try DiagramFormat(fileName: "out/finding.SVG") == .svg)
    #expect(try DiagramFormat(fileName: "a.b.pdf") == .pdf)
    #expect(throws: RenderError.unknownFormat("diagram.jpeg")) { try DiagramFormat(fileName: "diagram.jpeg") }
  }
}
