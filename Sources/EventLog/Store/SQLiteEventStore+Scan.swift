import Foundation
import GRDB

extension SQLiteEventStore {
    /// Runs a scan in one IMMEDIATE transaction: a scan that fails or is killed leaves no
    /// half state, and the next one starts from the last finished scan. Ingests wait for it.
    public func withScanSession<T>(_ body: (any ScanSession) throws -> T) throws -> T {
        try queue.writeWithoutTransaction { db in
            var result: T?
            // An incremental scan touches a few pages of each of a few persons: a small cache
            // reuses its buffers (a large one faults fresh memory in for every page read).
            // A full scan enlarges it in `forEachBatch`.
            try db.execute(sql: "PRAGMA cache_size = -4096")
            defer { try? db.execute(sql: "PRAGMA cache_size = -65536") }
            try db.inTransaction(.immediate) {
                result = try body(SQLiteScanSession(db: db))
                return .commit
            }
            return result!
        }
    }

    /// The finished scans, newest first.
    public func scans(limit: Int = 100) throws -> [ScanRecord] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM scans ORDER BY id DESC LIMIT ?", arguments: [limit]).map(SQLiteScanSession.scanRecord)
        }
    }
}

final class SQLiteScanSession: ScanSession {
    private let db: Database

    init(db: Database) { self.db = db }

    func head() throws -> LogHead { try EventReads.head(db) }

    func globalEvents(knownAt: Instant?) throws -> [RecordedEvent] { try EventReads.globalEvents(db, knownAt: knownAt) }

    func registrationsRecorded(after seq: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM events WHERE person = '' AND type = ? AND seq > ?)",
                          arguments: [EventType.actorRegistered, seq]) ?? false
    }

    func forEachBatch(_ body: ([StoredPerson]) throws -> Void) throws {
        // A full scan rewrites much of the ledger in its one transaction: with a small cache
        // its dirty pages would spill to the WAL again and again. (More than the usual 64 MiB
        // would fill with the events read, not the ledger written.)
        try db.execute(sql: "PRAGMA cache_size = -65536")
        try EventReads.forEachBatch(db, knownAt: nil, eventsPerBatch: EventReads.eventsPerBatch, body)
    }

    func forEachBatch(persons: [String], _ body: ([StoredPerson]) throws -> Void) throws {
        try EventReads.forEachBatch(db, persons: persons, eventsPerBatch: EventReads.eventsPerBatch, body)
    }

    func persons(recordedAfter seq: Int64) throws -> [String] { try EventReads.persons(db, recordedAfter: seq) }

    func personsDue(by instant: Instant) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT person FROM watch WHERE next_change <= ?", arguments: [instant.microseconds])
    }

    func lastScan() throws -> ScanRecord? {
        try Row.fetchOne(db, sql: "SELECT * FROM scans ORDER BY id DESC LIMIT 1").map(Self.scanRecord)
    }

    func nextScanID() throws -> Int64 {
        (try Int64.fetchOne(db, sql: "SELECT max(id) FROM scans") ?? 0) + 1
    }

    func ledger(ofPerson person: String) throws -> [LedgerEntry] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM findings WHERE person = ?"), arguments: [person]).map(Self.ledgerEntry)
    }

    func record(_ entry: LedgerEntry, change: LedgerChange) throws {
        try db.cachedStatement(sql: """
            INSERT INTO findings (id, person, rule, state, body, concerned, first_scan, changed_scan) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET state = excluded.state, body = excluded.body, concerned = excluded.concerned,
                changed_scan = excluded.changed_scan
            """).execute(arguments: [
                entry.id, entry.person, entry.rule, entry.state.rawValue, entry.body, entry.concerned.joined(separator: "\n"),
                entry.firstScan, entry.changedScan,
            ])
        try db.cachedStatement(sql: "INSERT INTO finding_changes (finding, scan, change, body) VALUES (?, ?, ?, ?)")
            .execute(arguments: [entry.id, entry.changedScan, change.rawValue, entry.body])
    }

    /// Writes only what differs from what is stored: most persons' watch is as the last scan
    /// left it, and rewriting it would dirty pages all over the `upcoming` table (an
    /// incremental scan's writes are mostly these).
    func setWatch(person: String, nextChange: Instant?, upcoming: [UpcomingEntry]) throws {
        let storedNext = try Int64.fetchOne(db.cachedStatement(sql: "SELECT next_change FROM watch WHERE person = ?"), arguments: [person])
        if storedNext != nextChange?.microseconds {
            if let nextChange {
                try db.cachedStatement(sql: "INSERT OR REPLACE INTO watch (person, next_change) VALUES (?, ?)")
                    .execute(arguments: [person, nextChange.microseconds])
            } else {
                try db.cachedStatement(sql: "DELETE FROM watch WHERE person = ?").execute(arguments: [person])
            }
        }
        var wanted = Dictionary(upcoming.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        let stored = try Row.fetchAll(db.cachedStatement(sql: "SELECT id, due, body, concerned FROM upcoming WHERE person = ?"), arguments: [person])
        for row in stored {
            let id: String = row[0]
            if let item = wanted[id], item.due.microseconds == row[1], item.body == row[2], item.concerned.joined(separator: "\n") == row[3] {
                wanted[id] = nil
            } else {
                try db.cachedStatement(sql: "DELETE FROM upcoming WHERE id = ?").execute(arguments: [id])
            }
        }
        let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO upcoming (id, person, due, body, concerned) VALUES (?, ?, ?, ?, ?)")
        for item in upcoming where wanted[item.id] != nil {
            try insert.execute(arguments: [item.id, person, item.due.microseconds, item.body, item.concerned.joined(separator: "\n")])
        }
    }

    func countStillOpen(scan: Int64) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT count(*) FROM findings f WHERE f.state = 'open'
              AND NOT EXISTS (SELECT 1 FROM finding_changes c WHERE c.finding = f.id AND c.scan = ? AND c.change IN ('new', 'reopened'))
            """, arguments: [scan]) ?? 0
    }

    func refreshPacks(all: Bool) throws { try PersonPacks.refresh(db, all: all) }

    func finish(_ scan: ScanRecord) throws {
        try db.execute(sql: """
            INSERT INTO scans (id, ran_at, as_of, log_seq, rulebook_hash, mode, persons, events, new, still_open, closed, withdrawn)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                scan.id, scan.ranAt.microseconds, scan.asOf.microseconds, scan.logSeq, scan.rulebookHash, scan.mode.rawValue,
                scan.persons, scan.events, scan.new, scan.stillOpen, scan.closed, scan.withdrawn,
            ])
    }

    static func scanRecord(_ row: Row) -> ScanRecord {
        var record = ScanRecord(
            id: row["id"], ranAt: Instant(microseconds: row["ran_at"]), asOf: Instant(microseconds: row["as_of"]),
            logSeq: row["log_seq"], rulebookHash: row["rulebook_hash"], mode: ScanRecord.Mode(rawValue: row["mode"]) ?? .full)
        record.persons = row["persons"]
        record.events = row["events"]
        record.new = row["new"]
        record.stillOpen = row["still_open"]
        record.closed = row["closed"]
        record.withdrawn = row["withdrawn"]
        return record
    }

    static func ledgerEntry(_ row: Row) -> LedgerEntry {
        let concerned: String = row["concerned"]
        return LedgerEntry(
            id: row["id"], person: row["person"], rule: row["rule"], state: LedgerState(rawValue: row["state"]) ?? .open,
            body: row["body"], concerned: concerned.isEmpty ? [] : concerned.components(separatedBy: "\n"),
            firstScan: row["first_scan"], changedScan: row["changed_scan"])
    }
}

