/// A validated care event, as the contract defines it, with its person id in canonical form.
///
/// Immutable, and a class: replays pass events around by the million, and one reference
/// count is much cheaper than copying six fields.
package final class CareEvent: Sendable, Hashable {
    /// Globally unique id; the idempotency key.
    package let id: String
    /// One of ``EventType``'s known types, or a custom `x-` type.
    package let type: String
    /// Canonical person id; `nil` only for `actor.registered`.
    package let person: String?
    /// When it happened (valid time).
    package let at: Instant
    /// The unit that acted.
    package let actor: String
    /// Type-specific fields (empty when the line had none).
    package var data: [String: JSONValue] {
        switch payload {
        case .members(let members): members
        case .stored(let stored): stored.members
        }
    }
    /// `data` as given, or as stored, read a member at a time (``StoredData``).
    let payload: Payload
    /// The type's small code (``EventType/code(of:)``), so matchers test a bit, not a string.
    package let typeCode: UInt8

    package convenience init(id: String, type: String, person: String?, at: Instant, actor: String, data: [String: JSONValue]) {
        self.init(id: id, type: type, typeCode: EventType.code(of: type), person: person, at: at, actor: actor, data: data)
    }

    /// For readers that already know the type's code.
    convenience init(id: String, type: String, typeCode: UInt8, person: String?, at: Instant, actor: String, data: [String: JSONValue]) {
        self.init(id: id, type: type, typeCode: typeCode, person: person, at: at, actor: actor, payload: .members(data))
    }

    /// For reads from the log, `data` left as stored.
    convenience init(id: String, type: String, typeCode: UInt8, person: String?, at: Instant, actor: String, storedData: StoredData) {
        self.init(id: id, type: type, typeCode: typeCode, person: person, at: at, actor: actor, payload: .stored(storedData))
    }

    private init(id: String, type: String, typeCode: UInt8, person: String?, at: Instant, actor: String, payload: Payload) {
        self.id = id
        self.type = type
        self.person = person
        self.at = at
        self.actor = actor
        self.payload = payload
        self.typeCode = typeCode
    }

    enum Payload: Sendable {
        case members([String: JSONValue])
        case stored(StoredData)
    }

    package static func == (a: CareEvent, b: CareEvent) -> Bool {
        a === b || (a.id == b.id && a.type == b.type && a.person == b.person && a.at == b.at && a.actor == b.actor && a.data == b.data)
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(at)
    }

    /// A field of `data`.
    package func value(_ field: String) -> JSONValue? {
        switch payload {
        case .members(let members): members[field]
        case .stored(let stored): stored.value(field)
        }
    }

    /// A string field of `data`.
    package func string(_ field: String) -> String? {
        switch payload {
        case .members(let members): members[field]?.stringValue
        case .stored(let stored): stored.string(field)
        }
    }

    /// A timestamp field of `data` (validated at ingest for the fields the contract names).
    package func instant(_ field: String) -> Instant? {
        switch payload {
        case .members(let members):
            guard let text = members[field]?.stringValue else { return nil }
            return try? RFC3339.parse(text)
        case .stored(let stored):
            return stored.instant(field)
        }
    }

    /// The canonical JSON of the event: keys sorted, no white space, `at` in UTC,
    /// personnummer canonical, `data` left out when empty.
    package var canonicalJSON: String {
        Self.canonicalJSON(actor: actor, at: at, data: canonicalData, id: id, person: person, type: type)
    }
}

/// An event as the log holds it: its place in the log and when the log learnt of it.
package struct RecordedEvent: Sendable, Hashable {
    /// Position in the log: 1, 2, 3, …
    package let seq: Int64
    /// When the log learnt of the event (transaction time).
    package let recordedAt: Instant
    /// The event itself.
    package let event: CareEvent
    /// `event.at`, kept beside the reference: a replay orders and groups a person's events by
    /// it, and reading it here neither counts a reference nor follows a pointer.
    package let at: Instant
    /// `event.typeCode`, kept here for the same reason.
    package let typeCode: UInt8

    package init(seq: Int64, recordedAt: Instant, event: CareEvent) {
        self.seq = seq
        self.recordedAt = recordedAt
        self.event = event
        at = event.at
        typeCode = event.typeCode
    }
}
