import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writing to stdout and stderr, and progress that shows only on a terminal.
enum Console {
    /// Whether stderr is a terminal (progress is shown only then).
    static let stderrIsTerminal = isatty(STDERR_FILENO) == 1

    /// One line on stdout.
    static func out(_ line: String) {
        writeStandardOutput(Array((line + "\n").utf8))
    }

    /// Writes all of `bytes` to stdout. A stdout that cannot take them (a full disk, a closed
    /// descriptor) ends the command with one line and exit 74: output cut short must never
    /// look like success, and Foundation's `FileHandle.write` would crash instead.
    static func writeStandardOutput(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = unistdWrite(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
                if written >= 0 {
                    offset += written
                } else if errno != EINTR {
                    error("cannot write to standard output: \(String(cString: strerror(errno)))")
                    exit(Exit.ioError)
                }
            }
        }
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
        Console.writeStandardOutput(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { flush() }
}

/// POSIX `write`, named apart from the methods called `write` in this file.
private func unistdWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, buffer, count)
    #else
    Darwin.write(fd, buffer, count)
    #endif
}
