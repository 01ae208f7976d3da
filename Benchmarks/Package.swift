// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "pathscan-benchmarks",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(name: "pathscan", path: "..")
  ],
  targets: [
    .executableTarget(
      name: "measure",
      dependencies: [
        .product(name: "AccessGraph", package: "pathscan"),
        .product(name: "Importers", package: "pathscan"),
        .product(name: "PathFinder", package: "pathscan"),
      ],
      swiftSettings: [.swiftLanguageMode(.v6)]),
    .executableTarget(
      name: "generate-graph",
      swiftSettings: [.swiftLanguageMode(.v6)]),
  ]
)
