/// Errors that stop an ingest as a whole (bad lines are reported per line, not thrown).
package enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An input file does not exist.
    case inputNotFound(path: String)
    /// An input names a directory.
    case notAFile(path: String)
    /// An input file or the reject file could not be read or written.
    case cannotRead(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    /// Lines whose reference to a later line failed, to be set aside, in an input that cannot
    /// be read again to do so (standard input).
    case cannotReadAgain(lines: String)

    package var description: String {
        switch self {
        case .inputNotFound(let path): "\(path): no such file"
        case .notAFile(let path): "\(path): a directory, not a file of events (name the files in it, e.g. \(path)/*.jsonl)"
        case .cannotRead(let path, let reason): "\(path): cannot read: \(reason)"
        case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
        case .cannotReadAgain(let lines):
            "\(lines): a reference to a later line names no event; setting such a line aside means reading the input again, "
                + "which standard input cannot: nothing was stored (give the input as files, or without --skip-invalid to see every problem)"
        }
    }
}
