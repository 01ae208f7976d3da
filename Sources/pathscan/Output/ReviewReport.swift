import Crypto
import Foundation
import PathFinder
import Rendering

/// The access-review report: the scope of a scan, its counts, and each finding in risk order
/// with its diagram, its path step by step with evidence, why it matters, what to do, and a
/// decision box for the reviewer. One self-contained HTML file (inline SVG and CSS, nothing
/// fetched), or Markdown with the diagrams as SVG files beside it.
struct ReviewReport {
  struct Input {
    var file: String
    var sha256: String
  }

  var report: FindingReport
  var inputs: [Input]
  var top: Int
  var version: String
  /// Each shown finding's diagram as SVG text, by finding id.
  var diagrams: [String: String]

  var shown: ArraySlice<FindingReport.Item> { report.findings.prefix(top) }

  /// The SHA-256 of each input file, or of each file in an input folder.
  static func digests(_ paths: [String]) -> [Input] {
    paths.flatMap { path -> [Input] in
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [] }
      let files =
        isFolder.boolValue
        ? (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String }.sorted().map { path + "/" + $0 } ?? [])
        : [path]
      return files.compactMap { file in
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        return Input(file: file, sha256: SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())
      }
    }
  }

  /// The SVG of a finding's diagram, rendered by Graphviz, without its XML prologue so that
  /// it sits inline in HTML.
  static func svg(_ item: FindingReport.Item, in view: TraversalView, path: PrivilegePath) throws -> String {
    let diagram = Pathscan.Render.diagram([path], title: "\(item.id) \(item.title)", in: view)
    let text = String(decoding: try Renderer.render(dot: diagram.dot, as: .svg), as: UTF8.self)
    return text.range(of: "<svg").map { String(text[$0.lowerBound...]) } ?? text
  }

  // MARK: HTML

  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(c)
      }
    }
    return out
  }

  static let style = """
    body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:2rem auto;max-width:60rem;color:#111827;line-height:1.45;padding:0 1rem}
    h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2.2rem;border-top:1px solid #d1d5db;padding-top:1rem}
    table{border-collapse:collapse;margin:.6rem 0;font-size:.88rem;width:100%}th,td{border:1px solid #d1d5db;padding:.3rem .5rem;text-align:left;vertical-align:top}
    th{background:#f3f4f6}code{font-size:.85em;word-break:break-all}.muted{color:#6b7280}
    .sev{display:inline-block;padding:.05rem .5rem;border-radius:.6rem;font-size:.8rem;font-weight:600;color:#fff}
    .critical{background:#991b1b}.high{background:#c2410c}.medium{background:#a16207}.low{background:#4b5563}.info{background:#6b7280}
    .diagram{overflow-x:auto;border:1px solid #e5e7eb;padding:.5rem;margin:.6rem 0}.diagram svg{max-width:100%;height:auto}
    .decision{border:2px solid #374151;padding:.6rem 1rem;margin:.8rem 0}.decision span{margin-right:2rem}
    @media print{h2{break-before:page}.diagram{break-inside:avoid}}
    """

  var html: String {
    var out = ["<!DOCTYPE html>", "<html lang=\"en\"><head><meta charset=\"utf-8\">", "<title>pathscan access review</title>"]
    out.append("<style>\(Self.style)</style></head><body>")
    out.append("<h1>Access review: hidden privilege paths</h1>")
    out.append(
      "<p class=\"muted\">pathscan \(Self.escape(version)), evaluated at \(Self.escape(report.summary.evaluatedAt)); \(report.summary.nodes) nodes, \(report.summary.edges) edges.</p>"
    )
    out.append("<h2 id=\"scope\" style=\"break-before:auto\">Scope</h2><table><tr><th>input</th><th>SHA-256</th></tr>")
    for input in inputs {
      out.append("<tr><td><code>\(Self.escape(input.file))</code></td><td><code>\(input.sha256)</code></td></tr>")
    }
    out.append("</table>")
    out.append("<h2 style=\"break-before:auto\">Summary</h2>")
    out.append(
      "<p>\(Self.escape(FindingText.headline(report))), \(report.summary.exposures) exposures (rule, source, target, tier).</p>")
    out.append("<table><tr><th>severity</th><th>findings</th></tr>")
    for severity in Severity.allCases.reversed() {
      guard let count = report.summary.bySeverity[severity.description] else { continue }
      out.append("<tr><td><span class=\"sev \(severity)\">\(severity)</span></td><td>\(count)</td></tr>")
    }
    out.append("</table><table><tr><th>rule</th><th>findings</th></tr>")
    for rule in report.rules where rule.findings > 0 {
      out.append("<tr><td>\(Self.escape(rule.title)) <code>\(Self.escape(rule.id))</code></td><td>\(rule.findings)</td></tr>")
    }
    out.append("</table>")
    if report.findings.count > shown.count {
      out.append(
        "<p><strong>Showing the \(shown.count) highest-risk of \(report.findings.count) findings</strong>; \(report.findings.count - shown.count) more exist (raise <code>--top</code>).</p>"
      )
    }
    let rules = Dictionary(uniqueKeysWithValues: report.rules.map { ($0.id, $0) })
    for item in shown {
      out.append(
        "<h2 id=\"\(item.id)\">\(Self.escape(item.title)) <span class=\"sev \(item.severity)\">\(item.severity)</span></h2>")
      out.append("<p><code>\(item.id)</code> · rule <code>\(Self.escape(item.rule))</code></p>")
      out.append("<p>\(Self.escape(item.message)).</p>")
      if let risk = FindingText.risk(item, identities: report.summary.identities) {
        out.append("<p class=\"risk\">\(Self.escape(risk)).</p>")
      }
      if let svg = diagrams[item.id] { out.append("<div class=\"diagram\">\(svg)</div>") }
      out.append("<table><tr><th>step</th><th>edge</th><th>evidence</th><th>tier after</th></tr>")
      for (i, step) in item.steps.enumerated() {
        let evidence = PathEvidence.facts(step).map(Self.escape).joined(separator: "<br>")
        out.append(
          "<tr><td>\(i + 1)</td><td><code>\(Self.escape(step.from))</code> −[\(Self.escape(step.kind))]→ <code>\(Self.escape(step.to))</code></td><td>\(evidence)</td><td>\(step.tier)</td></tr>"
        )
      }
      out.append("</table>")
      if item.exposureCount > 1 {
        let others = item.exposures.dropFirst().map { "\(Self.escape($0.target)) at \($0.tier) (\($0.severity))" }
        let more = item.exposureCount - 1 - others.count
        out.append(
          "<p>Also reaches: \(others.joined(separator: "; "))\(more > 0 ? "; and \(more) more" : "").</p>")
      }
      if let rule = rules[item.rule] {
        out.append("<p><strong>Why it matters.</strong> \(Self.escape(rule.title)).")
        if !rule.frameworks.isEmpty { out.append(" Maps to \(Self.escape(rule.frameworks.joined(separator: "; "))).") }
        out.append("</p>")
        if !rule.remediation.isEmpty { out.append("<p><strong>Remediation.</strong> \(Self.escape(rule.remediation))</p>") }
      }
      out.append(
        "<div class=\"decision\"><strong>Decision</strong><br><span>☐ keep</span><span>☐ revoke</span><span>☐ accept until ____________</span><br>Reviewer: ____________________ Date: ____________</div>"
      )
    }
    out.append("</body></html>")
    return out.joined(separator: "\n") + "\n"
  }

  // MARK: Markdown

  /// Markdown, with each diagram as `<folder>/<id>.svg` beside it.
  func markdown(diagramFolder: String) -> String {
    var lines = [
      "# Access review: hidden privilege paths", "",
      "pathscan \(version), evaluated at \(report.summary.evaluatedAt); \(report.summary.nodes) nodes, \(report.summary.edges) edges.",
      "", "## Scope", "", "| input | SHA-256 |", "|---|---|",
    ]
    lines += inputs.map { "| `\($0.file)` | `\($0.sha256)` |" }
    lines += ["", "## Summary", "", FindingText.headline(report) + ", \(report.summary.exposures) exposures.", ""]
    if report.findings.count > shown.count {
      lines += ["Showing the \(shown.count) highest-risk of \(report.findings.count) findings.", ""]
    }
    let rules = Dictionary(uniqueKeysWithValues: report.rules.map { ($0.id, $0) })
    for item in shown {
      lines += ["## \(item.id): \(item.title) (\(item.severity))", "", item.message + ".", ""]
      if let risk = FindingText.risk(item, identities: report.summary.identities) { lines += ["_\(risk)._", ""] }
      if diagrams[item.id] != nil { lines += ["![diagram of \(item.id)](\(diagramFolder)/\(item.id).svg)", ""] }
      lines += ["| step | edge | evidence | tier after |", "|---|---|---|---|"]
      for (i, step) in item.steps.enumerated() {
        let evidence = PathEvidence.facts(step).joined(separator: "; ")
        lines.append(
          "| \(i + 1) | `\(step.from)` -[\(step.kind)]-> `\(step.to)` | \(evidence.replacingOccurrences(of: "|", with: "\\|")) | \(step.tier) |"
        )
      }
      if let rule = rules[item.rule] {
        lines += ["", "**Why it matters.** \(rule.title). Maps to \(rule.frameworks.joined(separator: "; "))."]
        if !rule.remediation.isEmpty { lines += ["", "**Remediation.** \(rule.remediation)"] }
      }
      lines += ["", "**Decision:** ☐ keep ☐ revoke ☐ accept until ________ · reviewer ________", ""]
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
