import GRDB

/// SQLite's page cache for each kind of work, in KiB: the one place its sizes are set. The
/// figures behind them are in docs/performance-notes.md.
package enum CachePolicy: Int {
    /// Between the phases below, and for a full scan, whose ledger writes would otherwise spill
    /// dirty pages to the WAL again and again.
    case standard = 65536
    /// An ingest is one transaction that holds every dirty page until it commits; the ingest's
    /// other buffers stay under 64 MiB, so it peaks below 512 MiB.
    case ingest = 393216
    /// A read that visits every page once: a small cache reuses a few buffers, where a large
    /// one would fault fresh memory in for each page read.
    case streamingRead = 2048
    /// An incremental scan touches a few pages of each of a few persons.
    case incrementalScan = 4096

    /// Sets this cache size on the connection.
    package func apply(to db: Database) throws {
        try db.execute(sql: "PRAGMA cache_size = -\(rawValue)")
    }

    /// Runs `body` with this cache size, and the standard one again afterwards.
    package func during<T>(_ db: Database, _ body: () throws -> T) throws -> T {
        try apply(to: db)
        defer { try? CachePolicy.standard.apply(to: db) }
        return try body()
    }
}
