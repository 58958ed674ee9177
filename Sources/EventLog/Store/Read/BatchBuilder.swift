import GRDB

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
        endPerson()
        if rows.count >= eventsPerBatch { try flush(emit) }
        persons.append((person, rows.count))
    }

    /// The columns ``appendRow(of:)`` reads, by position.
    static let rowColumns = "seq, at, recorded_at, person, id, type, actor, data"

    /// Appends the current row of a statement that selects ``rowColumns``.
    mutating func appendRow(of statement: Statement) {
        // The three text columns, one after the other: each ends where the next begins.
        let idStart = texts.count
        texts.append(contentsOf: statement.columnBytes(4))
        let idEnd = texts.count
        texts.append(contentsOf: statement.columnBytes(5))
        let typeEnd = texts.count
        texts.append(contentsOf: statement.columnBytes(7))
        rows.append(StoredRows.Row(
            seq: statement.columnInt64(0), at: statement.columnInt64(1), recordedAt: statement.columnInt64(2),
            actor: statement.columnInt64(6), idStart: UInt32(idStart), idEnd: UInt32(idEnd), typeEnd: UInt32(typeEnd), dataEnd: UInt32(texts.count)))
    }

    /// Appends the rows of a person's pack recorded at or before `knownAt`.
    mutating func appendPack(_ pack: UnsafeBufferPointer<UInt8>, knownAt: Int64) throws {
        try PersonPack.append(pack, knownAt: knownAt, to: &rows, texts: &texts)
    }

    /// Hands on what is left.
    mutating func finish(emit: ([StoredPerson]) throws -> Void) throws {
        endPerson()
        if !rows.isEmpty { try flush(emit) }
    }

    /// Drops the last person if they have no rows, else puts their rows in replay order.
    private mutating func endPerson() {
        guard let start = persons.last?.start else { return }
        if start == rows.count {
            persons.removeLast()
        } else {
            putInReplayOrder(start..<rows.count)
        }
    }

    /// Sorts rows by (`at`, `seq`), their texts with them: a pack and the rows stored after it
    /// come one after the other, and an event stored later may have happened earlier.
    private mutating func putInReplayOrder(_ range: Range<Int>) {
        func precedes(_ a: StoredRows.Row, _ b: StoredRows.Row) -> Bool { (a.at, a.seq) < (b.at, b.seq) }
        guard zip(rows[range], rows[range].dropFirst()).contains(where: { !precedes($0, $1) }) else { return }
        let base = Int(rows[range.lowerBound].idStart)
        var sortedRows: [StoredRows.Row] = []
        var sortedTexts: [UInt8] = []
        sortedRows.reserveCapacity(range.count)
        sortedTexts.reserveCapacity(texts.count - base)
        for index in range.sorted(by: { precedes(rows[$0], rows[$1]) }) {
            let row = rows[index], from = Int(row.idStart), offset = base + sortedTexts.count - from
            sortedTexts.append(contentsOf: texts[from..<Int(row.dataEnd)])
            sortedRows.append(StoredRows.Row(
                seq: row.seq, at: row.at, recordedAt: row.recordedAt, actor: row.actor, idStart: UInt32(from + offset),
                idEnd: UInt32(Int(row.idEnd) + offset), typeEnd: UInt32(Int(row.typeEnd) + offset), dataEnd: UInt32(Int(row.dataEnd) + offset)))
        }
        rows.replaceSubrange(range, with: sortedRows)
        texts.replaceSubrange(base..., with: sortedTexts)
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
