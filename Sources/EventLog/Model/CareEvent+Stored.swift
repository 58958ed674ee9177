extension CareEvent {
    /// Errors reading back a stored canonical event.
    struct StoredBodyError: Error {}

    /// Reads an event back from its stored canonical JSON (already validated at ingest).
    ///
    /// `at` and `person`, when given, are the stored columns: scans pass them, which saves
    /// reading those values again. Without them (`verify`), every member is read from the body.
    convenience init(storedBody body: String, at storedAt: Instant? = nil, person storedPerson: String? = nil) throws {
        var body = body
        let members = try body.withUTF8 { try Self.storedMembers($0, at: storedAt, person: storedPerson) }
        self.init(id: members.id, type: members.type, person: members.person, at: members.at!, actor: members.actor, data: members.data)
    }

    /// Reads an event back from the UTF-8 of its stored canonical JSON (see ``init(storedBody:at:person:)``).
    convenience init(storedUTF8 body: UnsafeBufferPointer<UInt8>, at storedAt: Instant?, person storedPerson: String?) throws {
        let members = try Self.storedMembers(body, at: storedAt, person: storedPerson)
        self.init(id: members.id, type: members.type, person: members.person, at: members.at!, actor: members.actor, data: members.data)
    }

    private static func storedMembers(_ body: UnsafeBufferPointer<UInt8>, at storedAt: Instant?, person storedPerson: String?) throws -> StoredEventReader.Members {
        var members = try StoredEventReader.read(body, skipAt: storedAt != nil, skipPerson: storedPerson != nil)
            ?? anyLayout(String(decoding: body, as: UTF8.self))
        if let storedAt { members.at = storedAt }
        if let storedPerson { members.person = storedPerson }
        guard members.at != nil else { throw StoredBodyError() }
        return members
    }

    /// Reads a body whose members are in any order (the general path, for bodies not in the
    /// layout ``StoredEventReader`` expects).
    private static func anyLayout(_ body: String) throws -> StoredEventReader.Members {
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
        guard let id, let type, let actor else { throw StoredBodyError() }
        return StoredEventReader.Members(actor: actor, at: try atText.map(RFC3339.parse), data: data, id: id, person: person, type: type)
    }
}
