extension CareEvent {
    /// Errors reading back a stored canonical event.
    struct StoredBodyError: Error {}

    /// Reads an event back from its stored canonical JSON (already validated at ingest);
    /// `at`, when given, is the stored column and saves parsing the timestamp again.
    ///
    /// The members are streamed into the fields (no dictionary for the top level): scans read
    /// millions of these.
    convenience init(storedBody body: String, at storedAt: Instant? = nil) throws {
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
        let at: Instant
        if let storedAt {
            at = storedAt
        } else {
            guard let atText else { throw StoredBodyError() }
            at = try RFC3339.parse(atText)
        }
        self.init(id: id, type: type, person: person, at: at, actor: actor, data: data)
    }
}
