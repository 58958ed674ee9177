import EventLog
import Synthetic
import Testing
@testable import GapEngine

@Suite struct UpcomingTests {
    func result(_ story: Story, asOf: String) -> Evaluation.PersonResult {
        Evaluation(rulebook: .standard, asOf: try! RFC3339.parse(asOf), asKnownAt: nil, actors: registry(["region/vc", "kommun/hemtjanst"]))
            .evaluate(person: story.person, events: story.events)
    }

    @Test func anObligationNotYetDueIsUpcomingWithTheIdOfTheFindingItBecomes() throws {
        var story = Story()
        story.add("referral.sent", "2026-01-10T10:00:00Z", "region/vc", ["to": "kommun/hemtjanst", "scope": "nursing"])
        let before = result(story, asOf: "2026-01-20T00:00:00Z")
        #expect(before.findings.isEmpty)
        let upcoming = try #require(before.upcoming.first { $0.finding.rule == "referral-unanswered" })
        #expect(upcoming.finding.due.description == "2026-01-24T10:00:00Z")
        #expect(upcoming.finding.expectedActor == "kommun/hemtjanst")
        #expect(before.nextChange == upcoming.finding.due.adding(microseconds: 1))
        let after = result(story, asOf: "2026-01-24T10:00:01Z")
        #expect(after.findings.map(\.id) == [upcoming.finding.id])
        #expect(after.findings.first?.expectedActor == "kommun/hemtjanst")
    }

    @Test func anEventThatHasNotHappenedYetIsTheNextChange() {
        var story = Story()
        story.add("need.identified", "2026-03-01T08:00:00Z", "region/vc", ["scope": "nursing"])
        story.add("responsibility.assumed", "2026-03-01T09:00:00Z", "kommun/hemtjanst", ["scope": "nursing"])
        story.add("responsibility.released", "2026-05-01T09:00:00Z", "kommun/hemtjanst", ["scope": "nursing"])
        #expect(result(story, asOf: "2026-04-01T00:00:00Z").nextChange?.description == "2026-05-01T09:00:00Z")
    }

    @Test func afterDeathNothingChanges() {
        var story = Story()
        story.add("referral.sent", "2026-01-10T10:00:00Z", "region/vc", ["to": "kommun/hemtjanst"])
        story.add("person.deceased", "2026-01-11T10:00:00Z", "region/vc")
        let died = result(story, asOf: "2026-01-12T00:00:00Z")
        #expect(died.upcoming.isEmpty && died.nextChange == nil && died.findings.isEmpty)
    }

    /// The premise of incremental scans: with no new records, a person's findings are the same
    /// for every `as_of` before its next change.
    @Test(arguments: ["2026-03-01T00:00:00Z", "2026-07-15T12:00:00Z", "2026-11-30T00:00:00Z"])
    func findingsStayTheSameUntilTheNextChange(asOfText: String) throws {
        let generator = PopulationGenerator(persons: 120, seed: 5, start: try RFC3339.parse("2026-01-01T00:00:00Z"), days: 365)
        let actors = ActorDirectory(registrations: [], asOf: .distantFuture, asKnownAt: nil)
        let asOf = try RFC3339.parse(asOfText)
        var checked = 0
        for index in 0..<generator.persons {
            let story = generator.story(of: index)
            let person = story[0].person!
            let events = story.enumerated().map { RecordedEvent(seq: Int64($0.offset + 1), recordedAt: Instant(microseconds: 0), event: $0.element) }
            let now = Evaluation(rulebook: .standard, asOf: asOf, asKnownAt: nil, actors: actors).evaluate(person: person, events: events)
            guard let next = now.nextChange else { continue }
            let justBefore = Evaluation(rulebook: .standard, asOf: next.adding(microseconds: -1), asKnownAt: nil, actors: actors)
            #expect(justBefore.findings(person: person, events: events) == now.findings)
            checked += 1
        }
        #expect(checked > 50)
    }
}
