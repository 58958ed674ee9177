/// The event log's storage, behind a small interface so that a second backend (PostgreSQL,
/// for regions that outgrow one machine) can be added without touching the rule engine.
///
/// Every read takes `knownAt`: only events recorded at or before it are returned (`nil`: all).
package protocol EventStore: Sendable {
    /// The newest position of the log and its hash.
    func head() throws -> LogHead

    /// Runs `body` in one write transaction that holds the log's write lock: everything it
    /// appends is stored if it returns `true`, nothing if it returns `false` or throws.
    func withAppendSession<T>(_ body: (any AppendSession) throws -> (commit: Bool, result: T)) throws -> T

    /// One person's events in replay order (`at`, then `seq`).
    func events(ofPerson person: String, knownAt: Instant?) throws -> [RecordedEvent]

    /// Streams the whole population one person at a time, persons in ascending byte order,
    /// each person's events in replay order. Memory is bounded by the largest person.
    func forEachPerson(knownAt: Instant?, _ body: (String, [RecordedEvent]) throws -> Void) throws

    /// Persons with at least one event stored after `seq` (for incremental scans).
    func persons(recordedAfter seq: Int64) throws -> [String]

    /// Every `actor.registered` event, in replay order.
    func actorRegistrations(knownAt: Instant?) throws -> [RecordedEvent]

    /// Streams the population in batches of whole persons, undecoded (see ``StoredPerson``), so
    /// that a caller can decode and evaluate a batch on several cores; persons in ascending byte
    /// order. `eventsPerBatch` is for tests (`nil`: the store's own choice).
    func forEachBatch(knownAt: Instant?, eventsPerBatch: Int?, _ body: ([StoredPerson]) throws -> Void) throws

    /// gapwatch's own events (acknowledgements, silences), in log order.
    func controlEvents() throws -> [RecordedEvent]

    /// Every actor's traffic into the log, by actor (for "no data" warnings).
    func actorActivity() throws -> [String: ActorActivity]

    /// Recomputes the hash chain and checks every row against its stored event, the access
    /// log's chain, and that both still reach every head an ingest or scan recorded.
    /// The event stored under an id, if any.
    func storedEvent(id: String) throws -> RecordedEvent?

    /// The events stored under any of the ids, by id (looked up in slices).
    func storedEvents(ids: [String]) throws -> [String: RecordedEvent]

    /// Whether any stored event's id starts with the prefix.
    func hasEvents(idPrefix: String) throws -> Bool

    /// The latest value of each of the keys that an importer kept (see ``AppendSession/keep(_:)``).
    func externalKeys(_ keys: [String]) throws -> [String: ExternalKey]

    func verify() throws -> VerifyResult

    /// Where the log and the access log end now, as a checkpoint to sign.
    func checkpoint(made: Instant) throws -> Checkpoint

    /// Whether the log and the access log still reach `checkpoint`, and the log `expectedHead`
    /// (a `seq` and its hash kept elsewhere): `nil`, or what is broken.
    func check(reaching checkpoint: Checkpoint?, expectedHead: (seq: Int64, hash: [UInt8])?) throws -> VerifyResult?
}

extension EventStore {
    /// The population in batches of the store's own size (see ``forEachBatch(knownAt:eventsPerBatch:_:)``).
    package func forEachBatch(knownAt: Instant?, _ body: ([StoredPerson]) throws -> Void) throws {
        try forEachBatch(knownAt: knownAt, eventsPerBatch: nil, body)
    }
}

/// An actor's traffic into the log.
package struct ActorActivity: Sendable, Equatable {
    /// Events the actor has sent, in all.
    package let events: Int
    /// When the log last stored one of them.
    package let lastRecordedAt: Instant

    package init(events: Int, lastRecordedAt: Instant) {
        self.events = events
        self.lastRecordedAt = lastRecordedAt
    }
}

/// What a write transaction offers the ingester.
package protocol AppendSession {
    /// The event stored under `id`, if any (including those appended earlier in this session).
    func storedEvent(id: String) throws -> RecordedEvent?
    /// Where the hash chain stands: the `seq` the next event takes and the hash it chains to.
    func chainPosition() -> ChainPosition
    /// Appends a valid event (its columns and canonical JSON made by the caller) at the next
    /// `seq`, chaining its hash; returns `false`, appending nothing, when an event with its id
    /// is already stored. `recordedAt` must not be earlier than the log's newest `recorded_at`.
    /// The event's hash is taken from `hashedAhead` when that link follows the chain as it
    /// stands (same `seq`, previous hash and `recordedAt`), else computed here.
    func append(_ event: EventColumns, recordedAt: Instant, hashedAhead: ChainLink?) throws -> Bool
    /// The log's code for an actor's name, which event rows keep in its place; a name new to
    /// the log is given one (stored with the session's events, or not at all).
    func actorCode(_ actor: String) throws -> Int64
    /// Counts `events` appended in this session by `actor`, at `recordedAt` (the log keeps each
    /// actor's activity for its "no data" warnings).
    func recordActivity(actor: String, events: Int, recordedAt: Instant)
    /// The newest `recorded_at` in the log, if it holds anything.
    func latestRecordedAt() throws -> Instant?
    /// Keeps what an importer resolved, with this session's events (or not at all); a key
    /// whose latest value is the same is not written again.
    func keep(_ keys: [ExternalKey]) throws
}

/// The newest position of the log.
package struct LogHead: Sendable, Equatable {
    /// Number of stored events (= the newest `seq`).
    package let count: Int64
    /// Hex SHA-256 of the newest event, or 64 zeros for an empty log.
    package let hash: String
    package init(count: Int64, hash: String) {
        self.count = count
        self.hash = hash
    }
}

/// The outcome of checking the hash chain.
package enum VerifyResult: Sendable, Equatable {
    /// Every row matches; the log's head.
    case ok(LogHead)
    /// The first `seq` whose row does not match the chain, and what is wrong with it.
    case broken(seq: Int64, reason: String)
    /// The first access log entry (counted from 1) that does not match its chain or a recorded head.
    case brokenAccessLog(entry: Int64, reason: String)
}
