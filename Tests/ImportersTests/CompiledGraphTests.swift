import AccessGraph
import Foundation
import Importers
import TestSupport
import Testing

@Suite("Loading a compiled graph")
struct CompiledGraphTests {
  let scratch: TemporaryDirectory
  init() throws { scratch = try TemporaryDirectory("pathscan-compiled") }

  static let at = Date(timeIntervalSince1970: 1_796_000_000)

  /// `result` compiled into a file in the scratch folder.
  func compile(_ result: InputLoader.Result, correlated: Bool = true, as name: String = "graph.psg") throws -> String {
    let bytes = CompiledGraph.bytes(of: result, settings: .init(correlated: correlated, evaluationTime: Self.at))
    return try scratch.write(name, Data(bytes))
  }

  @Test("every fixture compiled and read back gives the load it was compiled from")
  func fixturesRoundTrip() throws {
    var loader = InputLoader()
    loader.context.evaluationTime = Self.at
    let direct = try loader.load([Fixtures.path("")])
    let read = try loader.load([try compile(direct)])
    #expect(read.graph == direct.graph)
    for n in 0..<direct.graph.nodeCount { #expect(read.graph.origin(of: n) == direct.graph.origin(of: n)) }
    for e in 0..<direct.graph.edgeCount { #expect(read.graph.origin(ofEdge: e) == direct.graph.origin(ofEdge: e)) }
    #expect(read.sources == direct.sources)
    #expect(read.report.description == direct.report.description)
    #expect(read.report.counts == direct.report.counts)
    #expect(read.correlated == direct.correlated && direct.correlated["email"] == 3)
    #expect(read.skippedFiles == direct.skippedFiles)
    #expect(read.compiled == CompiledGraph.Settings(correlated: true, evaluationTime: Self.at))
    #expect(direct.compiled == nil)
    #expect(Set(direct.sources.map(\.format)).isSuperset(of: [.awsIAM, .opengraph, .entraGraph, .okta, .gcpIAM]))
  }

  @Test("a compiled graph is read on its own, never beside other inputs")
  func mixingRefused() throws {
    let example = Fixtures.project("examples/support-escalation.json")
    let file = try compile(try InputLoader().load([example]))
    #expect(
      throws: ImportError.unsupportedFormat(
        file: file,
        message: "a compiled graph is read on its own; give it as the only input, or compile it together with the other inputs")
    ) {
      try InputLoader().load([example, file])
    }
  }

  @Test("--strict refuses a compiled graph whose load skipped records, as it refuses the exports")
  func strictHolds() throws {
    let fixture = Fixtures.path("bloodhound-opengraph/githound_sample_O_kgDOCoV2OQ.json")
    let file = try compile(try InputLoader().load([fixture]))
    #expect(try !InputLoader().load([file]).report.isClean)
    #expect(throws: GraphBuildError.self) { try InputLoader(strict: true).load([file]) }
    #expect(throws: GraphBuildError.self) { try InputLoader(strict: true).load([fixture]) }
  }

  @Test("a graph compiled with identities linked is refused by a load that asks for none; the reverse is read")
  func correlationSetting() throws {
    let example = Fixtures.project("examples/support-escalation.json")
    let linked = try compile(try InputLoader().load([example]), as: "linked.psg")
    #expect(throws: ImportError.self) { try InputLoader(correlate: false).load([linked]) }
    let separate = try compile(try InputLoader(correlate: false).load([example]), correlated: false, as: "separate.psg")
    #expect(try InputLoader().load([separate]).compiled?.correlated == false)
  }

  @Test("a damaged compiled file is refused with its name and what to do")
  func damagedRefused() throws {
    let file = try compile(try InputLoader().load([Fixtures.project("examples/support-escalation.json")]))
    var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
    bytes[bytes.count - 3] ^= 1
    try bytes.write(to: URL(fileURLWithPath: file))
    #expect(throws: ImportError.unreadable(file: file, reason: GraphFileError.checksum.description)) {
      try InputLoader().load([file])
    }
    #expect(GraphFileError.checksum.description.hasSuffix("compile it again"))
  }
}
