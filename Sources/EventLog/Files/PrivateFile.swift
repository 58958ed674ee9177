#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that gapwatch writes (rejected lines, reports, e-mails, the demo's files): personal
/// data, so it is readable by its owner only and appears whole or not at all.
///
/// It is written to a new temporary file beside its target (`mkstemp`: created exclusively,
/// mode 0600, never through a symlink) and put in place by ``commit()``: linked, which fails if
/// the target exists, or, when the command said it may replace the target, renamed over it,
/// which replaces a symlink itself rather than the file it points to. A file that is never
/// committed is removed.
package final class PrivateFile {
    package let path: String
    /// Where the file is written until it is committed (for a writer that opens it by name).
    package let temporaryPath: String
    private let replacing: Bool
    private var file: UnsafeMutablePointer<FILE>?

    /// Starts a file at `path`; `replacing`: an existing file there may be replaced (`--force`).
    /// Refuses at once when the target exists and may not be replaced, before any work is done.
    package init(path: String, replacing: Bool) throws(FileOutputError) {
        self.path = path
        self.replacing = replacing
        var status = stat()
        if !replacing, lstat(path, &status) == 0 { throw .exists(path: path) }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array((folder + "." + name + ".gapwatch-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .cannotWrite(path: path, reason: Self.lastError) }
        temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard fchmod(fd, 0o600) == 0, let handle = fdopen(fd, "wb") else {
            let reason = Self.lastError
            close(fd)
            unlink(temporaryPath)
            throw .cannotWrite(path: path, reason: reason)
        }
        file = handle
    }

    deinit { discard() }

    /// Writes a whole file at once.
    package static func write(_ bytes: some Collection<UInt8>, to path: String, replacing: Bool) throws(FileOutputError) {
        let file = try PrivateFile(path: path, replacing: replacing)
        try file.write(Array(bytes))
        try file.commit()
    }

    package func write(_ bytes: [UInt8]) throws(FileOutputError) {
        try bytes.withUnsafeBufferPointer { bytes throws(FileOutputError) in try write(bytes) }
    }

    package func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(FileOutputError) {
        guard let file else { return }
        if bytes.count > 0, fwrite(bytes.baseAddress, 1, bytes.count, file) != bytes.count {
            throw .cannotWrite(path: path, reason: Self.lastError)
        }
    }

    /// Empties the file to write it again (an ingest that starts over).
    package func restart() throws(FileOutputError) {
        guard let file else { return }
        guard fflush(file) == 0, ftruncate(fileno(file), 0) == 0 else { throw .cannotWrite(path: path, reason: Self.lastError) }
        rewind(file)
    }

    /// Flushes the file to disk and puts it in place.
    package func commit() throws(FileOutputError) {
        guard let file else { return }
        self.file = nil
        let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
        let reason = Self.lastError
        let closed = fclose(file) == 0
        guard flushed, closed else {
            unlink(temporaryPath)
            throw .cannotWrite(path: path, reason: flushed ? Self.lastError : reason)
        }
        if replacing {
            guard rename(temporaryPath, path) == 0 else {
                let reason = Self.lastError
                unlink(temporaryPath)
                throw .cannotWrite(path: path, reason: reason)
            }
        } else {
            let linked = link(temporaryPath, path) == 0
            let failure = errno
            unlink(temporaryPath)
            guard linked else {
                if failure == EEXIST { throw .exists(path: path) }
                throw .cannotWrite(path: path, reason: String(cString: strerror(failure)))
            }
        }
    }

    /// Drops the file: nothing appears at `path`.
    package func discard() {
        guard let file else { return }
        self.file = nil
        fclose(file)
        unlink(temporaryPath)
    }

    private static var lastError: String { String(cString: strerror(errno)) }
}

/// Why a file gapwatch writes could not be put in place.
package enum FileOutputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The target exists and the command was not told to replace it.
    case exists(path: String)
    case cannotWrite(path: String, reason: String)

    package var description: String {
        switch self {
        case .exists(let path): "\(path): already exists (pass --force to replace it)"
        case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
        }
    }
}