extension SQLiteEventStore {
    /// Ledger findings, optionally only those in the given states.
    public func ledgerEntries(states: Set<LedgerState>? = nil) throws -> [LedgerEntry] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM findings ORDER BY person, id").map(SQLiteScanSession.ledgerEntry)
                .filter { states?.contains($0.state) ?? true }
        }
    }

    /// One finding's history: the scans that changed it, oldest first.
    public func history(ofFinding id: String) throws -> [(scan: Int64, change: LedgerChange)] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT scan, change FROM finding_changes WHERE finding = ? ORDER BY scan", arguments: [id]).map {
                (scan: $0["scan"], change: LedgerChange(rawValue: $0["change"]) ?? .changed)
            }
        }
    }

    /// Upcoming obligations due in `(after, through]`, by due time.
    public func upcoming(dueAfter after: Instant, through: Instant) throws -> [UpcomingEntry] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM upcoming WHERE due > ? AND due <= ? ORDER BY due, id",
                             arguments: [after.microseconds, through.microseconds]).map { row in
                let concerned: String = row["concerned"]
                return UpcomingEntry(id: row["id"], person: row["person"], due: Instant(microseconds: row["due"]), body: row["body"],
                                     concerned: concerned.isEmpty ? [] : concerned.components(separatedBy: "\n"))
            }
        }
    }

    /// Every person's next change by time alone, for tests and diagnostics.
    public func watchList() throws -> [String: Instant] {
        try queue.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT person, next_change FROM watch").map {
                ($0["person"] as String, Instant(microseconds: $0["next_change"]))
            })
        }
    }
}
