import EventLog
import Foundation
import Synthetic
import Testing
@testable import GapEngine

/// The ledger keeps findings as their contract JSON and the digest reads them back through
/// `Codable`: every field must survive, for findings and for upcoming obligations.
@Suite struct FindingCodableTests {
    func evaluate(_ story: Story, asOf: String) -> Evaluation.PersonResult {
        Evaluation(rulebook: .standard, asOf: try! RFC3339.parse(asOf), asKnownAt: nil, actors: registry(["region/vc", "kommun/hemtjanst"]))
            .evaluate(person: story.person, events: story.events)
    }

    var story: Story {
        var story = Story()
        story.add("need.identified", "2026-03-01T08:00:00Z", "region/vc", ["scope": "nursing"])
        story.add("responsibility.assumed", "2026-03-04T09:00:00Z", "kommun/hemtjanst", ["scope": "nursing"])
        story.add("referral.sent", "2026-03-10T10:00:00Z", "region/vc", ["to": "kommun/hemtjanst", "scope": "nursing"])
        return story
    }

    @Test func aFindingsJSONLineReadsBackAsTheSameFinding() throws {
        let findings = evaluate(story, asOf: "2026-04-01T00:00:00Z").findings
        #expect(findings.contains { $0.end != nil } && findings.contains { $0.end == nil })
        for finding in findings {
            // expected_actor is not part of the contract's line, so it reads back as nil.
            let read = try Finding(json: finding.jsonLine)
            #expect(read.id == finding.id && read.jsonLine == finding.jsonLine && read.expectedActor == nil)
        }
    }

    @Test func anEncodedFindingDecodesToItselfWithTheExpectedActor() throws {
        for finding in evaluate(story, asOf: "2026-04-01T00:00:00Z").findings {
            #expect(try JSONDecoder().decode(Finding.self, from: JSONEncoder().encode(finding)) == finding)
        }
    }

    @Test func anUpcomingObligationReadsAsTheOpenFindingItWouldBecome() throws {
        let upcoming = try #require(evaluate(story, asOf: "2026-03-11T00:00:00Z").upcoming.first { $0.finding.rule == "referral-unanswered" })
        let read = try Finding(json: upcoming.jsonLine)
        #expect(read == upcoming.finding)
        #expect(read.expectedActor == "kommun/hemtjanst" && read.end == nil && read.evidence.isEmpty)
    }

    @Test func aLineWithABadTimestampIsRefused() throws {
        let finding = try #require(evaluate(story, asOf: "2026-04-01T00:00:00Z").findings.first)
        let broken = finding.jsonLine.replacingOccurrences(of: RFC3339.format(finding.due, fraction: false), with: "yesterday")
        #expect(throws: DecodingError.self) { try Finding(json: broken) }
    }
}
