import EventLog
import Pipeline

/// Evaluation of a rulebook over persons' events: a pure function of (events, rulebook,
/// `as_of`, `as_known_at`). No I/O, no clock.
package struct Evaluation: Sendable {
    package let rulebook: Rulebook
    /// Only events that happened at or before this instant count.
    package let asOf: Instant
    /// Only events recorded at or before this instant are known (`nil`: all).
    package let asKnownAt: Instant?
    /// Actor registrations as of `asOf` / `asKnownAt`.
    package let actors: ActorDirectory

    package init(rulebook: Rulebook, asOf: Instant, asKnownAt: Instant?, actors: ActorDirectory) {
        self.rulebook = rulebook
        self.asOf = asOf
        self.asKnownAt = asKnownAt
        self.actors = actors
    }

    /// This evaluation with an actor directory of its own, for one of several worker threads:
    /// the rules look actors up at every change of holdings (see `String.ownCopy`).
    private var forOneWorker: Evaluation {
        Evaluation(rulebook: rulebook, asOf: asOf, asKnownAt: asKnownAt, actors: actors.ownCopy)
    }

    /// The findings for one person, in output order.
    ///
    /// `events` are the person's events in any order and may include events not yet known or
    /// not yet happened: they are filtered here. Cost is linear in the number of events (plus
    /// sorting when they are not already in replay order).
    package func findings(person: String, events: [RecordedEvent]) -> [Finding] {
        evaluate(person: person, events: events).findings
    }

    /// Everything an evaluation of one person yields.
    package struct PersonResult: Sendable {
        /// The findings, in output order.
        package let findings: [Finding]
        /// What becomes a finding later unless it ends first, by due time.
        package let upcoming: [Upcoming]
        /// The earliest `as_of` at which this person's result can differ with no new events
        /// recorded: just past the earliest upcoming due, or the earliest event that has not
        /// happened yet. `nil`: nothing changes by time alone.
        package let nextChange: Instant?
    }

    /// Findings, upcoming obligations and the next change of one person (see ``findings(person:events:)``).
    package func evaluate(person: String, events: [RecordedEvent]) -> PersonResult {
        PersonEvaluator(self).evaluate(person: person, events: events)
    }

    /// Evaluates a population streamed as batches of stored persons: each batch is decoded and
    /// evaluated on `workers` cores while `produce` reads the next, and `consume` sees every
    /// person's result in the order the persons came (the output does not depend on `workers`).
    package func evaluate(
        workers: Int,
        batches produce: (_ emit: ([StoredPerson]) throws -> Void) throws -> Void,
        consume: (StoredPerson, PersonResult) throws -> Void
    ) throws {
        try evaluate(workers: workers, batches: produce, prepare: { _, result in result }, consume: consume)
    }

    /// The same, with `prepare` run on the worker cores on each person's result (formatting
    /// output, say), so that `consume`, which runs in order on one thread, does less.
    package func evaluate<Prepared: Sendable>(
        workers: Int,
        batches produce: (_ emit: ([StoredPerson]) throws -> Void) throws -> Void,
        prepare: @escaping @Sendable (StoredPerson, PersonResult) -> Prepared,
        consume: (StoredPerson, Prepared) throws -> Void
    ) throws {
        try Parallel.pipeline(
            workers: workers,
            produce: produce,
            scratch: { [self] in (evaluator: PersonEvaluator(forOneWorker), actorNames: ActorNameCopies()) },
            transform: { (worker: inout (evaluator: PersonEvaluator, actorNames: ActorNameCopies), stored: StoredPerson) in
                let events = try stored.undecoded(actorNames: &worker.actorNames)
                return prepare(stored, worker.evaluator.evaluate(person: stored.person, events: events))
            },
            consume: { batch, results in
                for (stored, result) in zip(batch, results) { try consume(stored, result) }
            })
    }
}

/// Which events a replay sees, and in what order.
package enum ReplayOrder {
    /// Known events (`recorded_at <= asKnownAt`) minus the targets of known retractions, that
    /// have happened by `asOf`, in (`at`, `seq`) order: their indices in `events`.
    ///
    /// A known retraction removes its target whatever the retraction's own `at`: the target
    /// counts as never having happened, for every evaluation that knows of the retraction.
    /// One pass over the keys: usually every event is known, has happened, stands and comes
    /// in replay order (as the store reads them), and no event is made.
    static func select(_ events: some ReplaySource, asOf: Instant, asKnownAt: Instant?) -> [Int] {
        var order: [Int] = []
        order.reserveCapacity(events.count)
        var retracted: Set<String> = []
        var inOrder = true
        var last: (at: Instant, seq: Int64)?
        for index in 0..<events.count {
            let key = events.key(index)
            if let limit = asKnownAt, key.recordedAt > limit { continue }
            if key.typeCode == retraction, let target = events.event(index).event.string("target") { retracted.insert(target) }
            guard key.at <= asOf else { continue }
            if let last, (last.at, last.seq) >= (key.at, key.seq) { inOrder = false }
            last = (key.at, key.seq)
            order.append(index)
        }
        if !retracted.isEmpty { order.removeAll { retracted.contains(events.event($0).event.id) } }
        if !inOrder { order.sort { (events.key($0).at, events.key($0).seq) < (events.key($1).at, events.key($1).seq) } }
        return order
    }

    /// The selected events themselves (see ``select(_:asOf:asKnownAt:)``).
    static func replayed(_ events: [RecordedEvent], asOf: Instant, asKnownAt: Instant?) -> [RecordedEvent] {
        select(events, asOf: asOf, asKnownAt: asKnownAt).map { events[$0] }
    }

    private static let retraction = EventType.code(of: EventType.eventRetracted)

    /// The events an evaluation with full knowledge sees by `asOf`, in replay order (for reports).
    package static func visible(_ events: [RecordedEvent], asOf: Instant) -> [RecordedEvent] {
        replayed(events, asOf: asOf, asKnownAt: nil)
    }

    /// The earliest `at` after `asOf` among known events (those not yet happened).
    static func nextEvent(_ events: some ReplaySource, after asOf: Instant, asKnownAt: Instant?) -> Instant? {
        var next: Instant?
        for index in 0..<events.count {
            let key = events.key(index)
            if key.at > asOf, key.recordedAt <= (asKnownAt ?? .distantFuture), key.at < next ?? .distantFuture { next = key.at }
        }
        return next
    }
}
