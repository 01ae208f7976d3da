import AccessGraph
import Foundation
import ZIPFoundation

/// Loads any mix of files, folders and `.zip` archives into one graph.
///
/// Folders are read recursively in name order; archives contribute their `.json` entries.
/// A file that cannot be read or parsed stops the load with an `ImportError` naming it, so
/// a half-built graph is never used.
public struct InputLoader {
  /// What one input file contributed.
  public struct SourceSummary: Sendable, Equatable, Codable {
    public var file: String
    public var format: InputFormat
    public var nodes: Int
    public var edges: Int
    /// For inputs that add no nodes of their own (AWS SCPs, resource policies, inventories):
    /// the policies, instances and functions they held.
    public var records: Int?

    public init(file: String, format: InputFormat, nodes: Int, edges: Int) {
      self.file = file
      self.format = format
      self.nodes = nodes
      self.edges = edges
    }
  }

  /// The loaded graph, what building it reported, a line for each source, and how many
  /// identities were linked across sources, by the property that matched.
  public struct Result: Sendable {
    public var graph: AccessGraph
    public var report: BuildReport
    public var sources: [SourceSummary]
    public var correlated: [String: Int] = [:]
    /// Files found in folders that are JSON of no format pathscan reads, with why.
    public var skippedFiles: [String] = []
    /// For a load from a compiled graph file, how that graph was built.
    public var compiled: CompiledGraph.Settings?
  }

  /// Properties that identify the same person or workload across sources.
  public static let correlationKeys = ["email", "appId"]

  /// The file endings read when walking a folder or an archive.
  public static let readableExtensions: Set<String> = ["json", "yaml", "yml", "toml"]

  public var format: InputFormat
  public var strict: Bool
  /// Whether to link identities across sources (see `GraphBuilder.correlate(on:)`).
  public var correlate: Bool

  /// Told what the load is doing when a file is big enough to take a while: one line
  /// before each such file and one before building the graph.
  public var progress: ((String) -> Void)?

  /// What importers may depend on beyond the files: the evaluation time.
  public var context = ImportContext()

  /// Files from this size on (bytes) are announced to `progress`.
  public var progressThreshold = 32 << 20

  public init(format: InputFormat = .auto, strict: Bool = false, correlate: Bool = true, progress: ((String) -> Void)? = nil) {
    self.format = format
    self.strict = strict
    self.correlate = correlate
    self.progress = progress
  }

  /// Loads every input and builds the graph.
  /// - Complexity: O(total input size + e log d).
  public func load(_ paths: [String]) throws -> Result {
    if let compiled = try Self.compiledInput(paths) { return try loadCompiled(compiled) }
    var builder = GraphBuilder()
    var sources: [SourceSummary] = []
    var announced = false
    var skipped: [String] = []
    let batch = AWSBatch(context.aws)
    for path in paths {
      let named = !Self.isFolder(path)
      for file in try Self.expand(path) {
        if file.hasSuffix(".zip") {
          try loadArchive(file, into: &builder, sources: &sources, batch: batch)
        } else {
          let data = try Self.readData(file)
          if data.count >= progressThreshold {
            progress?("reading \(file) (\(data.count >> 20) MB)")
            announced = true
          }
          do {
            let summary = try data.withUnsafeBytes { raw in
              try loadDocument(raw.bindMemory(to: UInt8.self), named: file, into: &builder, batch: batch)
            }
            if let summary { sources.append(summary) }
          } catch let error as ImportError {
            // A folder is a set of candidate files: one that is no format pathscan reads (a
            // schema beside the data) is listed, not fatal, unless the load is strict or the
            // file was named on its own.
            guard case .unrecognised = error, !named, !strict else { throw error }
            skipped.append(error.description)
          }
        }
      }
    }
    // AWS dumps last, so every SCP, resource policy and inventory given takes part in them.
    var withResources = self
    withResources.context.aws = batch.inputs
    for (file, bytes) in batch.dumps {
      sources.append(try withResources.loadDocument(bytes, named: file, into: &builder))
    }
    if announced { progress?("building the graph") }
    TierZero.mark(&builder)
    let correlated = correlate ? try builder.correlate(on: Self.correlationKeys) : [:]
    let (graph, report) = try builder.build(strict: strict)
    return Result(graph: graph, report: report, sources: sources, correlated: correlated, skippedFiles: skipped)
  }

