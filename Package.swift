// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "FairHAC",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "FairHACCore", targets: ["FairHACCore"]),
        .library(name: "FairHACIO", targets: ["FairHACIO"]),
        .library(name: "FairHACReport", targets: ["FairHACReport"]),
        .executable(name: "fairhac", targets: ["fairhac"]),
        // The C ABI that the Python package (python/) loads with ctypes.
        .library(name: "FairHACC", type: .dynamic, targets: ["FairHACC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
    ],
    targets: [
        // The algorithms: no Foundation, no file I/O.
        .target(name: "FairHACCore"),
        // The content digest of a results-folder file (the proof in its manifest), read with the C
        // library: the CLI and the C ABI (Python's Spark writer) prove files the same way.
        .target(name: "FairHACDigest"),
        // Reading data, bundled datasets, writing results.
        .target(
            name: "FairHACIO",
            dependencies: ["FairHACCore", .product(name: "CSV", package: "CSV.swift")],
            resources: [.copy("Datasets/Data")]
        ),
        // What a person looks at: SVG views and the self-contained report.html.
        .target(
            name: "FairHACReport",
            dependencies: ["FairHACCore", .product(name: "Plot", package: "Plot")]
        ),
        // The C ABI over the core: @_cdecl functions on raw buffers, and fairhac_run's JSON request
        // and result (the result's summary is summary.json's ClusteringSummary). FoundationEssentials
        // only (no FairHACIO, whose CSV reader needs Foundation and its ICU data): the Python wheel
        // links it with the Swift runtime and stays small (scripts/build_wheel.sh).
        .target(name: "FairHACC", dependencies: ["FairHACCore", "FairHACDigest"]),
        .executableTarget(
            name: "fairhac",
            dependencies: [
                "FairHACCore", "FairHACDigest", "FairHACIO", "FairHACReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "FairHACCoreTests", dependencies: ["FairHACCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "FairHACIOTests", dependencies: ["FairHACIO", "FairHACCore"]),
        .testTarget(name: "FairHACReportTests", dependencies: ["FairHACReport", "FairHACCore"]),
        .testTarget(name: "fairhacCLITests", dependencies: ["fairhac", "FairHACCore", "FairHACDigest", "FairHACIO", "FairHACC"]),
    ],
    swiftLanguageModes: [.v6]
)
