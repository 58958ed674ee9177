import EventLog
import GapEngine

/// Runs an evaluation over the store: one person, or the whole population one person at a
/// time (memory bounded by the largest person).
struct PopulationScan {
    let store: any GapwatchStore
    let evaluation: Evaluation

    /// Builds the evaluation for a rulebook and times, reading the actor registrations.
    init(store: any GapwatchStore, rulebook: Rulebook, asOf: Instant, asKnownAt: Instant?) throws {
        self.store = store
        let actors = ActorDirectory(registrations: try store.actorRegistrations(knownAt: asKnownAt), asOf: asOf, asKnownAt: asKnownAt)
        evaluation = Evaluation(rulebook: rulebook, asOf: asOf, asKnownAt: asKnownAt, actors: actors)
    }

    /// Findings of one person.
    func findings(person: String) throws -> [Finding] {
        evaluation.findings(person: person, events: try store.events(ofPerson: person, knownAt: evaluation.asKnownAt))
    }

    /// Calls `body` with each person's findings as `prepare` made them (on the worker cores:
    /// formatting output, say), persons in output order, decoding and evaluating on `workers`
    /// cores. Returns the number of persons and events replayed.
    @discardableResult
    func forEachPerson<Prepared: Sendable>(
        workers: Int, prepare: @escaping @Sendable ([Finding]) -> Prepared, _ body: (String, Prepared) throws -> Void
    ) throws -> (persons: Int, events: Int) {
        var persons = 0, events = 0
        try evaluation.evaluate(
            workers: workers, batches: { emit in try store.forEachBatch(knownAt: evaluation.asKnownAt, emit) },
            prepare: { _, result in prepare(result.findings) }
        ) { stored, prepared in
            persons += 1
            events += stored.count
            try body(stored.person, prepared)
        }
        return (persons, events)
    }
}
