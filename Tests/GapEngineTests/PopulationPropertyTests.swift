import EventLog
import Foundation
import Synthetic
import TestSupport
import Testing
@testable import GapEngine

/// Properties over generated populations, through the real store.
@Suite struct PopulationPropertyTests {
    static let asOf = try! RFC3339.parse("2027-01-01T00:00:00Z")

    /// A store in a temporary folder with helpers to ingest lines and compute all findings.
    final class Store {
        private let folder: TemporaryFolder
        let store: SQLiteEventStore

        init() throws {
            folder = try TemporaryFolder("gapwatch-prop")
            store = try SQLiteEventStore(path: folder.path + "/s.sqlite", create: true)
        }

        @discardableResult
        func ingest(_ lines: [String], at recordedAt: String) throws -> Ingester.Summary {
            let path = try folder.write("in-\(UUID().uuidString).jsonl", lines: lines)
            var problems: [String] = []
            let summary = try Ingester(store: store, recordedAt: .given(try RFC3339.parse(recordedAt)), onProblem: { problems.append($0.description) })
                .ingest(paths: [path])
            #expect(problems.isEmpty, "\(problems.prefix(3))")
            return summary
        }

        func findings(asKnownAt: String? = nil) throws -> [Finding] {
            let known = asKnownAt.map { try! RFC3339.parse($0) }
            let actors = ActorDirectory(registrations: try store.actorRegistrations(knownAt: known), asOf: PopulationPropertyTests.asOf, asKnownAt: known)
            let evaluation = Evaluation(rulebook: .standard, asOf: PopulationPropertyTests.asOf, asKnownAt: known, actors: actors)
            var all: [Finding] = []
            try store.forEachPerson(knownAt: known) { person, events in all += evaluation.findings(person: person, events: events) }
            return all
        }
    }

    static func population(seed: UInt64, persons: Int = 150) -> [String] {
        var lines: [String] = []
        PopulationGenerator(persons: persons, seed: seed, start: try! RFC3339.parse("2026-01-01T00:00:00Z"), days: 365).generate { lines.append($0) }
        return lines
    }

    /// Rulebooks whose rules read the `data` of contacts, which the default one never does:
    /// a deadline's matchers, and a report's.
    static let contactDataRules = [
        """
        - id: visit-then-call
          kind: deadline
          severity: low
          title: A home visit is followed by a phone call from someone else within a week
          after: {type: contact, data: {mode: home-visit}}
          expect: {type: contact, data: {mode: phone}, by: other}
          within: 7d
        """,
        """
        - id: called
          kind: report
          severity: low
          title: Every phone call is a report
          after: {type: contact, data: {mode: phone}}
        """,
    ].map(rulebook)

    /// The batched pipeline makes only the events its rules look at (``UndecodedEvents``) and
    /// reuses one set of rule evaluators per worker from person to person; it must find exactly
    /// what a fresh evaluation of fully decoded events finds: findings, upcoming and next change.
    @Test(arguments: [Rulebook.standard] + contactDataRules)
    func theBatchedPipelineFindsWhatFullyDecodedEventsGive(rulebook: Rulebook) throws {
        let s = try Store()
        try s.ingest(Self.population(seed: 11), at: "2027-01-01T00:00:00Z")
        let actors = ActorDirectory(registrations: try s.store.actorRegistrations(knownAt: nil), asOf: Self.asOf, asKnownAt: nil)
        let evaluation = Evaluation(rulebook: rulebook, asOf: Self.asOf, asKnownAt: nil, actors: actors)
        var batched: [String: Evaluation.PersonResult] = [:]
        try evaluation.evaluate(workers: 2, batches: { emit in try s.store.forEachBatch(knownAt: nil, eventsPerBatch: 500, emit) }) { stored, result in
            batched[stored.person] = result
        }
        var persons = 0, findings = 0
        try s.store.forEachPerson(knownAt: nil) { person, events in
            let full = evaluation.evaluate(person: person, events: events)
            let fast = try #require(batched[person])
            #expect(fast.findings == full.findings && fast.upcoming == full.upcoming && fast.nextChange == full.nextChange, "\(person)")
            persons += 1
            findings += full.findings.count
        }
        #expect(persons == batched.count && persons == 150)
        #expect(findings > 100, "the rules must find something to compare")
    }

    @Test func generationIsDeterministic() {
        #expect(Self.population(seed: 7, persons: 40) == Self.population(seed: 7, persons: 40))
        #expect(Self.population(seed: 7, persons: 40) != Self.population(seed: 8, persons: 40))
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func findingsDoNotDependOnTheOrderOfInputLines(seed: UInt64) throws {
        let lines = Self.population(seed: seed)
        let inOrder = try Store()
        try inOrder.ingest(lines, at: "2027-01-01T00:00:00Z")
        // Shuffle persons' blocks and the order inside each file, keeping every reference after
        // its target (a reference may only name an event earlier in the input).
        var rng = SplitMix64(seed: seed)
        let registrations = lines.filter { $0.contains("\"actor.registered\"") }
        var byPerson: [String: [String]] = [:]
        for line in lines where !registrations.contains(line) {
            let person = line.components(separatedBy: "\"person\":\"")[1].components(separatedBy: "\"")[0]
            byPerson[person, default: []].append(line)
        }
        var blocks = Array(byPerson.values).shuffled(using: &rng)
        for i in blocks.indices {
            let referring = blocks[i].filter { $0.contains("\"handover\":") || $0.contains("\"referral\":") || $0.contains("\"plan\":") || $0.contains("\"target\":") }
            blocks[i] = blocks[i].filter { !referring.contains($0) }.shuffled(using: &rng) + referring
        }
        let shuffled = try Store()
        try shuffled.ingest(blocks.flatMap { $0 } + registrations.shuffled(using: &rng), at: "2027-01-01T00:00:00Z")
        let expected = try inOrder.findings()
        #expect(!expected.isEmpty)
        #expect(try shuffled.findings() == expected)
    }

    @Test func reIngestingChangesNothing() throws {
        let lines = Self.population(seed: 11)
        let store = try Store()
        try store.ingest(lines, at: "2027-01-01T00:00:00Z")
        let before = try store.findings()
        let head = try store.store.head()
        let again = try store.ingest(lines.shuffled(), at: "2027-01-02T00:00:00Z")
        #expect(again.new == 0 && again.duplicate == lines.count)
        #expect(try store.store.head() == head)
        #expect(try store.findings() == before)
    }

    @Test(arguments: [21, 22] as [UInt64])
    func asKnownAtBeforeASecondIngestGivesTheFindingsOfTheFirstAlone(seed: UInt64) throws {
        let lines = Self.population(seed: seed)
        // Day one knows what happened before July; the rest arrives later (late records among them).
        let cutoff = "\"at\":\"2026-07-01"
        let early = lines.filter { line in
            guard let at = line.components(separatedBy: "\"at\":\"").dropFirst().first else { return true }
            return String(at.prefix(10)) < String(cutoff.suffix(10))
        }
        let late = lines.filter { !early.contains($0) }
        #expect(!late.isEmpty)

        let both = try Store()
        try both.ingest(early, at: "2026-07-01T00:00:00Z")
        try both.ingest(late, at: "2027-01-01T00:00:00Z")
        let firstOnly = try Store()
        try firstOnly.ingest(early, at: "2026-07-01T00:00:00Z")

        let known = try both.findings(asKnownAt: "2026-07-01T00:00:00Z")
        #expect(known == (try firstOnly.findings()))
        #expect(known != (try both.findings()))
    }
}
