extension CareEvent {
    /// Errors reading back a stored canonical event.
    struct StoredBodyError: Error {}

    /// Reads an event back from its stored canonical JSON (already validated at ingest).
    init(storedBody body: String) throws {
        guard case .object(let object) = try JSONParser.parse(body.utf8),
              let id = object["id"]?.stringValue, let type = object["type"]?.stringValue,
              let atText = object["at"]?.stringValue, let actor = object["actor"]?.stringValue
        else { throw StoredBodyError() }
        self.init(
            id: id, type: type, person: object["person"]?.stringValue, at: try RFC3339.parse(atText),
            actor: actor, data: object["data"]?.objectValue ?? [:])
    }
}
