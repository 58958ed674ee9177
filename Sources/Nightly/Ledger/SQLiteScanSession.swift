import EventLog
import GRDB

/// A scan's reads and writes inside its one IMMEDIATE transaction.
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
        try CachePolicy.standard.apply(to: db)
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
        if entry.retired {
            try db.cachedStatement(sql: "INSERT INTO retirements (finding, scan) VALUES (?, ?)").execute(arguments: [entry.id, entry.changedScan])
        }
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
            INSERT INTO scans (id, ran_at, as_of, log_seq, rulebook_hash, mode, persons, events, new, still_open, closed, withdrawn, retired)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                scan.id, scan.ranAt.microseconds, scan.asOf.microseconds, scan.logSeq, scan.rulebookHash, scan.mode.rawValue,
                scan.persons, scan.events, scan.new, scan.stillOpen, scan.closed, scan.withdrawn, scan.retired,
            ])
        try Anchors.record(db, source: .scan, at: scan.ranAt)
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
        record.retired = row["retired"]
        return record
    }

    /// The columns of ``ledgerEntry(_:)``: a finding's row, and whether its last change retired it.
    static let ledgerColumns = """
        f.*, EXISTS (SELECT 1 FROM retirements r WHERE r.finding = f.id AND r.scan = f.changed_scan) AS retired
        """

    static func ledgerEntry(_ row: Row) -> LedgerEntry {
        let concerned: String = row["concerned"]
        var entry = LedgerEntry(
            id: row["id"], person: row["person"], rule: row["rule"], state: LedgerState(rawValue: row["state"]) ?? .open,
            body: row["body"], concerned: concerned.isEmpty ? [] : concerned.components(separatedBy: "\n"),
            firstScan: row["first_scan"], changedScan: row["changed_scan"])
        entry.retired = row["retired"] ?? false
        return entry
    }
}
