extension CareEvent {
    /// Errors reading back a stored canonical event.
    struct StoredBodyError: Error {}

    /// Reads an event back from its stored canonical JSON (already validated at ingest).
    ///
    /// `at` and `person`, when given, are the stored columns: scans pass them, which saves
    /// reading those values again. Without them (`verify`), every member is read from the body.
    static func stored(_ body: String, at: Instant? = nil, person: String? = nil) throws -> CareEvent {
        var body = body
        var names = RepeatedStrings()
        return try body.withUTF8 { try stored(utf8: $0, at: at, person: person, names: &names) }
    }

    /// Reads an event back from the UTF-8 of its stored canonical JSON (see ``stored(_:at:person:)``);
    /// `names` shares actor names between the events of one read. `data` is read only for
    /// the types in `dataTypes` (see ``StoredPerson/decode(dataTypes:)``).
    static func stored(utf8 body: UnsafeBufferPointer<UInt8>, at: Instant?, person: String?, dataTypes: UInt64 = .max,
                       names: inout RepeatedStrings) throws -> CareEvent {
        if let event = StoredEventReader.event(body, at: at, person: person, dataTypes: dataTypes, names: &names) { return event }
        return try anyLayout(String(decoding: body, as: UTF8.self), at: at, person: person)
    }

    /// Reads a body whose members are in any order (the general path, for bodies not in the
    /// layout ``StoredEventReader`` expects).
    private static func anyLayout(_ body: String, at storedAt: Instant?, person storedPerson: String?) throws -> CareEvent {
        var id: String?, type: String?, actor: String?, person: String?, atText: String?
        var data: [String: JSONValue] = [:]
        try JSONParser.forEachMember(of: body) { key, value in
            switch key {
            case "id": id = value.stringValue
            case "type": type = value.stringValue
            case "actor": actor = value.stringValue
            case "person": person = value.stringValue
            case "at": atText = value.stringValue
            case "data": data = value.objectValue ?? [:]
            default: break
            }
        }
        guard let id, let type, let actor, let at = try storedAt ?? atText.map(RFC3339.parse) else { throw StoredBodyError() }
        return CareEvent(id: id, type: type, person: storedPerson ?? person, at: at, actor: actor, data: data)
    }
}
