import AccessGraph
import Foundation

/// A load saved by `pathscan compile`: the built graph in a `GraphFile`, with what loading
/// its inputs reported, so a command can start from it without parsing the exports again.
///
/// The metadata is a small JSON document inside the file (the sources, the build report, the
/// correlations and the settings the graph was built with); the graph itself is binary.
public enum CompiledGraph {
  /// How the graph was built, which a command reading it may need to know or to refuse.
  public struct Settings: Codable, Sendable, Equatable {
    /// Whether identities were linked across sources.
    public var correlated: Bool
    /// When IAM time conditions were decided (they are part of the built graph).
    public var evaluationTime: Date

    public init(correlated: Bool, evaluationTime: Date) {
      self.correlated = correlated
      self.evaluationTime = evaluationTime
    }
  }

  struct Metadata: Codable {
    var settings: Settings
    var sources: [InputLoader.SourceSummary]
    var report: BuildReport
    var correlated: [String: Int]
    var skippedFiles: [String]
  }

  /// The compiled file's bytes for a finished load.
  /// - Complexity: O(n + e + total property size).
  public static func bytes(of result: InputLoader.Result, settings: Settings) -> [UInt8] {
    let metadata = Metadata(
      settings: settings, sources: result.sources, report: result.report, correlated: result.correlated,
      skippedFiles: result.skippedFiles)
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = .sortedKeys
    // Encoding plain values of these types cannot fail.
    let json = try! encoder.encode(metadata)
    return GraphFile.bytes(of: result.graph, metadata: Array(json))
  }

  /// The load a compiled file holds, refused with an error naming `file` when it is not one
  /// this build can trust.
  /// - Complexity: O(n + e log d + total property size).
  static func read(_ bytes: UnsafeRawBufferPointer, file: String) throws -> InputLoader.Result {
    let decoded: (graph: AccessGraph, metadata: [UInt8])
    do {
      decoded = try GraphFile.read(bytes)
    } catch let error as GraphFileError {
      throw ImportError.unreadable(file: file, reason: error.description)
    }
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    let metadata: Metadata
    do {
      metadata = try decoder.decode(Metadata.self, from: Data(decoded.metadata))
    } catch {
      throw ImportError.unreadable(file: file, reason: "compiled graph's metadata is damaged (\(error)); compile it again")
    }
    var result = InputLoader.Result(
      graph: decoded.graph, report: metadata.report, sources: metadata.sources, correlated: metadata.correlated,
      skippedFiles: metadata.skippedFiles)
    result.compiled = metadata.settings
    return result
  }
}
