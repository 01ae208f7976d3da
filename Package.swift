// swift-tools-version: 6.1
import PackageDescription

let strictSwift: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .define("PATHSCAN_INVARIANTS", .when(configuration: .debug)),
]

let package = Package(
  name: "pathscan",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "pathscan", targets: ["pathscan"]),
    .library(name: "AccessGraph", targets: ["AccessGraph"]),
    .library(name: "PathFinder", targets: ["PathFinder"]),
    .library(name: "Importers", targets: ["Importers"]),
    .library(name: "Rendering", targets: ["Rendering"]),
    .library(name: "Storage", targets: ["Storage"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
  ],
  targets: [
    .target(
      name: "AccessGraph",
      swiftSettings: strictSwift),
    .target(
      name: "YAMLDocuments",
      dependencies: [.product(name: "Yams", package: "Yams")],
      swiftSettings: strictSwift),
    .target(
      name: "PathFinder",
      dependencies: [
        "AccessGraph", "YAMLDocuments",
        .product(name: "Yams", package: "Yams"),
        .product(name: "Collections", package: "swift-collections"),
      ],
      swiftSettings: strictSwift),
    .target(
      name: "Importers",
      dependencies: [
        "AccessGraph", "ZIPFoundation", "YAMLDocuments",
        .product(name: "Yams", package: "Yams"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "TOMLKit", package: "TOMLKit"),
      ],
      swiftSettings: strictSwift),
    .systemLibrary(
      name: "CGraphviz",
      pkgConfig: "libgvc",
      providers: [.apt(["libgraphviz-dev"])]),
    .target(
      name: "Rendering",
      dependencies: ["CGraphviz"],
      swiftSettings: strictSwift),
    .systemLibrary(
      name: "CSQLite",
      pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]),
    .target(
      name: "Storage",
      dependencies: ["CSQLite"],
      swiftSettings: strictSwift),
    .executableTarget(
      name: "pathscan",
      dependencies: [
        "AccessGraph", "PathFinder", "Importers", "Rendering", "Storage",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Crypto", package: "swift-crypto"),
      ],
      swiftSettings: strictSwift),
    .target(
      name: "TestSupport",
      dependencies: ["AccessGraph", "Importers"],
      path: "Tests/TestSupport",
      swiftSettings: strictSwift),
    .testTarget(
      name: "AccessGraphTests",
      dependencies: ["AccessGraph", "TestSupport"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "ImportersTests",
      dependencies: ["Importers", "AccessGraph", "PathFinder", "TestSupport", "ZIPFoundation"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "PathFinderTests",
      dependencies: ["PathFinder", "AccessGraph", "TestSupport", "YAMLDocuments"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "StorageTests",
      dependencies: ["Storage", "TestSupport"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "RenderingTests",
      dependencies: ["Rendering"],
      swiftSettings: strictSwift),
    .testTarget(
      name: "PathscanTests",
      dependencies: ["pathscan", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
      exclude: ["Golden", "Fixtures"],
      swiftSettings: strictSwift),
  ]
)
