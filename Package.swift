// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "gapwatch",
    platforms: [.macOS(.v14)],
    // One product: the modules have no user outside this package.
    products: [
        .executable(name: "gapwatch", targets: ["gapwatch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // SQLite's multi-thread mode, which only a C function can set (see the README's Architecture).
        .target(name: "SQLiteThreading", linkerSettings: [.linkedLibrary("sqlite3")]),
        // The generic thread pipeline: ordered results from worker threads, reading ahead.
        .target(name: "Pipeline"),
        .target(
            name: "EventLog",
            dependencies: [
                "Pipeline",
                "SQLiteThreading",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "GapEngine",
            dependencies: [
                "EventLog",
                "Pipeline",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(name: "Synthetic", dependencies: ["EventLog"]),
        // FHIR R4 in (resources read, references resolved, care events made) and out (findings as DetectedIssues).
        .target(name: "FHIR", dependencies: ["EventLog", "GapEngine", "Pipeline", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Reports", dependencies: ["EventLog", "GapEngine", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(
            name: "Nightly",
            dependencies: [
                "EventLog", "GapEngine", "Pipeline",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]),
        .executableTarget(
            name: "gapwatch",
            dependencies: [
                "EventLog",
                "FHIR",
                "GapEngine",
                "Nightly",
                "Pipeline",
                "Reports",
                "Synthetic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // What the test targets share: temporary folders and golden files.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog", "Pipeline", "Synthetic", "TestSupport"]),
        .testTarget(name: "GapEngineTests", dependencies: ["GapEngine", "EventLog", "Synthetic", "TestSupport"]),
        .testTarget(name: "NightlyTests", dependencies: ["Nightly", "EventLog", "GapEngine", "Synthetic", "TestSupport"]),
        .testTarget(name: "FHIRTests", dependencies: ["FHIR", "EventLog", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "EventLog", "GapEngine", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "gapwatchTests", dependencies: ["gapwatch", "EventLog", "GapEngine", "TestSupport"],
            exclude: ["Support/smtp_sink.py", "Support/render_check.py", "Support/fhir_validate.py"]),
    ],
    swiftLanguageModes: [.v6]
)
