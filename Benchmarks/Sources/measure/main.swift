import AccessGraph
import Foundation
import Importers
import PathFinder

// Times pathscan's core operations on a generated graph, and reports peak memory.
//
//   measure FILE [--sources N]

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func peakMemoryMB() -> Double {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
    let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
  else { return 0 }
  return Double(line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0) / 1024
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
  FileHandle.standardError.write(Data("usage: measure FILE [--sources N]\n".utf8))
  exit(1)
}
let file = arguments[1]
let sampleCount = arguments.firstIndex(of: "--sources").flatMap { Int(arguments[$0 + 1]) } ?? 200

var result: InputLoader.Result!
let importTime = try seconds { result = try InputLoader().load([file]) }
let graph = result.graph
print(String(format: "import: %.3f s (%d nodes, %d edges), peak %.0f MB", importTime, graph.nodeCount, graph.edgeCount, peakMemoryMB()))
print(String(format: "topology+kinds: %.1f bytes/edge", Double(graph.topologyBytes) / Double(graph.edgeCount)))

var view: TraversalView!
let viewTime = seconds { view = TraversalView(graph: graph) }
print(String(format: "view: %.3f s", viewTime))

let agents = (0..<graph.nodeCount).filter { view.categories[$0] == .agent }
let sample = Array(agents.prefix(sampleCount))
var reached = 0
let reachTime = seconds { for a in sample { reached += Reachability.forward(view, from: [a]).reached.count } }
print(String(format: "single-source reach: %.3f ms per source (%d sources, %.0f nodes reached on average)", reachTime * 1000 / Double(sample.count), sample.count, Double(reached) / Double(sample.count)))

let critical = (0..<graph.nodeCount).filter { graph.properties(of: $0)["sensitivity"] == .string("critical") }
var who = 0
let reverseTime = seconds { who = Reachability.reverse(view, to: [critical[0]], minTier: .act).count }
print(String(format: "reverse reach to one critical resource at act: %.3f ms (%d identities)", reverseTime * 1000, who))

var pathCount = 0
let pathTime = seconds {
  pathCount = PathSearch(maxDepth: 12, limit: 100).run(view, from: Array(agents.prefix(10)), to: critical).paths.count
}
print(String(format: "paths from 10 agents to critical resources: %.3f s (%d paths)", pathTime, pathCount))
print(String(format: "peak memory: %.0f MB", peakMemoryMB()))

let seeds = agents.map { BatchReach.Seed(node: $0) }
var total = 0
let batchTime = seconds {
  total = BatchReach.passes(view, seeds: seeds) { pass in
    (0..<pass.seeds.count).reduce(0) { sum, s in sum + (0..<graph.nodeCount).lazy.filter { pass.tier(of: $0, seed: s) != nil }.count }
  }.reduce(0, +)
}
print(String(format: "reach of all %d agents, bit-parallel on %d cores: %.3f s (%.0f nodes reached on average)", agents.count, ProcessInfo.processInfo.activeProcessorCount, batchTime, Double(total) / Double(agents.count)))
