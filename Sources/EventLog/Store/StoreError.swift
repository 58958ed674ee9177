/// Errors of the event store, each saying what failed while doing what. They never carry
/// event contents: a store holds personal data.
package enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No store at the path (reading commands do not create one).
    case notFound(path: String)
    /// The store could not be created or opened.
    case cannotOpen(path: String, reason: String)
    /// The file is not a gapwatch store: empty, not SQLite, or another application's database.
    case notAStore(path: String)
    /// An ingest would make `recorded_at` go back in time.
    case recordedAtDecreases(latest: Instant, given: Instant)
    /// A stored row could not be read back as an event.
    case corruptRow(seq: Int64)
    /// A person's scan pack could not be read back.
    case damagedPack

    package var description: String {
        switch self {
        case .notFound(let path):
            "no event store at \(path) (ingest events first, or pass --db)"
        case .cannotOpen(let path, let reason):
            "cannot open the event store at \(path): \(reason)"
        case .notAStore(let path):
            "\(path) is not a gapwatch store (it is empty, not an SQLite file, or another application's database); "
                + "gapwatch leaves it as it is: name a new path with --db"
        case .recordedAtDecreases(let latest, let given):
            "recorded_at \(RFC3339.format(given, fraction: true)) is earlier than the log's latest "
                + "\(RFC3339.format(latest, fraction: true)); recorded_at never decreases along the log"
        case .corruptRow(let seq):
            "stored event seq \(seq) cannot be read back (run gapwatch verify)"
        case .damagedPack:
            "a person's scan pack cannot be read back (run gapwatch verify; gapwatch scan --full packs everyone anew)"
        }
    }
}
