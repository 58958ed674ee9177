import EventLog
import GRDB

extension SQLiteEventStore: LedgerStore {
    /// One IMMEDIATE transaction, so ingests wait for the scan.
    package func withScanSession<T>(_ body: (any ScanSession) throws -> T) throws -> T {
        try queue.writeWithoutTransaction { db in
            var result: T?
            // A full scan enlarges the cache in `forEachBatch`.
            try CachePolicy.incrementalScan.during(db) {
                try db.inTransaction(.immediate) {
                    result = try body(SQLiteScanSession(db: db))
                    return .commit
                }
            }
            return result!
        }
    }

    package func scans(limit: Int) throws -> [ScanRecord] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM scans ORDER BY id DESC LIMIT ?", arguments: [limit]).map(SQLiteScanSession.scanRecord)
        }
    }

    package func ledgerEntries(idPrefix prefix: String) throws -> [LedgerEntry] {
        try queue.read { db in
            // Ids are lower-case hex, all below "g": the range is the ids that start with the prefix.
            try Row.fetchAll(db, sql: "SELECT * FROM findings WHERE id >= ? AND id < ? ORDER BY id LIMIT 10", arguments: [prefix, prefix + "g"])
                .map(SQLiteScanSession.ledgerEntry)
        }
    }

    package func neighbours(ofFinding id: String) throws -> [String] {
        try queue.read { db in
            [try String.fetchOne(db, sql: "SELECT max(id) FROM findings WHERE id < ?", arguments: [id]),
             try String.fetchOne(db, sql: "SELECT min(id) FROM findings WHERE id > ?", arguments: [id])].compactMap { $0 }
        }
    }

    package func ledgerEntries(states: Set<LedgerState>?) throws -> [LedgerEntry] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM findings ORDER BY person, id").map(SQLiteScanSession.ledgerEntry)
                .filter { states?.contains($0.state) ?? true }
        }
    }

    package func history(ofFinding id: String) throws -> [(scan: Int64, change: LedgerChange)] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT scan, change FROM finding_changes WHERE finding = ? ORDER BY scan", arguments: [id]).map {
                (scan: $0["scan"], change: LedgerChange(rawValue: $0["change"]) ?? .changed)
            }
        }
    }

    package func upcoming(dueAfter after: Instant, through: Instant) throws -> [UpcomingEntry] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM upcoming WHERE due > ? AND due <= ? ORDER BY due, id",
                             arguments: [after.microseconds, through.microseconds]).map { row in
                let concerned: String = row["concerned"]
                return UpcomingEntry(id: row["id"], person: row["person"], due: Instant(microseconds: row["due"]), body: row["body"],
                                     concerned: concerned.isEmpty ? [] : concerned.components(separatedBy: "\n"))
            }
        }
    }

    package func watchList() throws -> [String: Instant] {
        try queue.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT person, next_change FROM watch").map {
                ($0["person"] as String, Instant(microseconds: $0["next_change"]))
            })
        }
    }
}