  /// The compiled graph file among `paths`, which must then be the only input: a built graph
  /// cannot take more sources (they would be correlated and resolved against it differently).
  static func compiledInput(_ paths: [String]) throws -> String? {
    let compiled = paths.filter { path in
      guard !isFolder(path), let handle = FileHandle(forReadingAtPath: path) else { return false }
      defer { try? handle.close() }
      let head = (try? handle.read(upToCount: GraphFile.headerSize)) ?? Data()
      return head.withUnsafeBytes(GraphFile.isCompiled)
    }
    guard let first = compiled.first else { return nil }
    guard paths.count == 1 else {
      throw ImportError.unsupportedFormat(
        file: first,
        message: "a compiled graph is read on its own; give it as the only input, or compile it together with the other inputs")
    }
    return first
  }

  /// Reads a compiled graph file, holding it to this load's settings.
  func loadCompiled(_ file: String) throws -> Result {
    let data = try Self.readData(file)
    if data.count >= progressThreshold { progress?("reading \(file) (\(data.count >> 20) MB)") }
    let result = try data.withUnsafeBytes { try CompiledGraph.read($0, file: file) }
    if !correlate && result.compiled?.correlated == true {
      throw ImportError.unsupportedFormat(
        file: file, message: "compiled with identities linked across sources; compile it again with --no-correlate")
    }
    if strict && !result.report.isClean { throw GraphBuildError.strict(result.report) }
    return result
  }

  /// Parses one document already in memory into `builder`.
  public func loadDocument(_ bytes: [UInt8], named file: String, into builder: inout GraphBuilder) throws -> SourceSummary {
    try bytes.withUnsafeBufferPointer { try loadDocument($0, named: file, into: &builder, batch: nil)! }
  }

  /// AWS exports gathered during a load: the inputs beside the dumps, and the dumps, which
  /// are read once all of those are known (so they are the one format copied out of its
  /// mapped file, which is unmapped before they are read).
  final class AWSBatch {
    var inputs: AWSResourceInputs
    var dumps: [(file: String, bytes: [UInt8])] = []

    init(_ inputs: AWSResourceInputs) { self.inputs = inputs }
  }

  /// Parses one document from bytes the caller owns (a mapped file) into `builder`; with a
  /// batch, an AWS dump waits in it (nil is returned) and AWS resource inputs join it.
  func loadDocument(
    _ bytes: UnsafeBufferPointer<UInt8>, named file: String, into builder: inout GraphBuilder, batch: AWSBatch? = nil
  ) throws -> SourceSummary? {
    guard !bytes.isEmpty else { throw ImportError.unsupportedFormat(file: file, message: "file is empty") }
    if bytes.prefix(512).contains(0) && !bytes.starts(with: [0xFF, 0xFE]) && !bytes.starts(with: [0xFE, 0xFF]) {
      throw ImportError.unsupportedFormat(file: file, message: "binary file (it holds NUL bytes), not JSON")
    }
    let chosen = format == .auto ? try InputFormat.detect(bytes, file: file) : format
    let counts: (nodes: Int, edges: Int)
    if chosen == .awsIAM, let batch {
      batch.dumps.append((file, Array(bytes)))
      return nil
    }
    if chosen == .awsResources {
      var inputs = batch?.inputs ?? context.aws
      let read = try located(in: bytes) { try inputs.read(bytes, file: file) }
      batch?.inputs = inputs
      var summary = SourceSummary(file: file, format: chosen, nodes: 0, edges: 0)
      summary.records = read
      return summary
    }
    if let importer = chosen.importer {
      counts = try located(in: bytes) { try importer.read(bytes, file: file, context: context, into: &builder) }
    } else {
      // OpenGraph streams from the mapped bytes; the other formats read a parsed document.
      let read = try JSONReader.read(buffer: bytes, file: file) { reader in try OpenGraphReader.read(&reader, into: &builder) }
      counts = (read.nodes, read.edges)
    }
    return SourceSummary(file: file, format: chosen == .auto ? .opengraph : chosen, nodes: counts.nodes, edges: counts.edges)
  }

  /// What `body` returns, with an error about a record of the parsed `document` given the
  /// record's line and column.
  private func located<R>(in document: UnsafeBufferPointer<UInt8>, _ body: () throws -> R) throws -> R {
    do {
      return try body()
    } catch let error as ImportError {
      throw error.located(in: document)
    }
  }

