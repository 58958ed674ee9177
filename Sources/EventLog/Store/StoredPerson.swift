/// One person's rows as stored, not yet decoded: scans read these on one thread and decode
/// them on several.
///
/// The rows' text columns sit in one byte buffer per person (one allocation, not one per
/// event and column).
public struct StoredPerson: Sendable {
    /// One stored event: its position, times, and where its text columns are in `texts`
    /// (`data` empty when the event has none).
    struct Row: Sendable {
        let seq: Int64
        let at: Int64
        let recordedAt: Int64
        let id: Range<Int>
        let type: Range<Int>
        let actor: Range<Int>
        let data: Range<Int>
    }

    public let person: String
    let rows: [Row]
    /// The rows' text columns (UTF-8), one after the other.
    let texts: [UInt8]

    /// The person's events in replay order.
    ///
    /// `dataTypes` (bits of type codes, ``EventType/code(of:)``; bit 0 every custom type)
    /// names the types whose `data` is read; events of other types come back with empty
    /// `data`. For readers that know which fields they use: an evaluation reads the `data`
    /// of a few types, and most events are contacts whose `data` no default rule reads.
    public func decode(dataTypes: UInt64 = .max) throws -> [RecordedEvent] {
        // A person deals with a handful of actors: each name is made once and shared.
        var actors = RepeatedStrings()
        return try texts.withUnsafeBufferPointer { texts in
            try rows.map { row in
                func text(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: texts[range]) }
                guard let event = try? CareEvent.stored(
                    id: String(decoding: text(row.id), as: UTF8.self), type: text(row.type), person: person,
                    at: Instant(microseconds: row.at), actor: actors.string(text(row.actor)), data: text(row.data), dataTypes: dataTypes)
                else { throw StoreError.corruptRow(seq: row.seq) }
                return RecordedEvent(seq: row.seq, recordedAt: Instant(microseconds: row.recordedAt), event: event)
            }
        }
    }

    /// How many events the person has.
    public var count: Int { rows.count }
}
