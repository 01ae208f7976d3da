import ArgumentParser
import Foundation
import Importers

extension Pathscan {
  struct Compile: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Build the graph of all inputs once and save it as a compiled graph file (.psg).",
      discussion: """
        Every command accepts the compiled file as its only input and starts from it without \
        parsing the exports again. It holds the graph (topology, kinds, properties, where each \
        record came from) and the load summary; AWS time conditions are decided at compile \
        time (--at). A file of another format version, another byte order, or one that was cut \
        off or changed is refused: compile it again.
        """)

    @OptionGroup var input: InputOptions

    @Option(name: .shortAndLong, help: "The compiled graph file to write (conventionally NAME.psg).")
    var output: String

    func run() throws {
      let analysis = try input.load()
      // Recompiling a compiled graph keeps the settings its graph was built with.
      let settings =
        analysis.loaded.compiled
        ?? CompiledGraph.Settings(correlated: !input.noCorrelate, evaluationTime: input.evaluationTime)
      let bytes = CompiledGraph.bytes(of: analysis.loaded, settings: settings)
      try AtomicFile.write(Data(bytes), to: output)
      if !input.quiet {
        Console.error(
          "wrote \(output): \(analysis.graph.nodeCount) nodes, \(analysis.graph.edgeCount) edges, \(bytes.count >> 10) KiB")
      }
    }
  }
}
