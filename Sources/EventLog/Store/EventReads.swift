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

    static func forEachPerson(_ db: Database, knownAt: Instant?, _ body: (String, [RecordedEvent]) throws -> Void) throws {
        let rows = try Row.fetchCursor(
            db, sql: "SELECT person, seq, at, recorded_at, body FROM events WHERE person > '' AND recorded_at <= ? ORDER BY person, at, seq",
            arguments: [(knownAt ?? .distantFuture).microseconds])
        var current: String?
        var batch: [RecordedEvent] = []
        while let row = try rows.next() {
            let person: String = row["person"]
            if person != current {
                if let current { try body(current, batch) }
                current = person
                batch.removeAll(keepingCapacity: true)
            }
            batch.append(try decode(row))
        }
        if let current { try body(current, batch) }
    }

    static func persons(_ db: Database, recordedAfter seq: Int64) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT DISTINCT person FROM events WHERE seq > ? AND person > '' ORDER BY person", arguments: [seq])
    }

    /// Registrations and other events about no person (`person` = '').
    static func globalEvents(_ db: Database, knownAt: Instant?) throws -> [RecordedEvent] {
        try events(db, person: "", knownAt: knownAt)
    }

    static func decode(_ row: Row) throws -> RecordedEvent {
        let seq: Int64 = row["seq"]
        guard let event = try? CareEvent(storedBody: row["body"]) else { throw StoreError.corruptRow(seq: seq) }
        return RecordedEvent(seq: seq, recordedAt: Instant(microseconds: row["recorded_at"]), event: event)
    }
}
