// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "gapwatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gapwatch", targets: ["gapwatch"]),
        .library(name: "EventLog", targets: ["EventLog"]),
        .library(name: "GapEngine", targets: ["GapEngine"]),
        .library(name: "Synthetic", targets: ["Synthetic"]),
        .library(name: "Nightly", targets: ["Nightly"]),
        .library(name: "Reports", targets: ["Reports"]),
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
        .target(
            name: "EventLog",
            dependencies: [
                "SQLiteThreading",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "GapEngine",
            dependencies: [
                "EventLog",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(name: "Synthetic", dependencies: ["EventLog"]),
        .target(name: "Reports", dependencies: ["EventLog", "GapEngine"]),
        .target(
            name: "Nightly",
            dependencies: ["EventLog", "GapEngine", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "gapwatch",
            dependencies: [
                "EventLog",
                "GapEngine",
                "Nightly",
                "Reports",
                "Synthetic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "EventLogTests", dependencies: ["EventLog"]),
        .testTarget(name: "GapEngineTests", dependencies: ["GapEngine", "EventLog", "Synthetic"]),
        .testTarget(name: "NightlyTests", dependencies: ["Nightly", "EventLog", "GapEngine", "Synthetic"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "EventLog", "GapEngine"]),
        .testTarget(
            name: "gapwatchTests", dependencies: ["gapwatch", "EventLog", "GapEngine"],
            exclude: ["Support/smtp_sink.py", "Support/render_check.py"]),
    ],
    swiftLanguageModes: [.v6]
)
