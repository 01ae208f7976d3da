import ArgumentParser
import Foundation
import Importers

extension Pathscan {
  struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write the merged graph of all inputs as one file (BloodHound OpenGraph JSON).")

    enum Target: String, ExpressibleByArgument, CaseIterable {
      case opengraph
    }

    @OptionGroup var input: InputOptions

    @Option(help: "The output format.")
    var to: Target = .opengraph

    @Option(name: .shortAndLong, help: "The file to write ('-' for standard output).")
    var output: String

    func run() throws {
      let analysis = try input.load()
      let text = OpenGraphWriter.json(for: analysis.graph)
      if output == "-" {
        Console.out(text, terminator: "")
        return
      }
      try AtomicFile.write(Data(text.utf8), to: output)
      if !input.quiet {
        Console.error("wrote \(output): \(analysis.graph.nodeCount) nodes, \(analysis.graph.edgeCount) edges")
      }
    }
  }
}
