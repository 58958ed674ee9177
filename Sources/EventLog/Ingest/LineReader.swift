#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where an ingest reads lines from.
package protocol LineSource: AnyObject {
    /// The name used in messages.
    var name: String { get }
    /// 1-based number of the line last returned.
    var lineNumber: Int { get }
    /// Calls `body` with the next line's bytes (valid only during the call); `false` at the end.
    func nextLine(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool
    /// Total and consumed bytes, for progress, when known.
    var size: Int64? { get }
    var offset: Int64 { get }
}

/// Lines held in memory (events that gapwatch itself writes, such as acknowledgements).
package final class InMemoryLines: LineSource {
    package let name: String
    package private(set) var lineNumber = 0
    private let lines: [String]

    package init(name: String, lines: [String]) {
        self.name = name
        self.lines = lines
    }

    package func nextLine(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        guard lineNumber < lines.count else { return false }
        var line = lines[lineNumber]
        lineNumber += 1
        try line.withUTF8 { try body($0) }
        return true
    }

    package var size: Int64? { nil }
    package var offset: Int64 { 0 }
}

/// Reads a file (or standard input) line by line in bounded memory.
///
/// Lines end with `\n` or `\r\n`; the line end is not part of the line.
package final class LineReader: LineSource {
    /// The name used in messages: the path, or `stdin`.
    package let name: String
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    /// 1-based number of the line last returned.
    package private(set) var lineNumber = 0
    /// The path it was opened with (`-` for standard input).
    package let path: String
    /// Whether opening the same path again gives the same lines (not so for standard input).
    package var canReadAgain: Bool { path != "-" }

    /// Opens `path`, or standard input for `-`.
    package init(path: String) throws(IngestError) {
        self.path = path
        if path == "-" {
            name = "stdin"
            file = fdopen(dup(STDIN_FILENO), "rb")!
        } else {
            name = path
            guard let handle = fopen(path, "rb") else {
                let reason = String(cString: strerror(errno))
                if errno == ENOENT { throw .inputNotFound(path: path) }
                throw .cannotRead(path: path, reason: reason)
            }
            var info = stat()
            if fstat(fileno(handle), &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                fclose(handle)
                throw .notAFile(path: path)
            }
            file = handle
        }
    }

    deinit {
        free(buffer)
        fclose(file)
    }

    /// Calls `body` with the next line's bytes (valid only during the call); `false` at the end.
    package func nextLine(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        let length = getline(&buffer, &capacity, file)
        if length < 0 {
            if ferror(file) != 0 { throw IngestError.cannotRead(path: name, reason: String(cString: strerror(errno))) }
            return false
        }
        lineNumber += 1
        var count = length
        try buffer!.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
            if count > 0, bytes[count - 1] == 0x0A { count -= 1 }
            if count > 0, bytes[count - 1] == 0x0D { count -= 1 }
            // A byte order mark, as Windows programs write at the start of UTF-8 files, is no
            // part of the first line.
            let start = lineNumber == 1 && count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
            try body(UnsafeBufferPointer(start: bytes + start, count: count - start))
        }
        return true
    }

    /// Hands the remaining lines on, `count` at a time, each with its 1-based number: the
    /// batches a pipeline's worker threads take.
    package func forEachBatch(of count: Int, _ body: ([(line: Int, bytes: [UInt8])]) throws -> Void) throws {
        var batch: [(line: Int, bytes: [UInt8])] = []
        batch.reserveCapacity(count)
        while try nextLine({ line in batch.append((lineNumber, Array(line))) }) {
            guard batch.count == count else { continue }
            try body(batch)
            batch = []
        }
        if !batch.isEmpty { try body(batch) }
    }

    /// The size of the file in bytes, when it is a regular file (for progress).
    package var size: Int64? {
        var info = stat()
        guard fstat(fileno(file), &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// Bytes read so far.
    package var offset: Int64 { Int64(ftello(file)) }
}
