import ArgumentParser
import PathFinder

extension Pathscan {
  struct Kinds: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List every node and edge kind in the inputs, with its count and how it is mapped.",
      discussion: "Edge kinds no manifest maps are never traversed; this shows at once what is ignored.")

    @OptionGroup var input: InputOptions

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    struct Output: Encodable {
      var nodeKinds: [KindCensus.Row]
      var edgeKinds: [KindCensus.Row]
      var unmappedEdges: Int
    }

    func run() throws {
      let census = KindCensus(view: try input.load().view)
      switch format {
      case .json:
        Console.out(
          try JSONOutput.string(
            Output(nodeKinds: census.nodeRows, edgeKinds: census.edgeRows, unmappedEdges: census.unmappedEdgeEdges)))
      case .text:
        Console.out("node kinds:")
        Console.out(
          Table.render(
            header: ["COUNT", "KIND", "MAPPING"], rows: census.nodeRows.map { [String($0.count), $0.kind, $0.mapping] }))
        Console.out("\nedge kinds:")
        Console.out(
          Table.render(
            header: ["COUNT", "KIND", "MAPPING"], rows: census.edgeRows.map { [String($0.count), $0.kind, $0.mapping] }))
        let unmapped = census.unmappedEdgeEdges
        Console.out(
          "\n\(unmapped == 0 ? "every edge kind is mapped" : "\(unmapped) edges have unmapped kinds and are not traversed; map them with --manifest")"
        )
      }
    }
  }
}
