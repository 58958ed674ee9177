/// The canonical forms of one event, made once (on a worker thread, during an ingest): what
/// the log stores of `data` and what its hash chain covers.
public struct CanonicalEvent: Sendable, Equatable {
    /// The canonical text of the event's `data`, `nil` when it has none.
    public let data: String?
    /// The canonical JSON of the whole event.
    public let json: String

    public init(_ event: CareEvent) {
        data = event.canonicalData
        json = CareEvent.canonicalJSON(actor: event.actor, at: event.at, data: data, id: event.id, person: event.person, type: event.type)
    }
}
