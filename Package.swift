// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "FairHAC",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "FairHACCore", targets: ["FairHACCore"]),
        .library(name: "FairHACIO", targets: ["FairHACIO"]),
        .executable(name: "fairhac", targets: ["fairhac"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // The algorithms: no Foundation, no file I/O.
        .target(name: "FairHACCore"),
        // Reading data, bundled datasets, writing results.
        .target(
            name: "FairHACIO",
            dependencies: ["FairHACCore", .product(name: "CSV", package: "CSV.swift")],
            resources: [.copy("Datasets/Data")]
        ),
        .executableTarget(
            name: "fairhac",
            dependencies: [
                "FairHACCore", "FairHACIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "FairHACCoreTests", dependencies: ["FairHACCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FairHACIOTests", dependencies: ["FairHACIO", "FairHACCore"]),
        .testTarget(name: "fairhacCLITests", dependencies: ["fairhac"]),
    ],
    swiftLanguageModes: [.v6]
)
