import AccessGraph
import Benchmark
import Foundation
import Importers
import PathFinder

// The operations `measure` times once, repeated under ordo-one/benchmark for percentiles of
// wall time and peak resident memory. The graph is a file from generate-graph:
// PATHSCAN_BENCH_GRAPH, or the scale-1 file that Benchmarks/peers/run.sh leaves in
// .build-bench/.
let benchmarks: @Sendable () -> Void = {
  let file = ProcessInfo.processInfo.environment["PATHSCAN_BENCH_GRAPH"] ?? "../.build-bench/scale1.json"
  guard FileManager.default.fileExists(atPath: file) else {
    fatalError(
      "no graph at \(file): run `bash Benchmarks/peers/run.sh` once, or set PATHSCAN_BENCH_GRAPH to a generate-graph file")
  }
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .peakMemoryResident], timeUnits: .milliseconds, maxDuration: .seconds(10), maxIterations: 50)

  let graph = try! InputLoader().load([file]).graph
  let view = TraversalView(graph: graph)
  let plan = ReachPlan(view)
  let agents = (0..<graph.nodeCount).filter { view.categories[$0] == .agent }.sorted { graph.id(of: $0) < graph.id(of: $1) }
  let critical = (0..<graph.nodeCount).filter { graph.properties(of: $0)["sensitivity"] == .string("critical") }
  let seeds = agents.map { BatchReach.Seed(node: $0) }

  Benchmark("import") { benchmark in
    for _ in benchmark.scaledIterations { blackHole(try InputLoader().load([file]).graph.edgeCount) }
  }
  Benchmark("single-source reach, 100 agents in turn", configuration: .init(timeUnits: .microseconds)) { benchmark in
    var engine = ReachEngine(view, plan: plan)
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations {
      for agent in agents.prefix(100) { blackHole(engine.run(from: [agent])) }
    }
  }
  Benchmark("reverse reach to a critical resource at act") { benchmark in
    for _ in benchmark.scaledIterations { blackHole(Reachability.reverse(view, to: [critical[0]], minTier: .act).count) }
  }
  Benchmark("paths from 10 agents to critical resources") { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(PathSearch(maxDepth: 12, limit: 100).run(view, from: Array(agents.prefix(10)), to: critical).paths.count)
    }
  }
  Benchmark("reach of all agents, bit-parallel") { benchmark in
    for _ in benchmark.scaledIterations {
      blackHole(
        BatchReach.passes(view, seeds: seeds, plan: plan) { pass in
          var count = 0
          pass.forEachReached(atLeast: .read) { _, seeds in count += seeds.nonzeroBitCount }
          return count
        }.reduce(0, +))
    }
  }
  Benchmark("one-edge what-if, all agents against critical resources") { benchmark in
    let edit = GraphChanges(addEdges: [.init(from: graph.id(of: agents[0]), kind: "CanAdmin", to: graph.id(of: critical[0]))])
    for _ in benchmark.scaledIterations {
      let changed = TraversalView(graph: try graph.applying(edit))
      blackHole(
        BatchReach.passes(changed, seeds: seeds, plan: ReachPlan(changed)) { pass in
          critical.reduce(0) { $0 + pass.seedsReaching($1, atLeast: .act).nonzeroBitCount }
        }.reduce(0, +))
    }
  }
  Benchmark("full scan, built-in rules", configuration: .init(maxIterations: 3)) { benchmark in
    for _ in benchmark.scaledIterations { blackHole(RuleScanner().scan(view).findings.count) }
  }
}
