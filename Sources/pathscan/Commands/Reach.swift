import AccessGraph
import ArgumentParser
import PathFinder

extension Pathscan {
  struct Reach: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List everything the selected identities can reach, with the highest tier for each.",
      discussion: """
        With --reverse, list instead every identity that can reach the selected targets at \
        --min-tier or above, with the highest tier at which it does.
        """)

    @OptionGroup var input: InputOptions

    @Option(help: "The starting identities (or, with --reverse, the targets).")
    var from: String

    @Flag(help: "Answer who can reach --from, instead of what --from can reach.")
    var reverse = false

    @Option(name: .customLong("min-tier"), help: "Only list nodes reached at this tier or above (read, propose, act, admin).")
    var minTier: TierArgument = .read

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    struct Output: Encodable {
      struct Reached: Encodable {
        var id: String
        var tier: String
        var category: String
        var name: String?
      }
      var from: String
      var direction: String
      var minTier: String
      var sources: [String]
      var count: Int
      var reached: [Reached]
    }

    func run() throws {
      let analysis = try input.load()
      let view = analysis.view
      let selected = try analysis.select(from, option: "--from")
      let results =
        reverse
        ? Reachability.reverse(view, to: selected, minTier: minTier.tier)
        : Reachability.forward(view, from: selected).reached.filter { $0.tier >= minTier.tier }
      let graph = view.graph
      let ordered = results.sorted { a, b in
        a.tier != b.tier ? a.tier > b.tier : graph.id(of: a.node) < graph.id(of: b.node)
      }
      let output = Output(
        from: from, direction: reverse ? "reverse" : "forward", minTier: minTier.tier.description,
        sources: selected.map(graph.id(of:)), count: ordered.count,
        reached: ordered.map { item in
          let name = graph.displayName(of: item.node)
          return .init(
            id: graph.id(of: item.node), tier: item.tier.description, category: view.categories[item.node].description,
            name: name == graph.id(of: item.node) ? nil : name)
        })
      switch format {
      case .json: Console.out(try JSONOutput.string(output))
      case .text:
        let one = output.count == 1
        let what =
          reverse
          ? (one ? "identity reaches" : "identities reach") + " \(from)" : (one ? "node" : "nodes") + " reachable from \(from)"
        Console.out("\(output.count) \(what) at \(minTier.tier) or above")
        if !output.reached.isEmpty {
          Console.out(
            Table.render(
              header: ["TIER", "CATEGORY", "ID", "NAME"],
              rows: output.reached.map { [$0.tier, $0.category, $0.id, $0.name ?? ""] }))
        }
      }
    }
  }
}

/// A tier given on the command line.
struct TierArgument: ExpressibleByArgument {
  var tier: Tier
  init(_ tier: Tier) { self.tier = tier }
  init?(argument: String) {
    guard let tier = Tier(name: argument) else { return nil }
    self.tier = tier
  }
  static let read = TierArgument(.read)
  static var allValueStrings: [String] { Tier.allCases.map(\.description) }
  var defaultValueDescription: String { tier.description }
}
