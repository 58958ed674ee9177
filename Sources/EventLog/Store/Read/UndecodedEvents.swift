/// One person's events as read from the log, with only what a replay orders and skips them
/// by decoded (``EventKey``): each is made into a ``RecordedEvent`` when asked for.
///
/// A scan replays every instant but hands most of them to no rule: contacts, above all, matter
/// only while someone waits for one. Made only where a rule or the replay looks, most events
/// of a scan are never allocated, counted or freed. Every row is checked when read, as
/// ``StoredPerson/decode()`` checks it, so that making an event cannot fail.
package struct UndecodedEvents: Sendable {
    /// Per event, in replay order: its place, times and type.
    package let keys: [EventKey]
    /// Per event: where its texts lie in `columns.texts`, and its actor's code.
    private let places: [Place]
    private let columns: PersonColumns

    private struct Place: Sendable {
        let idStart: Int32
        let idEnd: Int32
        let typeEnd: Int32
        let dataEnd: Int32
        let actor: Int32
    }

    /// Reads a stored person's rows; `actors` are the reading thread's actor names.
    init(_ stored: StoredPerson, actors: [String?]) throws {
        let rows = stored.batch.rows[stored.range]
        let base = rows.first.map { Int($0.idStart) } ?? 0
        let end = rows.last.map { Int($0.dataEnd) } ?? base
        guard end - base < Int(Int32.max) else { throw StoreError.corruptRow(seq: rows.first?.seq ?? 0) }
        // The person's texts in storage of their own: the events made from them keep a
        // reference, and the batch's buffer is shared by the workers decoding its other persons.
        let texts = Array(stored.batch.texts[base..<end])
        var keys: [EventKey] = [], places: [Place] = []
        keys.reserveCapacity(rows.count)
        places.reserveCapacity(rows.count)
        try texts.withUnsafeBufferPointer { bytes in
            var previousEnd = 0
            for row in rows {
                let (idStart, idEnd, typeEnd, dataEnd) = (Int(row.idStart) - base, Int(row.idEnd) - base, Int(row.typeEnd) - base, Int(row.dataEnd) - base)
                guard previousEnd <= idStart, idStart <= idEnd, idEnd <= typeEnd, typeEnd <= dataEnd, dataEnd <= bytes.count,
                      row.actor >= 0, row.actor < actors.count, actors[Int(row.actor)] != nil,
                      StoredData.isWellFormed(UnsafeBufferPointer(rebasing: bytes[typeEnd..<dataEnd]))
                else { throw StoreError.corruptRow(seq: row.seq) }
                let type = UnsafeBufferPointer(rebasing: bytes[idEnd..<typeEnd])
                let typeCode = EventType.known(utf8: type)?.code ?? EventType.code(of: String(decoding: type, as: UTF8.self))
                keys.append(EventKey(seq: row.seq, at: Instant(microseconds: row.at), recordedAt: Instant(microseconds: row.recordedAt), typeCode: typeCode))
                places.append(Place(idStart: Int32(idStart), idEnd: Int32(idEnd), typeEnd: Int32(typeEnd), dataEnd: Int32(dataEnd), actor: Int32(row.actor)))
                previousEnd = dataEnd
            }
        }
        self.keys = keys
        self.places = places
        columns = PersonColumns(texts: texts, person: stored.person, actors: actors)
    }

    /// The event at `index`, made now (each call makes it anew).
    package func event(_ index: Int) -> RecordedEvent {
        let key = keys[index], place = places[index], texts = columns.texts
        let (idStart, idEnd, typeEnd, dataEnd) = (Int(place.idStart), Int(place.idEnd), Int(place.typeEnd), Int(place.dataEnd))
        let id = texts.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[idStart..<idEnd]), as: UTF8.self) }
        let type = key.typeCode == 0 ? String(decoding: texts[idEnd..<typeEnd], as: UTF8.self) : EventType.coded[Int(key.typeCode) - 1]
        let event = CareEvent(
            id: id, type: type, typeCode: key.typeCode, person: columns.person, at: key.at, actor: columns.actors[Int(place.actor)] ?? "",
            storedData: StoredData(checked: texts, range: typeEnd..<dataEnd))
        return RecordedEvent(seq: key.seq, recordedAt: key.recordedAt, event: event)
    }
}

/// What a replay orders, groups and skips an event by.
package struct EventKey: Sendable {
    package let seq: Int64
    package let at: Instant
    package let recordedAt: Instant
    /// ``EventType/code(of:)`` of its type.
    package let typeCode: UInt8

    package init(seq: Int64, at: Instant, recordedAt: Instant, typeCode: UInt8) {
        self.seq = seq
        self.at = at
        self.recordedAt = recordedAt
        self.typeCode = typeCode
    }
}

/// One person's stored text columns and what the person's events share.
private final class PersonColumns: Sendable {
    let texts: [UInt8]
    let person: String
    let actors: [String?]

    init(texts: [UInt8], person: String, actors: [String?]) {
        self.texts = texts
        self.person = person
        self.actors = actors
    }
}

extension StoredPerson {
    /// The person's events in replay order, undecoded (``UndecodedEvents``), actor names taken
    /// from the calling thread's own copies (``ActorNameCopies``).
    package func undecoded(actorNames: inout ActorNameCopies) throws -> UndecodedEvents {
        try UndecodedEvents(self, actors: actorNames.copies(of: batch.actors))
    }
}
