import Foundation
import GRDB

/// The log's read queries, on a database connection, shared by the store's own reads and by
/// scan sessions (which read and write in one transaction).
enum EventReads {
    static func head(_ db: Database) throws -> LogHead {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1") else {
            return LogHead(count: 0, hash: HashChain.hex(HashChain.genesis))
        }
        let hash: Data = row["hash"]
        return LogHead(count: row["seq"], hash: HashChain.hex(Array(hash)))
    }

    static func events(_ db: Database, person: String, knownAt: Instant?) throws -> [RecordedEvent] {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT seq, at, recorded_at, body FROM events WHERE person = ? AND recorded_at <= ? ORDER BY at, seq",
            arguments: [person, (knownAt ?? .distantFuture).microseconds])
        var events: [RecordedEvent] = []
        while let row = try rows.next() { events.append(try decode(row)) }
        return events
    }

    /// Streams every person's events, persons in order (the batched cursor, decoded here).
    static func forEachPerson(_ db: Database, knownAt: Instant?, _ body: (String, [RecordedEvent]) throws -> Void) throws {
        try forEachBatch(db, knownAt: knownAt, eventsPerBatch: 50_000) { batch in
            for stored in batch { try body(stored.person, try stored.decode()) }
        }
    }

    /// Streams every person's stored rows in batches of whole persons (about `eventsPerBatch`
    /// events each), persons in order, for decoding elsewhere.
    static func forEachBatch(_ db: Database, knownAt: Instant?, eventsPerBatch: Int, _ body: ([StoredPerson]) throws -> Void) throws {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT seq, at, recorded_at, body, person FROM events WHERE person > '' AND recorded_at <= ? ORDER BY person, at, seq",
            arguments: [(knownAt ?? .distantFuture).microseconds])
        var batch: [StoredPerson] = []
        var events = 0
        var current: String?
        var pending: [StoredPerson.Row] = []
        while let row = try rows.next() {
            let person: String = row[4]
            if person != current {
                if let current {
                    batch.append(StoredPerson(person: current, rows: pending))
                    events += pending.count
                    if events >= eventsPerBatch {
                        try body(batch)
                        batch.removeAll(keepingCapacity: true)
                        events = 0
                    }
                }
                current = person
                pending = []
            }
            pending.append(StoredPerson.Row(seq: row[0], at: row[1], recordedAt: row[2], body: row[3]))
        }
        if let current { batch.append(StoredPerson(person: current, rows: pending)) }
        if !batch.isEmpty { try body(batch) }
    }

    /// Uses the `seq` index: with `person > ''` in SQL, SQLite walks the whole table by its
    /// primary key instead (a full read of the log for every incremental scan).
    static func persons(_ db: Database, recordedAfter seq: Int64) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT DISTINCT person FROM events INDEXED BY events_by_seq WHERE seq > ?", arguments: [seq])
            .filter { !$0.isEmpty }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Registrations and other events about no person (`person` = '').
    static func globalEvents(_ db: Database, knownAt: Instant?) throws -> [RecordedEvent] {
        try events(db, person: "", knownAt: knownAt)
    }

    /// Decodes a row whose first columns are `seq, at, recorded_at, body` (by position: the
    /// scan reads millions of rows).
    static func decode(_ row: Row) throws -> RecordedEvent {
        let seq: Int64 = row[0]
        guard let event = try? CareEvent(storedBody: row[3], at: Instant(microseconds: row[1])) else { throw StoreError.corruptRow(seq: seq) }
        return RecordedEvent(seq: seq, recordedAt: Instant(microseconds: row[2]), event: event)
    }
}
