import AccessGraph
import Foundation
import Importers
import PathFinder

// Times pathscan's core operations on a generated graph and reports peak memory.
//
//   measure FILE [--sources N] [--json] [--no-scan] [--import-only]
//
// Sources are the graph's agents, in id order, so runs are repeatable and peers can be asked
// the same queries (Benchmarks/peers/compare.py does).

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
let usage = "usage: measure FILE [--sources N] [--json] [--no-scan] [--import-only]\n"
if arguments.contains("--help") || arguments.contains("-h") {
  print(usage, terminator: "")
  exit(0)
}
guard arguments.count >= 2 else {
  FileHandle.standardError.write(Data(usage.utf8))
  exit(1)
}
let file = arguments[1]
let sampleCount = arguments.firstIndex(of: "--sources").flatMap { Int(arguments[$0 + 1]) } ?? 200
let asJSON = arguments.contains("--json")
let withScan = !arguments.contains("--no-scan")
var figures: [(String, Double)] = []
@MainActor func report(_ key: String, _ value: Double, _ text: String) {
  figures.append((key, value))
  if !asJSON { print(text) }
}

var loaded: InputLoader.Result!
let importTime: Double
do {
  importTime = try seconds { loaded = try InputLoader().load([file]) }
} catch {
  FileHandle.standardError.write(Data("measure: \(error)\n".utf8))
  exit(1)
}
let graph = loaded.graph
report(
  "import_s", importTime, String(format: "import: %.3f s (%d nodes, %d edges)", importTime, graph.nodeCount, graph.edgeCount))
report("import_peak_mb", peakMemoryMB(), String(format: "peak memory after import: %.0f MB", peakMemoryMB()))
let perEdge = Double(graph.topologyBytes) / Double(graph.edgeCount)
report(
  "topology_bytes_per_edge", perEdge,
  String(format: "topology + kinds, forward and reverse: %.1f bytes/edge (%d bytes)", perEdge, graph.topologyBytes))

var view: TraversalView!
let viewTime = seconds { view = TraversalView(graph: graph) }
report("view_s", viewTime, String(format: "traversal view (every edge's rule, node flags): %.3f s", viewTime))
if arguments.contains("--import-only") {
  if asJSON { print("{" + figures.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}") }
  exit(0)
}
var plan: ReachPlan!
let planTime = seconds { plan = ReachPlan(view) }
report("plan_s", planTime, String(format: "strongly connected components: %d, in %.3f s", plan.componentCount, planTime))

let agents = (0..<graph.nodeCount).filter { view.categories[$0] == .agent }.sorted { graph.id(of: $0) < graph.id(of: $1) }
let sample = Array(agents.prefix(sampleCount))
var engine = ReachEngine(view, plan: plan)
var reached = 0
let reachTime = seconds { for a in sample { reached += engine.run(from: [a]) } }
report(
  "single_reach_ms", reachTime * 1000 / Double(sample.count),
  String(
    format: "single-source reach (tiers): %.3f ms per source over %d agents, %.0f nodes each",
    reachTime * 1000 / Double(sample.count), sample.count, Double(reached) / Double(sample.count)))

let critical = (0..<graph.nodeCount).filter { graph.property("sensitivity", of: $0) == .string("critical") }
var who = 0
let reverseTime = seconds { who = Reachability.reverse(view, to: [critical[0]], minTier: .act).count }
report(
  "reverse_reach_ms", reverseTime * 1000,
  String(format: "reverse reach to one critical resource at act: %.3f ms (%d identities)", reverseTime * 1000, who))

var pathCount = 0
let pathTime = seconds {
  pathCount = PathSearch(maxDepth: 12, limit: 100).run(view, from: Array(agents.prefix(10)), to: critical).paths.count
}
report(
  "paths_ms", pathTime * 1000,
  String(format: "paths from 10 agents to critical resources: %.1f ms (%d paths)", pathTime * 1000, pathCount))

let seeds = agents.map { BatchReach.Seed(node: $0) }
var total = 0
let batchTime = seconds {
  total = BatchReach.passes(view, seeds: seeds, plan: plan) { pass in
    var count = 0
    pass.forEachReached(atLeast: .read) { _, seeds in count += seeds.nonzeroBitCount }
    return count
  }.reduce(0, +)
}
report(
  "all_agents_reach_s", batchTime,
  String(
    format: "reach of all %d agents (tiers, bit-parallel, %d cores): %.3f s, %.0f nodes each", agents.count,
    ProcessInfo.processInfo.activeProcessorCount, batchTime, Double(total) / Double(agents.count)))

// One-edge what-if: the first agent is granted admin on a critical resource it did not hold;
// the graph, view and plan are rebuilt and every agent's reach of critical resources at act
// is compared with before.
func criticalPairs(_ view: TraversalView, _ plan: ReachPlan) -> Int {
  BatchReach.passes(view, seeds: seeds, plan: plan) { pass in
    critical.reduce(0) { $0 + pass.seedsReaching($1, atLeast: .act).nonzeroBitCount }
  }.reduce(0, +)
}
let before = criticalPairs(view, plan)
engine.run(from: [agents[0]])
let unheld = critical.first { engine.tier(of: $0) == nil } ?? critical[0]
let edit = GraphChanges(addEdges: [.init(from: graph.id(of: agents[0]), kind: "CanAdmin", to: graph.id(of: unheld))])
var after = 0
let whatIfTime = try seconds {
  let changed = TraversalView(graph: try graph.applying(edit))
  after = criticalPairs(changed, ReachPlan(changed))
}
report(
  "what_if_s", whatIfTime,
  String(
    format:
      "one-edge what-if (rebuild, plan, all agents vs critical resources): %.3f s, %d agent-resource pairs before, %d after",
    whatIfTime, before, after))

if withScan {
  var scanned: RuleScanner.Result!
  let scanTime = seconds { scanned = RuleScanner().scan(view) }
  report(
    "scan_s", scanTime,
    String(format: "full scan, %d rules: %.2f s, %d findings", RulePack.builtIn.count, scanTime, scanned.findings.count))
}
report("peak_mb", peakMemoryMB(), String(format: "peak memory: %.0f MB", peakMemoryMB()))
if asJSON {
  print(
    "{" + figures.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ")
      + ", \"nodes\": \(graph.nodeCount), \"edges\": \(graph.edgeCount), \"agents\": \(agents.count)}")
}
