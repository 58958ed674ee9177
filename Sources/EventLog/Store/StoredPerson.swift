/// One person's rows as stored, not yet decoded: scans read these on one thread and decode
/// them on several.
///
/// The persons of one batch share its rows and their text columns (``StoredRows``): two
/// allocations a batch, not two a person.
public struct StoredPerson: Sendable {
    public let person: String
    /// The batch's rows; this person's are `range`.
    let batch: StoredRows
    let range: Range<Int>

    /// The person's events in replay order.
    public func decode() throws -> [RecordedEvent] {
        try decode(actors: batch.actors)
    }

    /// The same, the events' actor names taken from the calling thread's own copies: for
    /// decoding on several threads at once (see ``ActorNameCopies``).
    public func decode(actorNames: inout ActorNameCopies) throws -> [RecordedEvent] {
        try decode(actors: actorNames.copies(of: batch.actors))
    }

    /// The events keep their `data` in a copy of the person's text columns (``StoredData``):
    /// not in the batch's buffer, whose reference count the workers decoding the batch's other
    /// persons would then share, core against core, at every event made and freed.
    private func decode(actors: [String?]) throws -> [RecordedEvent] {
        let base = range.lowerBound == 0 ? 0 : Int(batch.rows[range.lowerBound - 1].dataEnd)
        let end = range.isEmpty ? base : Int(batch.rows[range.upperBound - 1].dataEnd)
        let texts = Array(batch.texts[base..<end])
        return try texts.withUnsafeBufferPointer { bytes in
            var start = 0
            return try batch.rows[range].map { row in
                let (idEnd, typeEnd, dataEnd) = (Int(row.idEnd) - base, Int(row.typeEnd) - base, Int(row.dataEnd) - base)
                defer { start = dataEnd }
                let id = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<idEnd]), as: UTF8.self)
                let type = UnsafeBufferPointer(rebasing: bytes[idEnd..<typeEnd])
                guard row.actor >= 0, row.actor < actors.count, let actor = actors[Int(row.actor)],
                      let event = try? CareEvent.stored(
                          id: id, type: type, person: person, at: Instant(microseconds: row.at), actor: actor,
                          texts: texts, dataRange: typeEnd..<dataEnd)
                else { throw StoreError.corruptRow(seq: row.seq) }
                return RecordedEvent(seq: row.seq, recordedAt: Instant(microseconds: row.recordedAt), event: event)
            }
        }
    }

    /// How many events the person has.
    public var count: Int { range.count }

    /// The oldest log position among the person's rows.
    var oldestSeq: Int64 { batch.rows[range].lazy.map(\.seq).min() ?? 0 }
}

/// The rows of one batch of persons, as read, and their text columns, immutable once read.
final class StoredRows: Sendable {
    /// One stored event: its position, times, actor code, and where its text columns end in
    /// `texts`. Its `id`, `type` and `data` follow each other there, `id` starting where the
    /// previous row's `data` ends (`data` empty when the event has none).
    struct Row: Sendable {
        let seq: Int64
        let at: Int64
        let recordedAt: Int64
        let actor: Int64
        let idEnd: UInt32
        let typeEnd: UInt32
        let dataEnd: UInt32
    }

    let rows: [Row]
    /// The rows' text columns (UTF-8), one after the other.
    let texts: [UInt8]
    /// The log's actor names by code (``ActorCodes/names(_:)``), shared by every batch of a read.
    let actors: [String?]

    init(rows: [Row], texts: [UInt8], actors: [String?]) {
        self.rows = rows
        self.texts = texts
        self.actors = actors
    }
}
