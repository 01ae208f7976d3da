import AccessGraph
import ArgumentParser
import Foundation
import Importers
import PathFinder
import Synchronization

/// How results are printed.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text
  case json
}

extension InputFormat: ExpressibleByArgument {}

/// The inputs and the analysis settings every analysing command shares.
struct InputOptions: ParsableArguments {
  @Argument(
    help: ArgumentHelp(
      "Input files, folders (read recursively) or .zip archives.",
      discussion: "Formats, recognised by content: \(InputFormat.readable)."))
  var inputs: [String] = []

  @Option(name: .customLong("manifest"), help: "A kinds manifest (JSON) mapping other sources' kinds; repeatable.")
  var manifests: [String] = []

  @Option(
    help:
      "Evaluate at this time (RFC 3339): elements expiring at or before it do not exist, and IAM time conditions are decided at it. Default: now."
  )
  var at: String?

  @Option(
    name: .customLong("input-format"),
    help: "Read inputs as this format instead of detecting it (\(InputFormat.allCases.map(\.rawValue).joined(separator: ", "))).")
  var inputFormat: InputFormat = .auto

  @Flag(help: "Fail on dangling or ambiguous references and conflicting duplicates instead of skipping them.")
  var strict = false

  @Flag(name: .shortAndLong, help: "Do not print the load summary on standard error.")
  var quiet = false

  @Flag(name: .customLong("no-correlate"), help: "Do not link the same person or workload across sources by email.")
  var noCorrelate = false

  func validate() throws {
    if let at, Timestamp.parse(at) == nil {
      throw ValidationError("--at '\(at)' is not an RFC 3339 time (e.g. 2026-11-22T09:00:00Z)")
    }
  }

  /// The evaluation time.
  var evaluationTime: Date { at.flatMap(Timestamp.parse) ?? Date() }

  /// Loads the inputs and manifests and prints the load summary to standard error.
  func load() throws -> Analysis {
    if inputs.isEmpty { throw ValidationError("give at least one input file or folder") }
    let started = Date()
    var manifest = KindsManifest.builtIn
    for path in manifests {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw ImportError.unreadable(file: path, reason: "no such file or not readable")
      }
      manifest = manifest.merging(try KindsManifestReader.parse([UInt8](data), file: path))
    }
    var loader = InputLoader(
      format: inputFormat, strict: strict, correlate: !noCorrelate, progress: quiet ? nil : { Console.error($0 + "...") })
    loader.context.evaluationTime = evaluationTime
    let loaded = try loader.load(inputs)
    let view = TraversalView(graph: loaded.graph, manifest: manifest, at: evaluationTime)
    if !quiet {
      var lines: [String] = []
      if let compiled = loaded.compiled {
        lines.append("read the compiled graph \(inputs[0]), built from:")
        if compiled.evaluationTime != evaluationTime && loaded.sources.contains(where: { $0.format == .awsIAM }) {
          lines.append(
            "note: AWS time conditions were decided when it was compiled (\(Timestamp.format(compiled.evaluationTime))); compile again (with --at) to decide them at another time"
          )
        }
        if !compiled.correlated { lines.append("note: it was compiled with --no-correlate") }
      }
      lines += loaded.sources.map { source in
        source.records.map { "loaded \(source.file): \($0) policies, instances or functions (\(source.format))" }
          ?? "loaded \(source.file): \(source.nodes) nodes, \(source.edges) edges (\(source.format))"
      }
      for skipped in loaded.skippedFiles { lines.append("skipped \(skipped)") }
      lines.append("graph: \(loaded.report)")
      for (key, count) in loaded.correlated.sorted(by: { $0.key < $1.key }) {
        lines.append("correlated \(count) identit\(count == 1 ? "y" : "ies") across sources by \(key)")
      }
      let unmapped = KindCensus(view: view).unmappedEdgeEdges
      if unmapped > 0 {
        lines.append("\(unmapped) edges have kinds no manifest maps and are not traversed (see 'pathscan kinds')")
      }
      if view.unreadableExpiries > 0 {
        lines.append("\(view.unreadableExpiries) 'expires' values are not RFC 3339 times; those elements are treated as standing")
      }
      lines.append(String(format: "loaded in %.2f s", Date().timeIntervalSince(started)))
      Console.error(lines.joined(separator: "\n"))
    }
    return Analysis(view: view, loaded: loaded)
  }
}

/// `--max-depth`, which every command that searches paths takes, checked in one place.
struct DepthOptions: ParsableArguments {
  @Option(name: .customLong("max-depth"), help: "The most edges a path may have (1 to 64).")
  var maxDepth = 12

  func validate() throws {
    guard (1...64).contains(maxDepth) else { throw ValidationError("--max-depth must be between 1 and 64") }
  }
}

/// A loaded graph ready to query.
struct Analysis {
  let view: TraversalView
  /// The load the view was made from, with its report and sources.
  let loaded: InputLoader.Result

  var sources: [InputLoader.SourceSummary] { loaded.sources }
  var graph: AccessGraph { view.graph }

  /// The nodes `selector` picks, failing when it picks none.
  func select(_ selector: String, option: String) throws -> [AccessGraph.NodeIndex] {
    let nodes = try Selector.select(selector, in: view)
    if nodes.isEmpty {
      let why = (try? Selector(selector).unknownTerms(in: view)) ?? []
      throw SelectorError.matchesNothing(selector, option: option, why: why)
    }
    return nodes
  }
}

/// Writing to the standard streams, or to a capture when a test runs a command in-process.
enum Console {
  /// Collects what a command writes, so tests can run commands in parallel in one process.
  final class Capture: Sendable {
    private let buffer = Mutex<(out: String, err: String)>(("", ""))
    init() {}
    var out: String { buffer.withLock { $0.out } }
    var err: String { buffer.withLock { $0.err } }
    func append(out text: String) { buffer.withLock { $0.out += text } }
    func append(err text: String) { buffer.withLock { $0.err += text } }
  }

  @TaskLocal static var capture: Capture?

  /// Writes to standard output. A stream that refuses the text (a full disk, a closed pipe)
  /// ends the command with a message and exit status 1: nothing after it could be trusted.
  static func out(_ text: String, terminator: String = "\n") {
    if let capture {
      capture.append(out: text + terminator)
      return
    }
    do {
      try FileHandle.standardOutput.write(contentsOf: Data((text + terminator).utf8))
    } catch let failure {
      Console.error(OutputError.standardOutput(AtomicFile.reason(failure)).description)
      Foundation.exit(1)
    }
  }

  static func error(_ text: String) {
    if let capture {
      capture.append(err: text + "\n")
    } else {
      // Standard error failing leaves nowhere to report it.
      try? FileHandle.standardError.write(contentsOf: Data((text + "\n").utf8))
    }
  }
}
