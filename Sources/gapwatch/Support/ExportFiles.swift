import EventLog
import GapEngine
import Pipeline

/// Export files evaluated without a store (`gaps FILE…`, `stats FILE…`).
enum ExportFiles {
    /// The files as an ingest into an empty store would keep them, and their evaluation; a bad
    /// line is reported as `FILE:LINE: message` and nothing is evaluated (65).
    static func read(_ files: [String], rulebook: Rulebook, asOf: Instant, asKnownAt: Instant?, jobs: Int) throws -> (InMemoryLog, Evaluation) {
        let log = try InMemoryLog.read(paths: files, recordedAt: currentInstant(), workers: jobs) { Console.error($0.description) }
        guard let log else { throw CLIError(Exit.dataError, "nothing was evaluated: fix the lines above (an ingest of these files would store nothing)") }
        let registrations = log.global.filter { $0.event.type == EventType.actorRegistered }
        let actors = ActorDirectory(registrations: registrations, asOf: asOf, asKnownAt: asKnownAt)
        return (log, Evaluation(rulebook: rulebook, asOf: asOf, asKnownAt: asKnownAt, actors: actors))
    }

    /// Each person's findings through `prepare` on `jobs` threads, to `consume` in person order.
    static func forEachPerson<T: Sendable>(_ persons: [(person: String, events: [RecordedEvent])], evaluation: Evaluation, jobs: Int,
                                           prepare: @escaping @Sendable (_ events: [RecordedEvent], _ findings: [Finding]) -> T,
                                           consume: (T) throws -> Void) throws {
        try Parallel.pipeline(
            workers: jobs,
            produce: { give in
                for start in stride(from: 0, to: persons.count, by: 64) { try give(Array(persons[start..<min(start + 64, persons.count)])) }
            },
            transform: { item in prepare(item.events, evaluation.findings(person: item.person, events: item.events)) },
            consume: { _, prepared in try prepared.forEach(consume) })
    }
}
