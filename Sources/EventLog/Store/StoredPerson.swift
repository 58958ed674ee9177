/// One person's rows as stored, not yet decoded: scans read these on one thread and decode
/// them on several.
public struct StoredPerson: Sendable {
    /// One stored event: its position, times and canonical JSON.
    public struct Row: Sendable {
        let seq: Int64
        let at: Int64
        let recordedAt: Int64
        let body: String
    }

    public let person: String
    let rows: [Row]

    /// The person's events in replay order.
    public func decode() throws -> [RecordedEvent] {
        try rows.map { row in
            guard let event = try? CareEvent(storedBody: row.body, at: Instant(microseconds: row.at), person: person) else {
                throw StoreError.corruptRow(seq: row.seq)
            }
            return RecordedEvent(seq: row.seq, recordedAt: Instant(microseconds: row.recordedAt), event: event)
        }
    }

    /// How many events the person has.
    public var count: Int { rows.count }
}
