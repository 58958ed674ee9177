/// One person's rows as stored, not yet decoded: scans read these on one thread and decode
/// them on several.
///
/// The bodies sit in one byte buffer per person (one allocation, not one per event).
public struct StoredPerson: Sendable {
    /// One stored event: its position, times, and where its canonical JSON is in `bodies`.
    struct Row: Sendable {
        let seq: Int64
        let at: Int64
        let recordedAt: Int64
        let body: Range<Int>
    }

    public let person: String
    let rows: [Row]
    /// The rows' bodies (UTF-8), one after the other.
    let bodies: [UInt8]

    /// The person's events in replay order.
    ///
    /// `dataTypes` (bits of type codes, ``EventType/code(of:)``; bit 0 every custom type)
    /// names the types whose `data` is read; events of other types come back with empty
    /// `data`. For readers that know which fields they use: an evaluation reads the `data`
    /// of a few types, and most events are contacts whose `data` no default rule reads.
    public func decode(dataTypes: UInt64 = .max) throws -> [RecordedEvent] {
        var names = RepeatedStrings()
        return try bodies.withUnsafeBufferPointer { bodies in
            try rows.map { row in
                let body = UnsafeBufferPointer(rebasing: bodies[row.body])
                guard let event = try? CareEvent.stored(
                    utf8: body, at: Instant(microseconds: row.at), person: person, dataTypes: dataTypes, names: &names) else {
                    throw StoreError.corruptRow(seq: row.seq)
                }
                return RecordedEvent(seq: row.seq, recordedAt: Instant(microseconds: row.recordedAt), event: event)
            }
        }
    }

    /// How many events the person has.
    public var count: Int { rows.count }
}
