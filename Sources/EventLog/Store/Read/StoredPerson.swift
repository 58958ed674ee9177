/// One person's rows as stored, not yet decoded: scans read these on one thread and decode
/// them on several.
///
/// The persons of one batch share its rows and their text columns (``StoredRows``): two
/// allocations a batch, not two a person.
package struct StoredPerson: Sendable {
    package let person: String
    /// The batch's rows; this person's are `range`.
    let batch: StoredRows
    let range: Range<Int>

    /// The person's events in replay order.
    package func decode() throws -> [RecordedEvent] {
        try decode(actors: batch.actors)
    }

    /// The same, the events' actor names taken from the calling thread's own copies: for
    /// decoding on several threads at once (see ``ActorNameCopies``).
    package func decode(actorNames: inout ActorNameCopies) throws -> [RecordedEvent] {
        try decode(actors: actorNames.copies(of: batch.actors))
    }

    private func decode(actors: [String?]) throws -> [RecordedEvent] {
        let events = try UndecodedEvents(self, actors: actors)
        return events.keys.indices.map(events.event)
    }

    /// How many events the person has.
    package var count: Int { range.count }

    /// The oldest log position among the person's rows.
    var oldestSeq: Int64 { batch.rows[range].lazy.map(\.seq).min() ?? 0 }
}

/// The rows of one batch of persons, as read, and their text columns, immutable once read.
final class StoredRows: Sendable {
    /// One stored event: its position, times, actor code, and where its text columns lie in
    /// `texts`: its `id`, `type` and `data` follow each other from `idStart` (`data` empty when
    /// the event has none). A person's rows lie in order in `texts`, maybe with bytes between
    /// them that no row refers to (a pack's own, ``PersonPack``).
    struct Row: Sendable {
        let seq: Int64
        let at: Int64
        let recordedAt: Int64
        let actor: Int64
        let idStart: UInt32
        let idEnd: UInt32
        let typeEnd: UInt32
        let dataEnd: UInt32
    }

    let rows: [Row]
    /// The rows' text columns (UTF-8).
    let texts: [UInt8]
    /// The log's actor names by code (``ActorCodes/names(_:)``), shared by every batch of a read.
    let actors: [String?]

    init(rows: [Row], texts: [UInt8], actors: [String?]) {
        self.rows = rows
        self.texts = texts
        self.actors = actors
    }
}
