import Foundation
import TestSupport

/// Runs the built `gapwatch` binary, as scripts and cron jobs do.
struct CLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The folder of the built products (the binary sits beside the test bundle).
    static let productsDirectory: URL = {
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        #endif
        return Bundle.main.bundleURL
    }()

    static let binary = productsDirectory.appendingPathComponent("gapwatch")

    /// The repository's root (for fixtures).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary (or another program) with its arguments, folder and environment (without
    /// `$GAPWATCH_DB` unless given).
    private static func process(_ arguments: [String], in directory: String?, environment: [String: String], executable: String? = nil) -> Process {
        let process = Process()
        process.executableURL = executable.map { URL(fileURLWithPath: $0) } ?? binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["GAPWATCH_DB"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        return process
    }

    /// Starts the binary without waiting; its output is discarded, its stderr too unless
    /// `stderr` is given.
    static func start(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:], stderr: Pipe? = nil) throws -> Process {
        let process = process(arguments, in: directory, environment: environment)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs the binary (or `executable`, e.g. a shell that sets limits first) to the end and
    /// returns what it printed.
    static func run(_ arguments: [String], in directory: String? = nil, stdin: String? = nil, environment: [String: String] = [:],
                    executable: String? = nil) throws -> Result {
        let process = process(arguments, in: directory, environment: environment, executable: executable)
        // Output goes to files, so that a large output can never block the child.
        let outPath = NSTemporaryDirectory() + "gapwatch-out-" + UUID().uuidString
        let errPath = outPath + ".err"
        try Data().write(to: URL(fileURLWithPath: outPath))
        try Data().write(to: URL(fileURLWithPath: errPath))
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        try out.close()
        try err.close()
        let outData = try Data(contentsOf: URL(fileURLWithPath: outPath))
        let errData = try Data(contentsOf: URL(fileURLWithPath: errPath))
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// A temporary folder for one test, with the store a command there uses.
typealias Scratch = TemporaryFolder

extension TemporaryFolder {
    var db: String { path + "/gapwatch.sqlite" }
}
