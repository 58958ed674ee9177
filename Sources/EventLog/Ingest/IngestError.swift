/// Errors that stop an ingest as a whole (bad lines are reported per line, not thrown).
package enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An input file does not exist.
    case inputNotFound(path: String)
    /// An input names a directory.
    case notAFile(path: String)
    /// An input file or the reject file could not be read or written.
    case cannotRead(path: String, reason: String)
    case cannotWrite(path: String, reason: String)

    package var description: String {
        switch self {
        case .inputNotFound(let path): "\(path): no such file"
        case .notAFile(let path): "\(path): a directory, not a file of events (name the files in it, e.g. \(path)/*.jsonl)"
        case .cannotRead(let path, let reason): "\(path): cannot read: \(reason)"
        case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
        }
    }
}
