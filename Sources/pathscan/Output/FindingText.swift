import Foundation
import PathFinder

/// Findings for people: a terminal report grouped by severity, and Markdown for reviews.
enum FindingText {
  static func headline(_ report: FindingReport) -> String {
    let parts = Severity.allCases.reversed().compactMap { s in report.summary.bySeverity[s.description].map { "\($0) \(s)" } }
    let counts = parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    return
      "\(report.summary.findings) finding\(report.summary.findings == 1 ? "" : "s")\(counts) in \(report.summary.nodes) nodes, \(report.summary.edges) edges"
  }

  static func further(_ item: FindingReport.Item) -> String? {
    guard item.furtherPaths > 0 || item.furtherPathsCut else { return nil }
    return
      "\(item.furtherPaths)\(item.furtherPathsCut ? "+" : "") further path\(item.furtherPaths == 1 && !item.furtherPathsCut ? "" : "s")"
  }

  /// The finding's further exposures, each with its id (what `render --finding` and
  /// `diff` name), the first few of them.
  static func also(_ item: FindingReport.Item, shown: Int = 5) -> String? {
    let rest = item.exposures.dropFirst()
    guard !rest.isEmpty else { return nil }
    let listed = rest.prefix(shown).map { "\($0.target) at \($0.tier) (\($0.id), \($0.severity))" }
    let more = item.exposureCount - 1 - listed.count
    return listed.joined(separator: "; ") + (more > 0 ? "; and \(more) more" : "")
  }

  static func text(_ report: FindingReport) -> String {
    var lines = [headline(report)]
    if report.findings.count < report.summary.findings {
      lines.append("showing the \(report.findings.count) of highest risk")
    }
    for severity in Severity.allCases.reversed() {
      let items = report.findings.filter { $0.severity == severity.description }
      guard !items.isEmpty else { continue }
      lines.append("")
      lines.append("\(severity.description.uppercased()) (\(items.count))")
      for item in items {
        lines.append("  \(item.id)  \(item.rule): \(item.title)")
        lines.append("    \(item.message)")
        lines.append("    path: \(PathText.line(item.path))")
        lines += PathEvidence.lines(item.steps).map { "      " + $0 }
        if let further = further(item) { lines.append("    \(further)") }
        if let also = also(item) { lines.append("    also: \(also)") }
        if let risk = risk(item, identities: report.summary.identities) { lines.append("    \(risk)") }
      }
    }
    if let exposed = report.summary.mostExposed, !exposed.isEmpty, let total = report.summary.identities {
      lines += ["", "MOST EXPOSED SENSITIVE TARGETS (identities reaching each at act or above, of \(total))"]
      for t in exposed {
        lines.append(
          "  \(t.id)\(t.sensitivity.map { " (\($0))" } ?? ""): \(t.act.identities) (\(percent(t.act.share))\(categories(t.act))), \(t.admin.identities) at admin"
        )
      }
    }
    if report.chokePointsLeftOut {
      lines += [
        "",
        "Choke points left out for \(report.summary.findings) findings (each verification re-scans many sources): add --choke-points 5, or run 'pathscan chokepoints' with --budget",
      ]
    }
    if let cuts = report.chokePoints {
      lines += [
        "", "TOP CHOKE POINTS (of the findings' first exposures; each count verified by re-analysing the graph without the edge)",
      ]
      if cuts.isEmpty { lines.append("  no single grant removes any finding's first exposure") }
      for (i, c) in cuts.enumerated() { lines.append("  \(i + 1). \(c.edge)  removes \(c.removes) of \(c.of)") }
    }
    return lines.joined(separator: "\n")
  }

  /// `risk 87: 3 of 9 identities (33%) reach it at admin; the source reaches 2 sensitive
  /// targets at act or above (weighted 6)`.
  static func risk(_ item: FindingReport.Item, identities: Int?) -> String? {
    guard let risk = item.risk, let exposure = item.exposure, let impact = item.impact, let identities else { return nil }
    return
      "risk \(risk.score): \(exposure.identities) of \(identities) identities (\(percent(exposure.share))) reach \(item.target) at \(item.tier); \(item.source) reaches \(impact.targets) sensitive target\(impact.targets == 1 ? "" : "s") at act or above (weighted \(impact.weighted))"
  }

  static func percent(_ share: Double) -> String {
    share >= 0.1 || share == 0 ? String(format: "%.0f%%", share * 100) : String(format: "%.2g%%", share * 100)
  }

  private static func categories(_ exposure: FindingReport.TargetExposure) -> String {
    let parts = ExposureImpact.identityCategories.compactMap { c in exposure.byCategory["\(c)"].map { "\($0) \(c)" } }
    return parts.isEmpty ? "" : ": " + parts.joined(separator: ", ")
  }

  static func markdown(_ report: FindingReport) -> String {
    var lines = ["# pathscan findings", "", headline(report) + ", evaluated at \(report.summary.evaluatedAt).", ""]
    if report.findings.isEmpty { return (lines + ["No findings."]).joined(separator: "\n") + "\n" }
    lines += ["| id | severity | rule | source | target | tier |", "|---|---|---|---|---|---|"]
    for item in report.findings {
      lines.append(
        "| `\(item.id)` | \(item.severity) | \(item.rule) | `\(escape(item.source))` | `\(escape(item.target))` | \(item.tier) |")
    }
    let rules = Dictionary(uniqueKeysWithValues: report.rules.map { ($0.id, $0) })
    for item in report.findings {
      lines += ["", "## \(item.id): \(item.title)", "", "**\(item.severity)**. \(escape(item.message)).", ""]
      lines.append("```")
      lines.append(PathText.line(item.path))
      lines.append("```")
      let evidence = PathEvidence.lines(item.steps)
      if !evidence.isEmpty { lines += ["", "Evidence:", ""] + evidence.map { "- " + escape($0) } }
      if let further = further(item) { lines += ["", further + "."] }
      if let also = also(item, shown: 20) { lines += ["", "Also reaches: " + escape(also) + "."] }
      if let rule = rules[item.rule] {
        if !rule.remediation.isEmpty { lines += ["", "Remediation: \(rule.remediation)"] }
        if !rule.frameworks.isEmpty { lines += ["", "Maps to: " + rule.frameworks.joined(separator: "; ") + "."] }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private static func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}
