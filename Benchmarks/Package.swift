// swift-tools-version: 6.1
import PackageDescription

let pathscanLibraries: [Target.Dependency] = [
  .product(name: "AccessGraph", package: "pathscan"),
  .product(name: "Importers", package: "pathscan"),
  .product(name: "PathFinder", package: "pathscan"),
]

let package = Package(
  name: "pathscan-benchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "pathscan", path: ".."),
    // Only the malloc interposer: the default runtime interposer is not in the package mirror.
    .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "measure",
      dependencies: pathscanLibraries,
      swiftSettings: [.swiftLanguageMode(.v6)]),
    // Run by `swift package benchmark` (ordo-one/benchmark), which finds it under Benchmarks/.
    .executableTarget(
      name: "PathscanBenchmarks",
      dependencies: pathscanLibraries + [.product(name: "Benchmark", package: "benchmark")],
      path: "Benchmarks/PathscanBenchmarks",
      swiftSettings: [.swiftLanguageMode(.v6)],
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
    .executableTarget(
      name: "generate-graph",
      swiftSettings: [.swiftLanguageMode(.v6)]),
  ]
)
