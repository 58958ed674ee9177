import Foundation

/// Golden files: an output as it was reviewed, kept in the repository, that a test compares
/// byte for byte. `GAPWATCH_RECORD_GOLDEN=1 swift test` writes them anew from the outputs of
/// this build (as swift-argument-parser's `RECORD_SNAPSHOTS` does); review the diff, then commit.
package enum Golden {
    /// Whether this run records golden files instead of only comparing them.
    package static var recording: Bool { ProcessInfo.processInfo.environment["GAPWATCH_RECORD_GOLDEN"] == "1" }

    /// The repository's root, found from this file's place in it.
    package static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Compares `output` with the file at `path` (relative to the repository), after writing it
    /// there when recording. Returns `nil` when they are equal, else what differs first.
    package static func mismatch(_ output: String, file path: String) throws -> String? {
        let url = repositoryRoot.appendingPathComponent(path)
        if recording {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try output.write(to: url, atomically: true, encoding: .utf8)
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            return "\(path) is missing: run GAPWATCH_RECORD_GOLDEN=1 swift test to record it"
        }
        if expected == output { return nil }
        let got = output.components(separatedBy: "\n"), want = expected.components(separatedBy: "\n")
        let line = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
        return "\(path):\(line + 1): expected \"\(line < want.count ? want[line] : "<end>")\", got \"\(line < got.count ? got[line] : "<end>")\""
            + " (GAPWATCH_RECORD_GOLDEN=1 swift test re-records it, if the change is meant)"
    }
}
