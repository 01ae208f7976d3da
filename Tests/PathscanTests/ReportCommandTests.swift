import Foundation
import TestSupport
import Testing

@testable import pathscan

@Suite("pathscan report")
struct ReportCommandTests {
  let example = CommandRunner.example
  let at = ["--at", "2026-11-22T00:00:00Z", "-q"]

  let scratch: TemporaryDirectory
  init() throws { scratch = try TemporaryDirectory("pathscan-report") }

  func temporary(_ name: String) -> URL { scratch.url.appendingPathComponent(name) }

  /// The report's findings, cut at each heading: (id, the HTML of that finding).
  func sections(_ html: String) -> [(String, String)] {
    html.components(separatedBy: "<h2 id=\"PS-").dropFirst().map { part in
      (String("PS-" + part.prefix(12)), part)
    }
  }

  @Test("one self-contained HTML file: every finding's path nodes and only its edges in its diagram, evidence, a decision box")
  func html() throws {
    let file = temporary("review.html")
    defer { try? FileManager.default.removeItem(at: file) }
    let result = CommandRunner.run(["report", example, "-o", file.path] + at)
    #expect(result.status == 0, "\(result.err)")
    let html = try String(contentsOf: file, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    for forbidden in ["<script", "<link", "src=\"http", "href=\"http", "@import", "url("] {
      #expect(!html.contains(forbidden), "\(forbidden)")
    }
    let scan = CommandRunner.run(["scan", example, "--format", "json"] + at)
    let findings = (try JSONSerialization.jsonObject(with: Data(scan.out.utf8)) as! [String: Any])["findings"] as! [[String: Any]]
    let parts = sections(html)
    #expect(parts.map(\.0) == findings.map { $0["id"] as! String })
    for ((id, part), finding) in zip(parts, findings) {
      let nodes = finding["nodes"] as! [String]
      let svg = try #require(part.range(of: "<svg").map { String(part[$0.lowerBound...].prefix { _ in true }) })
      let diagram = String(svg[..<(svg.range(of: "</svg>")?.upperBound ?? svg.endIndex)])
      for node in nodes {
        let escaped = node.replacingOccurrences(of: "-", with: "&#45;")
        #expect(diagram.contains("xlink:title=\"\(escaped)\""), "\(id): \(node)")
      }
      // The diagram draws the path's edges and no other.
      #expect(diagram.components(separatedBy: "class=\"edge\"").count - 1 == nodes.count - 1, "\(id)")
      #expect(part.contains("<div class=\"decision\">"))
      #expect(part.contains("<th>tier after</th>"))
    }
    #expect(html.contains("examples/support-escalation.json:46"))
    #expect(html.contains("<td><code>\(example)</code></td>"))
  }

  @Test("--top bounds the findings shown and says how many more exist; markdown links SVG files beside it")
  func topAndMarkdown() throws {
    let file = temporary("review.md")
    let folder = file.deletingPathExtension().path + "-diagrams"
    defer {
      try? FileManager.default.removeItem(at: file)
      try? FileManager.default.removeItem(atPath: folder)
    }
    let result = CommandRunner.run(["report", example, "--format", "markdown", "--top", "3", "-o", file.path] + at)
    #expect(result.status == 0, "\(result.err)")
    let text = try String(contentsOf: file, encoding: .utf8)
    #expect(text.contains("Showing the 3 highest-risk of 32 findings."))
    let svgs = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".svg") }
    #expect(svgs.count == 3)
    for svg in svgs { #expect(text.contains("(\((folder as NSString).lastPathComponent)/\(svg))")) }
  }

  @Test("an unwritable output is a message and exit 1")
  func unwritable() {
    let result = CommandRunner.run(["report", example, "-o", "/nonexistent-folder/review.html"] + at)
    #expect(result.status == 1)
    #expect(result.err.contains("/nonexistent-folder/review.html: cannot write"))
  }

  @Test("headless Chromium renders the report: a screenshot with content, and a DOM that references nothing outside it")
  func browser() throws {
    let installed = ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].first {
      FileManager.default.isExecutableFile(atPath: $0)
    }
    let binary = try #require(installed, "install chromium-headless-shell (scripts/setup.sh does)")
    let file = temporary("review.html")
    let shot = temporary("review.png")
    defer {
      try? FileManager.default.removeItem(at: file)
      try? FileManager.default.removeItem(at: shot)
    }
    #expect(CommandRunner.run(["report", example, "-o", file.path] + at).status == 0)
    func browse(_ arguments: [String]) throws -> String {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: binary)
      process.arguments = ["--no-sandbox", "--disable-gpu", "--no-first-run"] + arguments + [file.absoluteString]
      let out = Pipe()
      process.standardOutput = out
      process.standardError = FileHandle(forWritingAtPath: "/dev/null")
      try process.run()
      let data = out.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return String(decoding: data, as: UTF8.self)
    }
    _ = try browse(["--screenshot=\(shot.path)", "--window-size=1200,1600"])
    let png = try Data(contentsOf: shot)
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    // A blank page of this size compresses to a few kilobytes; the report's is far larger.
    #expect(png.count > 50_000)
    let dom = try browse(["--dump-dom"])
    #expect(dom.contains("Access review: hidden privilege paths"))
    let references = dom.components(separatedBy: CharacterSet.whitespacesAndNewlines).filter {
      $0.hasPrefix("src=") || $0.hasPrefix("href=")
    }
    #expect(references.allSatisfy { $0.hasPrefix("href=\"#") }, "\(references.prefix(5))")
  }
}
