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

  @Test("domains are boxed when paths cross them one way, and not when a path comes back (Graphviz crashed on those)")
  func domainBoxes() throws {
    var oneWay = Diagram(title: "one way")
    oneWay.add(.init(id: "a", label: "A", category: "human", domain: "support"))
    oneWay.add(.init(id: "k", label: "K", category: "credential"))
    oneWay.add(.init(id: "b", label: "B", category: "resource", domain: "iam"))
    oneWay.add(.init(from: "a", to: "k", label: "HasCredential", tier: "admin"))
    oneWay.add(.init(from: "k", to: "b", label: "CanAdmin", tier: "admin"))
    #expect(!oneWay.crossesDomainsBothWays)
    #expect(oneWay.dot.contains("label=\"domain: iam\"") && oneWay.dot.contains("label=\"domain: support\""))
    _ = try Renderer.render(dot: oneWay.dot, as: .svg)

    var back = Diagram(title: "there and back")
    let hops = ["support", "iam", "support", "secops", "iam", "support"]
    for (i, domain) in hops.enumerated() {
      back.add(.init(id: "n\(i)", label: "N\(i)", category: "group", domain: domain))
      if i > 0 { back.add(.init(from: "n\(i - 1)", to: "n\(i)", label: "MemberOf", tier: "admin")) }
    }
    #expect(back.crossesDomainsBothWays)
    #expect(!back.dot.contains("cluster_domain"))
    let svg = try Renderer.render(dot: back.dot, as: .svg)
    #expect(String(decoding: svg, as: UTF8.self).contains("N5"))
  }
}
