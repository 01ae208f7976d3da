// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "pathscan-benchmarks",
  platforms: [.macOS(.v15)],
  targets: [
    .executableTarget(
      name: "generate-graph",
      swiftSettings: [.swiftLanguageMode(.v6)])
  ]
)
