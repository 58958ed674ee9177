import Foundation
import Testing

/// A stdout that cannot take the output (`> /dev/full`) ends the command with exit 74 and one
/// clear line, never a crash and never exit 0 with the output cut short.
@Suite struct FullOutputTests {
    /// Runs the binary with stdout on /dev/full; its exit status and stderr.
    func runIntoFullDevice(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stderr)
    }

    @Test(arguments: [["rules", "show"], ["generate", "--persons", "50", "--seed", "1"]])
    func aFullStdoutExits74(_ arguments: [String]) throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let result = try runIntoFullDevice(arguments)
        #expect(result.status == 74, "\(arguments): \(result.status)")
        #expect(result.stderr == "gapwatch: cannot write to standard output: No space left on device\n")
    }

    @Test func gapsIntoAFullStdoutExits74() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let scratch = try Scratch()
        let input = try scratch.write("e.jsonl", try CLI.run(["generate", "--persons", "20", "--seed", "3"]).stdout)
        #expect(try CLI.run(["ingest", "--db", scratch.db, input]).status == 0)
        let result = try runIntoFullDevice(["gaps", "--db", scratch.db, "--status", "all", "--format", "json", "--as-of", "2027-01-01"])
        #expect(result.status == 74)
        #expect(result.stderr.hasSuffix("gapwatch: cannot write to standard output: No space left on device\n"))
    }
}
