extension CareEvent {
    /// Errors reading back a stored canonical event.
    struct StoredBodyError: Error {}

    /// Reads an event back from its stored canonical JSON (already validated at ingest);
    /// `at`, when given, is the stored column and saves parsing the timestamp again.
    convenience init(storedBody body: String, at storedAt: Instant? = nil) throws {
        guard case .object(let object) = try JSONParser.parse(body),
              let id = object["id"]?.stringValue, let type = object["type"]?.stringValue,
              let actor = object["actor"]?.stringValue
        else { throw StoredBodyError() }
        let at: Instant
        if let storedAt {
            at = storedAt
        } else {
            guard let text = object["at"]?.stringValue else { throw StoredBodyError() }
            at = try RFC3339.parse(text)
        }
        self.init(id: id, type: type, person: object["person"]?.stringValue, at: at, actor: actor, data: object["data"]?.objectValue ?? [:])
    }
}
