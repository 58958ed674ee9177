import EventLog
import Testing
@testable import GapEngine

@Suite struct CoverageTests {
    let rules = ["need-uncovered"]

    @Test func noEventsNoFindings() {
        #expect(evaluate(Story(), rules: rules, asOf: "2026-06-01T00:00:00Z").isEmpty)
    }

    @Test func aGapExactlyAsLongAsTheGraceIsNoFinding() {
        var story = Story()
        story.add("need.identified", "2026-03-01T08:00:00Z", "region/vc", ["scope": "nursing"])
        story.add("responsibility.assumed", "2026-03-01T12:00:00Z", "kommun/hemtjanst", ["scope": "nursing"])
        #expect(evaluate(story, rules: rules, asOf: "2026-06-01T00:00:00Z").isEmpty)
    }

    @Test func oneSecondPastTheGraceIsAFinding() {
        var story = Story()
        story.add("need.identified", "2026-03-01T08:00:00Z", "region/vc", ["scope": "nursing"])
        story.add("responsibility.assumed", "2026-03-01T12:00:01Z", "kommun/hemtjanst", ["scope": "nursing"])
        #expect(evaluate(story, rules: rules, asOf: "2026-06-01T00:00:00Z").map(\.summary) == [
            "need-uncovered nursing 2026-03-01T08:00:00Z 2026-03-01T12:00:00Z 2026-03-01T12:00:01Z -→kommun/hemtjanst",
        ])
    }

    @Test func anOpenGapIsAFindingOnlyOnceAsOfIsPastDue() {
        var story = Story()
        story.add("need.identified", "2026-03-01T08:00:00Z", "region/vc", ["scope": "nursing"])
        #expect(evaluate(story, rules: rules, asOf: "2026-03-01T12:00:00Z").isEmpty)
        #expect(evaluate(story, rules: rules, asOf: "2026-03-01T12:00:01Z").map(\.summary) == [
            "need-uncovered nursing 2026-03-01T08:00:00Z 2026-03-01T12:00:00Z open -→-",
        ])
    }

    @Test func eventsAtOneInstantTakeEffectTogether() {
        var story = Story()
        story.add("responsibility.assumed", "2026-03-01T08:00:00Z", "kommun/hemtjanst", ["scope": "home-care"])
        story.add("need.identified", "2026-03-01T08:00:00Z", "region/vc", ["scope": "home-care"])
        story.add("responsibility.released", "2026-03-05T08:00:00Z", "kommun/hemtjanst", ["scope": "home-care"])
        story.add("responsibility.assumed", "2026-03-05T08:00:00Z", "kommun/boende", ["scope": "home-care"])
        #expect(evaluate(story, rules: rules, asOf: "2026-06-01T00:00:00Z").isEmpty)
    }

    @Test func actorBeforeIsTheLastToLetGoAndActorAfterTheFirstToTakeOver() {
        var story = Story()
        story.add("need.identified", "2026-03-01T08:00:00Z", "region/vc", ["scope": "home-care"])
        story.add("responsibility.assumed", "2026-03-01T08:00:00Z", "kommun/hemtjanst", ["scope": "home-care"])
        story.add("responsibility.assumed", "2026-03-01T08:00:00Z", "kommun/boende", ["scope": "home-care"])
        story.add("responsibility.released", "2026-03-02T08:00:00Z", "kommun/hemtjanst", ["scope": "home-care"])
        story.add("responsibility.released", "2026-03-02T08:00:00Z", "kommun/boende", ["scope": "home-care"])
        story.add("responsibility.assumed", "2026-03-03T08:00:00Z", "ngo/coord", ["scope": "home-care"])
        story.add("responsibility.assumed", "2026-03-03T08:00:00Z", "region/vc", ["scope": "home-care"])
        let findings = evaluate(story, rules: rules, asOf: "2026-06-01T00:00:00Z")
        #expect(findings.map(\.summary) == [
            "need-uncovered home-care 2026-03-02T08:00:00Z 2026-03-02T12:00:00Z 2026-03-03T08:00:00Z kommun/boende→ngo/coord",
        ])
        #expect(findings.first?.evidence == ["e5", "e6"])
    }

    @Test func aNeedResolvedClosesTheGapWithNoActorAfter() {
        var story = Story()
        story.add("assessment", "2026-03-01T08:00:00Z", "region/vc", ["needs": ["nursing", "social"]])
        story.add("need.resolved", "2026-03-02T08:00:00Z", "region/vc", ["scope": "nursing"])
        let findings = evaluate(story, rules: rules, asOf: "2026-03-03T00:00:00Z")
        #expect(findings.map(\.summary) == [
            "need-uncovered nursing 2026-03-01T08:00:00Z 2026-03-01T12:00:00Z 2026-03-02T08:00:00Z -→-",
            "need-uncovered social 2026-03-01T08:00:00Z 2026-03-01T12:00:00Z open -→-",
        ])
    }

    @Test func aRetractionCountsOnlyOnceItIsKnown() {
        var story = Story()
        story.add("need.identified", "2026-04-01T06:00:00Z", "kommun/soc", ["scope": "social"])
        let wrong = story.add("responsibility.assumed", "2026-04-01T07:00:00Z", "kommun/hemtjanst", ["scope": "social"])
        story.add("event.retracted", "2026-04-03T08:00:00Z", "kommun/hemtjanst", ["target": .string(wrong), "reason": "wrong person"],
                  recorded: "2026-04-03T09:00:00Z")
        #expect(evaluate(story, rules: rules, asOf: "2026-05-01T00:00:00Z", asKnownAt: "2026-04-02T00:00:00Z").isEmpty)
        #expect(evaluate(story, rules: rules, asOf: "2026-05-01T00:00:00Z").map(\.summary) == [
            "need-uncovered social 2026-04-01T06:00:00Z 2026-04-01T10:00:00Z open -→-",
        ])
    }

    @Test func deathEndsTheGapAndAGapDueAtOrAfterDeathIsNone() {
        var story = Story()
        story.add("need.identified", "2026-05-01T06:00:00Z", "region/vc", ["scope": "nursing"])
        story.add("need.identified", "2026-05-03T17:00:00Z", "region/vc", ["scope": "social"])
        story.add("person.deceased", "2026-05-03T20:00:00Z", "region/vc")
        story.add("responsibility.assumed", "2026-05-04T08:00:00Z", "kommun/hemtjanst", ["scope": "nursing"])
        story.add("need.identified", "2026-05-05T08:00:00Z", "region/vc", ["scope": "medical"])
        let findings = evaluate(story, rules: rules, asOf: "2026-06-01T00:00:00Z")
        #expect(findings.map(\.summary) == [
            "need-uncovered nursing 2026-05-01T06:00:00Z 2026-05-01T10:00:00Z 2026-05-03T20:00:00Z -→-",
        ])
    }

    @Test func aHandoverMovesResponsibilityAtOneInstant() {
        var story = Story()
        story.add("need.identified", "2026-03-01T08:00:00Z", "region/ward", ["scope": "home-care"])
        story.add("responsibility.assumed", "2026-03-01T08:00:00Z", "region/ward", ["scope": "home-care"])
        let handover = story.add("handover.initiated", "2026-03-02T08:00:00Z", "region/ward", ["scope": "home-care", "to": "kommun/hemtjanst"])
        story.add("handover.accepted", "2026-03-03T08:00:00Z", "kommun/hemtjanst", ["handover": .string(handover)])
        story.add("responsibility.released", "2026-03-04T08:00:00Z", "region/ward", ["scope": "home-care"])
        #expect(evaluate(story, rules: rules, asOf: "2026-06-01T00:00:00Z").isEmpty)
        story.add("responsibility.released", "2026-03-05T08:00:00Z", "kommun/hemtjanst", ["scope": "home-care"])
        #expect(evaluate(story, rules: rules, asOf: "2026-06-01T00:00:00Z").map(\.summary) == [
            "need-uncovered home-care 2026-03-05T08:00:00Z 2026-03-05T12:00:00Z open kommun/hemtjanst→-",
        ])
    }

    @Test func aHandoverAcceptedAfterItsInitiationIsRetractedHasNoEffect() {
        var story = Story()
        story.add("need.identified", "2026-03-01T08:00:00Z", "region/ward", ["scope": "home-care"])
        let handover = story.add("handover.initiated", "2026-03-01T08:00:00Z", "region/ward", ["scope": "home-care", "to": "kommun/hemtjanst"])
        story.add("handover.accepted", "2026-03-01T09:00:00Z", "kommun/hemtjanst", ["handover": .string(handover)])
        story.add("event.retracted", "2026-03-02T08:00:00Z", "region/ward", ["target": .string(handover), "reason": "sent in error"])
        #expect(evaluate(story, rules: rules, asOf: "2026-03-10T00:00:00Z").map(\.summary) == [
            "need-uncovered home-care 2026-03-01T08:00:00Z 2026-03-01T12:00:00Z open -→-",
        ])
    }

    @Test func eventsAfterAsOfHaveNotHappened() {
        var story = Story()
        story.add("need.identified", "2026-03-01T08:00:00Z", "region/vc", ["scope": "nursing"])
        story.add("responsibility.assumed", "2026-03-09T08:00:00Z", "kommun/hemtjanst", ["scope": "nursing"])
        #expect(evaluate(story, rules: rules, asOf: "2026-03-05T00:00:00Z").map(\.summary) == [
            "need-uncovered nursing 2026-03-01T08:00:00Z 2026-03-01T12:00:00Z open -→-",
        ])
    }
}
