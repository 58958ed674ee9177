import Foundation

/// Writing to stdout and stderr, and progress that shows only on a terminal.
enum Console {
    /// Whether stderr is a terminal (progress is shown only then).
    static let stderrIsTerminal = isatty(STDERR_FILENO) == 1

    /// One line on stdout.
    static func out(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// One diagnostic line on stderr, prefixed `gapwatch: `.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("gapwatch: " + message + "\n").utf8))
    }

    /// One plain line on stderr (summaries).
    static func note(_ line: String) {
        clearProgress()
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    nonisolated(unsafe) private static var progressShown = false

    /// Overwrites the progress line on a terminal; does nothing otherwise.
    static func progress(_ text: String) {
        guard stderrIsTerminal else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
        progressShown = true
    }

    /// Removes the progress line, if one is shown.
    static func clearProgress() {
        guard progressShown else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        progressShown = false
    }
}

/// Buffered stdout for bulk output (findings, generated events).
final class OutputBuffer {
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 16) }

    func line(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Text already encoded, its lines ended.
    func write(_ text: [UInt8]) {
        buffer.append(contentsOf: text)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}
