import Foundation
import GRDB
import GRDBSQLite

/// The log's read queries, on a database connection, shared by the store's own reads and by
/// scan sessions (which read and write in one transaction).
enum EventReads {
    /// An event read: the columns ``decode(_:)`` reads (by position), from `events` (as `e`)
    /// with its actor's name (`NULL` if the row's code names no actor, which `decode` refuses).
    static let select = """
        SELECT e.seq, e.at, e.recorded_at, e.id, e.type, e.person, a.name, e.data FROM events e LEFT JOIN actors a ON a.code = e.actor
        """

    static func head(_ db: Database) throws -> LogHead {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1") else {
            return LogHead(count: 0, hash: HashChain.hex(HashChain.genesis))
        }
        let hash: Data = row["hash"]
        return LogHead(count: row["seq"], hash: HashChain.hex(Array(hash)))
    }

    static func events(_ db: Database, person: String, knownAt: Instant?) throws -> [RecordedEvent] {
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "\(select) WHERE e.person = ? AND e.recorded_at <= ? ORDER BY e.at, e.seq"),
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
    ///
    /// Rows are stepped through SQLite's C interface and each text column's bytes are copied
    /// once, into the batch's buffer: a full scan reads every row of the log.
    static func forEachBatch(_ db: Database, knownAt: Instant?, eventsPerBatch: Int, _ body: ([StoredPerson]) throws -> Void) throws {
        let statement = try db.makeStatement(
            sql: "SELECT seq, at, recorded_at, person, id, type, actor, data FROM events WHERE person > '' AND recorded_at <= ? ORDER BY person, at, seq")
        let handle = statement.sqliteStatement
        sqlite3_bind_int64(handle, 1, (knownAt ?? .distantFuture).microseconds)
        defer { sqlite3_reset(handle) }
        let actors = try ActorCodes.names(db)
        // The batch being read: its persons (each with where its rows begin), rows and texts.
        var persons: [(person: String, start: Int)] = []
        var rows: [StoredRows.Row] = []
        var texts: [UInt8] = []
        var person: [UInt8] = []
        func emitBatch() throws {
            let stored = StoredRows(rows: rows, texts: texts, actors: actors)
            let ends = persons.dropFirst().map(\.start) + [rows.count]
            try body(zip(persons, ends).map { StoredPerson(person: $0.person, batch: stored, range: $0.start..<$1) })
            // The next batch is sized like this one: no growing by doubling, row by row.
            let (rowCount, byteCount) = (rows.count, texts.count)
            persons.removeAll(keepingCapacity: true)
            rows = []
            texts = []
            rows.reserveCapacity(rowCount + rowCount / 8)
            texts.reserveCapacity(byteCount + byteCount / 8)
        }
        while try statement.stepRow() {
            let rowPerson = statement.columnBytes(3)
            if !person.hasSameBytes(as: rowPerson) {
                if rows.count >= eventsPerBatch { try emitBatch() }
                person = Array(rowPerson)
                persons.append((String(decoding: rowPerson, as: UTF8.self), rows.count))
            }
            // The three text columns, one after the other: each ends where the next begins.
            texts.append(contentsOf: statement.columnBytes(4))
            let idEnd = texts.count
            texts.append(contentsOf: statement.columnBytes(5))
            let typeEnd = texts.count
            texts.append(contentsOf: statement.columnBytes(7))
            rows.append(StoredRows.Row(
                seq: sqlite3_column_int64(handle, 0), at: sqlite3_column_int64(handle, 1), recordedAt: sqlite3_column_int64(handle, 2),
                actor: sqlite3_column_int64(handle, 6), idEnd: UInt32(idEnd), typeEnd: UInt32(typeEnd), dataEnd: UInt32(texts.count)))
        }
        if !rows.isEmpty { try emitBatch() }
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

    /// Decodes a row read by ``select``.
    static func decode(_ row: Row) throws -> RecordedEvent {
        let seq: Int64 = row[0]
        let person: String = row[5]
        guard let actor: String = row[6] else { throw StoreError.corruptRow(seq: seq) }
        var type: String = row[4]
        var data: String = row[7] ?? ""
        do {
            let event = try type.withUTF8 { type in
                try data.withUTF8 { data in
                    try CareEvent.stored(id: row[3], type: type, person: person.isEmpty ? nil : person, at: Instant(microseconds: row[1]),
                                         actor: actor, data: data)
                }
            }
            return RecordedEvent(seq: seq, recordedAt: Instant(microseconds: row[2]), event: event)
        } catch {
            throw StoreError.corruptRow(seq: seq)
        }
    }
}
