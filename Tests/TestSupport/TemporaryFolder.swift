import Foundation

/// A folder of one test's own under the system's temporary directory, removed when the test
/// lets go of it: stores, inputs and outputs never meet another test's.
package final class TemporaryFolder: Sendable {
    package let path: String

    package init(_ prefix: String = "gapwatch-test") throws {
        path = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to a file in the folder and returns its path.
    @discardableResult
    package func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Writes lines, each ended by a newline, and returns the file's path.
    @discardableResult
    package func write(_ name: String, lines: [String]) throws -> String {
        try write(name, lines.map { $0 + "\n" }.joined())
    }
}