  private func loadArchive(
    _ file: String, into builder: inout GraphBuilder, sources: inout [SourceSummary], batch: AWSBatch
  ) throws {
    let archive: Archive
    do {
      archive = try Archive(url: URL(fileURLWithPath: file), accessMode: .read)
    } catch {
      throw ImportError.unreadable(file: file, reason: "not a readable zip archive (\(error))")
    }
    let entries = archive.filter {
      $0.type == .file && Self.readableExtensions.contains(($0.path as NSString).pathExtension.lowercased())
    }
    .sorted { $0.path < $1.path }
    if entries.isEmpty { throw ImportError.unsupportedFormat(file: file, message: "zip archive holds no .json files") }
    var total = 0
    for entry in entries {
      let name = "\(file)!\(entry.path)"
      var data = Data()
      let compressed = max(Int(entry.compressedSize), 1)
      // Counted as it expands, whatever the header claims: a member past a limit stops there.
      struct TooLarge: Error { var reason: String }
      let checksum: CRC32
      do {
        checksum = try archive.extract(entry, skipCRC32: false) { chunk in
          data.append(chunk)
          if let reason = Self.archiveLimit(expanded: data.count, compressed: compressed, total: total + data.count) {
            throw TooLarge(reason: reason)
          }
        }
      } catch let error as TooLarge {
        throw ImportError.unreadable(file: name, reason: "refused to extract: \(error.reason) (a zip bomb?)")
      } catch {
        throw ImportError.unreadable(file: name, reason: "cannot extract (\(error))")
      }
      guard checksum == entry.checksum else {
        throw ImportError.unreadable(
          file: name, reason: "the member's CRC-32 is \(hex(checksum)) but the archive says \(hex(entry.checksum)): it is damaged"
        )
      }
      total += data.count
      let summary = try [UInt8](data).withUnsafeBufferPointer {
        try loadDocument($0, named: name, into: &builder, batch: batch)
      }
      if let summary { sources.append(summary) }
    }
  }

  /// What an archive may expand to: each member at most `memberLimit` bytes, all at most
  /// `archiveLimit`, and a member past 64 MiB at most `ratioLimit` times its compressed size
  /// (JSON compresses about 10 to 20 times; a bomb of blanks a thousand times).
  static let memberLimit = 1 << 30
  static let archiveLimit = 4 << 30
  static let ratioLimit = 200

  /// Why an archive has grown past a limit, or nil.
  static func archiveLimit(expanded: Int, compressed: Int, total: Int) -> String? {
    if expanded > memberLimit { return "a member expands past \(memberLimit >> 20) MiB" }
    if total > archiveLimit { return "the archive expands past \(archiveLimit >> 20) MiB" }
    if expanded > 64 << 20 && expanded / compressed > ratioLimit {
      return "a member expands more than \(ratioLimit) times its compressed size"
    }
    return nil
  }

  /// The files a path stands for: itself, or the readable files below a folder, in name order.
  static func isFolder(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
  }

  static func expand(_ path: String) throws -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ImportError.unreadable(file: path, reason: "no such file or folder")
    }
    guard isDirectory.boolValue else { return [path] }
    guard let walker = FileManager.default.enumerator(atPath: path) else {
      throw ImportError.unreadable(file: path, reason: "cannot list the folder")
    }
    var files: [String] = []
    while let relative = walker.nextObject() as? String {
      let ext = (relative as NSString).pathExtension.lowercased()
      if readableExtensions.contains(ext) || ext == "zip" { files.append((path as NSString).appendingPathComponent(relative)) }
    }
    if files.isEmpty { throw ImportError.unreadable(file: path, reason: "the folder holds no .json, .yaml, .toml or .zip files") }
    return files.sorted()
  }

  /// The file's bytes, memory-mapped so a large export is not copied.
  static func readData(_ file: String) throws -> Data {
    guard FileManager.default.isReadableFile(atPath: file) else {
      throw ImportError.unreadable(file: file, reason: "permission denied or not a regular file")
    }
    do {
      return try Data(contentsOf: URL(fileURLWithPath: file), options: .alwaysMapped)
    } catch {
      throw ImportError.unreadable(file: file, reason: error.localizedDescription)
    }
  }
}

private func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
