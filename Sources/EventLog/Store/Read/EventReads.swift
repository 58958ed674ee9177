import Foundation
import GRDB

/// The log's read queries, on a database connection, shared by the store's own reads and by
/// scan sessions (which read and write in one transaction).
package enum EventReads {
    /// An event read: the columns ``decode(_:)`` reads (by position), from `events` (as `e`)
    /// with its actor's name (`NULL` if the row's code names no actor, which `decode` refuses).
    package static let select = """
        SELECT e.seq, e.at, e.recorded_at, e.id, e.type, e.person, a.name, e.data FROM events e LEFT JOIN actors a ON a.code = e.actor
        """

    /// How many events a batch of persons holds, about: the reading thread fills one while the
    /// workers evaluate the last ones. Small enough that the few batches in flight stay in the
    /// processor's cache and reuse the same memory, where larger batches fault fresh pages in.
    package static let eventsPerBatch = 10_000

    package static func head(_ db: Database) throws -> LogHead {
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
        try forEachBatch(db, knownAt: knownAt, eventsPerBatch: eventsPerBatch) { batch in
            for stored in batch { try body(stored.person, try stored.decode()) }
        }
    }

    /// Streams every person's stored rows in batches of whole persons (about `eventsPerBatch`
    /// events each), persons in order, for decoding elsewhere.
    ///
    /// Once there are packs (``PersonPacks``), each person is read from their pack and the rows
    /// stored after it; with none, or `fromRows`, everyone from their rows, sorted by person,
    /// stepped through SQLite's C interface: a full scan reads every event of the log.
    package static func forEachBatch(
        _ db: Database, knownAt: Instant?, eventsPerBatch: Int, fromRows: Bool = false, _ body: ([StoredPerson]) throws -> Void
    ) throws {
        var builder = BatchBuilder(actors: try ActorCodes.names(db), eventsPerBatch: eventsPerBatch)
        let known = (knownAt ?? .distantFuture).microseconds
        if !fromRows, let through = try PersonPacks.through(db) {
            try readPacks(db, through: through, knownAt: known, into: &builder, body)
        } else {
            try readRows(db, knownAt: known, into: &builder, body)
        }
        try builder.finish(emit: body)
    }

    /// The given persons, in the order given, each from their pack, if they have one, and their
    /// rows stored after it (all their rows when there are no packs), in batches as
    /// ``forEachBatch(_:knownAt:eventsPerBatch:fromRows:_:)`` makes them.
    package static func forEachBatch(_ db: Database, persons: [String], eventsPerBatch: Int, _ body: ([StoredPerson]) throws -> Void) throws {
        var builder = BatchBuilder(actors: try ActorCodes.names(db), eventsPerBatch: eventsPerBatch)
        let pack = try db.makeStatement(sql: "SELECT pack FROM person_packs WHERE person = ?")
        let later = try RowsAfter(db, through: try PersonPacks.through(db) ?? 0, knownAt: Instant.distantFuture.microseconds)
        for person in persons {
            try builder.begin(person: person, emit: body)
            pack.setUncheckedArguments([person])
            if try pack.stepRow() { try appendPack(pack.columnBytes(0), knownAt: .max, to: &builder) }
            pack.rewind()
            try later.append(person, to: &builder)
        }
        try builder.finish(emit: body)
    }

    /// Every person from their rows, in person order: through the person index when a person's
    /// rows mostly lie together in the log, else sorted by SQLite.
    ///
    /// A person's rows lie wherever their ingests put them. An export that comes person by
    /// person leaves them in runs, which the index reads faster than SQLite sorts them. An
    /// export in time order scatters them, and then every row costs the index a seek and often
    /// a page read, slower than the sort (an external merge sort: runs of the page cache's size in temporary files,
    /// then merged; bounded in memory only with those files on disk, `temp_store = FILE`).
    private static func readRows(_ db: Database, knownAt: Int64, into builder: inout BatchBuilder, _ body: ([StoredPerson]) throws -> Void) throws {
        let sorted = try !rowsLieInRuns(db)
        if sorted { try db.execute(sql: "PRAGMA temp_store = FILE") }
        defer { if sorted { try? db.execute(sql: "PRAGMA temp_store = MEMORY") } }
        let statement = try db.makeStatement(sql: """
            SELECT \(BatchBuilder.rowColumns) FROM events \(sorted ? "NOT INDEXED" : "INDEXED BY events_by_person")
            WHERE person > '' AND recorded_at <= ? ORDER BY person, at, seq
            """)
        statement.bind(knownAt, at: 1)
        defer { statement.rewind() }
        var person: [UInt8] = []
        while try statement.stepRow() {
            let rowPerson = statement.columnBytes(3)
            if !person.hasSameBytes(as: rowPerson) {
                person = Array(rowPerson)
                try builder.begin(person: String(decoding: rowPerson, as: UTF8.self), emit: body)
            }
            builder.appendRow(of: statement)
        }
    }

    /// Whether, in a sample of the person index, a row mostly lies near the one before it in
    /// the log (within 256 positions, a page or two of rows; at least three rows in four): then
    /// reading through the index moves along the table rather than all over it.
    static func rowsLieInRuns(_ db: Database, sample: Int = 10_000) throws -> Bool {
        let seqs = try Int64.fetchAll(db, sql: """
            SELECT seq FROM events INDEXED BY events_by_person WHERE person > '' ORDER BY person, at, seq LIMIT ?
            """, arguments: [sample])
        let near = zip(seqs, seqs.dropFirst()).filter { abs($1 - $0) <= 256 }.count
        return near * 4 >= (seqs.count - 1) * 3
    }

    /// Every person with a pack from it and their rows stored after `through`, merged in order
    /// with the persons who have no pack yet (their rows all stored after it).
    private static func readPacks(
        _ db: Database, through: Int64, knownAt: Int64, into builder: inout BatchBuilder, _ body: ([StoredPerson]) throws -> Void
    ) throws {
        let packs = try db.makeStatement(sql: "SELECT person, pack FROM person_packs ORDER BY person")
        defer { packs.rewind() }
        let later = try RowsAfter(db, through: through, knownAt: knownAt)
        let stale = try persons(db, recordedAfter: through)
        var next = stale.startIndex
        while try packs.stepRow() {
            let person = String(decoding: packs.columnBytes(0), as: UTF8.self)
            while next < stale.endIndex, stale[next].utf8.lexicographicallyPrecedes(person.utf8) {
                try builder.begin(person: stale[next], emit: body)
                try later.append(stale[next], to: &builder)
                next += 1
            }
            try builder.begin(person: person, emit: body)
            try appendPack(packs.columnBytes(1), knownAt: knownAt, to: &builder)
            if next < stale.endIndex, stale[next].utf8.elementsEqual(person.utf8) {
                try later.append(person, to: &builder)
                next += 1
            }
        }
        for person in stale[next...] {
            try builder.begin(person: person, emit: body)
            try later.append(person, to: &builder)
        }
    }

    private static func appendPack(_ pack: UnsafeBufferPointer<UInt8>, knownAt: Int64, to builder: inout BatchBuilder) throws {
        do {
            try builder.appendPack(pack, knownAt: knownAt)
        } catch {
            throw StoreError.damagedPack
        }
    }

    /// Reads one person's rows stored after the packs (`seq` > `through`) and recorded at or
    /// before `knownAt`; the builder puts them in replay order with the pack's.
    private struct RowsAfter {
        let statement: Statement

        init(_ db: Database, through: Int64, knownAt: Int64) throws {
            statement = try db.makeStatement(
                sql: "SELECT \(BatchBuilder.rowColumns) FROM events WHERE person = ? AND seq > ? AND recorded_at <= ? ORDER BY at, seq")
            statement.bind(through, at: 2)
            statement.bind(knownAt, at: 3)
        }

        func append(_ person: String, to builder: inout BatchBuilder) throws {
            try person.withCString { person in
                statement.bind(borrowedText: person, at: 1)
                defer { statement.rewind() }
                while try statement.stepRow() { builder.appendRow(of: statement) }
            }
        }
    }

    /// The persons with rows stored after `seq`, sorted by bytes: a walk of the rowid range
    /// (with an index SQLite would visit the whole log for every incremental scan).
    package static func persons(_ db: Database, recordedAfter seq: Int64) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT DISTINCT person FROM events NOT INDEXED WHERE seq > ?", arguments: [seq])
            .filter { !$0.isEmpty }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Registrations and other events about no person (`person` = '').
    package static func globalEvents(_ db: Database, knownAt: Instant?) throws -> [RecordedEvent] {
        try events(db, person: "", knownAt: knownAt)
    }

    /// Decodes a row read by ``select``.
    package static func decode(_ row: Row) throws -> RecordedEvent {
        let seq: Int64 = row[0]
        let person: String = row[5]
        guard let actor: String = row[6] else { throw StoreError.corruptRow(seq: seq) }
        var type: String = row[4]
        let data: String = row[7] ?? ""
        do {
            let event = try type.withUTF8 { type in
                try CareEvent.stored(id: row[3], type: type, person: person.isEmpty ? nil : person, at: Instant(microseconds: row[1]),
                                     actor: actor, texts: Array(data.utf8), dataRange: 0..<data.utf8.count)
            }
            return RecordedEvent(seq: seq, recordedAt: Instant(microseconds: row[2]), event: event)
        } catch {
            throw StoreError.corruptRow(seq: seq)
        }
    }
}
