import GRDB
import GRDBSQLite

/// Gathers whole persons' rows into batches of about `eventsPerBatch` events, each row
/// taken from the events table or unpacked from its person's pack, and hands each batch on.
///
/// A batch's persons share its rows and one buffer of their text columns (``StoredRows``).
struct BatchBuilder {
    private let actors: [String?]
    private let eventsPerBatch: Int
    private var persons: [(person: String, start: Int)] = []
    private var rows: [StoredRows.Row] = []
    private var texts: [UInt8] = []

    /// - Parameter actors: the log's actor names by code (``ActorCodes/names(_:)``).
    init(actors: [String?], eventsPerBatch: Int) {
        self.actors = actors
        self.eventsPerBatch = eventsPerBatch
    }

    /// Begins the next person (in ascending order), first handing the batch so far to `emit`
    /// when it is full. A person left with no rows is dropped.
    mutating func begin(person: String, emit: ([StoredPerson]) throws -> Void) throws {
        dropEmptyPerson()
        if rows.count >= eventsPerBatch { try flush(emit) }
        persons.append((person, rows.count))
    }

    /// The columns ``appendRow(of:)`` reads, by position.
    static let rowColumns = "seq, at, recorded_at, person, id, type, actor, data"

    /// Appends the current row of a statement that selects ``rowColumns``.
    mutating func appendRow(of statement: Statement) {
        let handle = statement.sqliteStatement
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

    /// Appends the rows of a person's pack recorded at or before `knownAt`.
    mutating func appendPack(_ pack: UnsafeBufferPointer<UInt8>, knownAt: Int64) throws {
        try PersonPack.append(pack, knownAt: knownAt, to: &rows, texts: &texts)
    }

    /// Hands on what is left.
    mutating func finish(emit: ([StoredPerson]) throws -> Void) throws {
        dropEmptyPerson()
        if !rows.isEmpty { try flush(emit) }
    }

    private mutating func dropEmptyPerson() {
        if let last = persons.last, last.start == rows.count { persons.removeLast() }
    }

    private mutating func flush(_ emit: ([StoredPerson]) throws -> Void) throws {
        let stored = StoredRows(rows: rows, texts: texts, actors: actors)
        let ends = persons.dropFirst().map(\.start) + [rows.count]
        try emit(zip(persons, ends).map { StoredPerson(person: $0.person, batch: stored, range: $0.start..<$1) })
        // The next batch is sized like this one: no growing by doubling, row by row.
        let (rowCount, byteCount) = (rows.count, texts.count)
        persons.removeAll(keepingCapacity: true)
        rows = []
        texts = []
        rows.reserveCapacity(rowCount + rowCount / 8)
        texts.reserveCapacity(byteCount + byteCount / 8)
    }
}
