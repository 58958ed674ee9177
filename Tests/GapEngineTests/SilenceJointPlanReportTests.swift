import EventLog
import Testing
@testable import GapEngine

@Suite struct SilenceTests {
    let rules = ["coordinator-silent"]

    @Test func silenceExactlyAtTheMaximumIsNoFindingOneSecondMoreIs() {
        for (contact, expected) in [("2026-01-15T08:00:00Z", 0), ("2026-01-15T08:00:01Z", 1)] {
            var story = Story()
            story.add("responsibility.assumed", "2026-01-01T08:00:00Z", "ngo/coord", ["scope": "coordination"])
            story.add("contact", contact, "ngo/coord")
            story.add("responsibility.released", "2026-01-20T08:00:00Z", "ngo/coord", ["scope": "coordination"])
            #expect(evaluate(story, rules: rules, asOf: "2026-06-01T00:00:00Z").count == expected)
        }
    }

    @Test func onlyTheHoldersOwnContactsCount() {
        var story = Story()
        story.add("responsibility.assumed", "2026-01-01T08:00:00Z", "ngo/coord", ["scope": "coordination"])
        story.add("contact", "2026-01-10T08:00:00Z", "region/vc")
        #expect(evaluate(story, rules: rules, asOf: "2026-02-01T00:00:00Z").map(\.summary) == [
            "coordinator-silent coordination 2026-01-01T08:00:00Z 2026-01-15T08:00:00Z open ngo/coord→ngo/coord",
        ])
    }

    @Test func theEndOfTheHoldingEndsTheSilence() {
        var story = Story()
        story.add("responsibility.assumed", "2026-01-01T08:00:00Z", "ngo/coord", ["scope": "coordination"])
        story.add("responsibility.released", "2026-02-01T08:00:00Z", "ngo/coord", ["scope": "coordination"])
        #expect(evaluate(story, rules: rules, asOf: "2026-06-01T00:00:00Z").map(\.summary) == [
            "coordinator-silent coordination 2026-01-01T08:00:00Z 2026-01-15T08:00:00Z 2026-02-01T08:00:00Z ngo/coord→ngo/coord",
        ])
    }
}

@Suite struct JointPlanTests {
    let rules = ["sip-missing"]

    @Test func twoPrincipalsWithoutASIPForMoreThanThreeWeeks() {
        var story = Story()
        story.add("responsibility.assumed", "2026-02-01T07:00:00Z", "kommun/hemtjanst", ["scope": "home-care"])
        story.add("responsibility.assumed", "2026-02-01T09:00:00Z", "region/vc", ["scope": "medical"])
        #expect(evaluate(story, rules: rules, asOf: "2026-02-22T09:00:00Z").isEmpty)
        #expect(evaluate(story, rules: rules, asOf: "2026-02-22T09:00:01Z").map(\.summary) == [
            "sip-missing - 2026-02-01T09:00:00Z 2026-02-22T09:00:00Z open -→-",
        ])
    }

    @Test func inpatientCareAndUnregisteredActorsDoNotCount() {
        var story = Story()
        story.add("responsibility.assumed", "2026-02-01T07:00:00Z", "kommun/hemtjanst", ["scope": "home-care"])
        story.add("admission", "2026-02-01T09:00:00Z", "region/ward")
        story.add("responsibility.assumed", "2026-02-01T09:00:00Z", "unregistered/unit", ["scope": "medical"])
        #expect(evaluate(story, rules: rules, asOf: "2026-06-01T00:00:00Z").isEmpty)
    }

    @Test func aSIPEndsTheGapAndClosingItStartsAnother() {
        var story = Story()
        story.add("responsibility.assumed", "2026-02-01T08:00:00Z", "kommun/hemtjanst", ["scope": "home-care"])
        story.add("responsibility.assumed", "2026-02-01T08:00:00Z", "region/vc", ["scope": "medical"])
        let plan = story.add("plan.established", "2026-03-10T12:00:00Z", "region/vc", ["kind": "sip", "lead": "region/vc"])
        story.add("plan.closed", "2026-05-01T10:00:00Z", "region/vc", ["plan": .string(plan)])
        #expect(evaluate(story, rules: rules, asOf: "2026-06-30T00:00:00Z").map(\.summary) == [
            "sip-missing - 2026-02-01T08:00:00Z 2026-02-22T08:00:00Z 2026-03-10T12:00:00Z -→region/vc",
            "sip-missing - 2026-05-01T10:00:00Z 2026-05-22T10:00:00Z open -→-",
        ])
    }
}

@Suite struct ReportTests {
    let rules = ["reported-gap"]

    @Test func aReportIsAFindingAtOnceClosedByAHoldersContact() {
        var story = Story()
        story.add("responsibility.assumed", "2026-01-02T07:00:00Z", "region/psyk", ["scope": "psychiatric"])
        story.add("experience.reported", "2026-02-01T18:00:00Z", "relative", ["category": "no-one-responsible"])
        #expect(evaluate(story, rules: rules, asOf: "2026-02-01T18:00:00Z").map(\.summary) == [
            "reported-gap - 2026-02-01T18:00:00Z 2026-02-01T18:00:00Z open relative→-",
        ])
        story.add("contact", "2026-02-03T09:00:00Z", "kommun/beroende")
        story.add("contact", "2026-02-04T09:00:00Z", "region/psyk")
        #expect(evaluate(story, rules: rules, asOf: "2026-03-01T00:00:00Z").map(\.summary) == [
            "reported-gap - 2026-02-01T18:00:00Z 2026-02-01T18:00:00Z 2026-02-04T09:00:00Z relative→region/psyk",
        ])
    }

    /// Between reports the rule stops looking at contacts; a second report makes it look again.
    @Test func aLaterReportIsClosedByTheFirstContactAfterIt() {
        var story = Story()
        story.add("responsibility.assumed", "2026-01-02T07:00:00Z", "region/psyk", ["scope": "psychiatric"])
        story.add("experience.reported", "2026-02-01T18:00:00Z", "relative")
        story.add("contact", "2026-02-04T09:00:00Z", "region/psyk")
        story.add("contact", "2026-02-20T09:00:00Z", "region/psyk")
        story.add("experience.reported", "2026-03-01T18:00:00Z", "person")
        story.add("contact", "2026-03-05T09:00:00Z", "region/psyk")
        #expect(evaluate(story, rules: rules, asOf: "2026-04-01T00:00:00Z").map(\.summary) == [
            "reported-gap - 2026-02-01T18:00:00Z 2026-02-01T18:00:00Z 2026-02-04T09:00:00Z relative→region/psyk",
            "reported-gap - 2026-03-01T18:00:00Z 2026-03-01T18:00:00Z 2026-03-05T09:00:00Z person→region/psyk",
        ])
    }
}

@Suite struct EvaluationTests {
    func story() -> Story {
        var story = Story()
        story.add("need.identified", "2026-03-01T08:00:00Z", "region/vc", ["scope": "nursing"])
        story.add("referral.sent", "2026-03-01T09:00:00Z", "region/vc", ["to": "kommun/hemtjanst", "scope": "nursing"])
        story.add("experience.reported", "2026-03-03T09:00:00Z", "relative")
        story.add("admission", "2026-03-04T09:00:00Z", "region/ward")
        return story
    }

    @Test func findingsDoNotDependOnTheOrderOfTheInput() {
        var shuffled = story()
        let forward = evaluate(shuffled, asOf: "2026-05-01T00:00:00Z")
        var rng = SystemRandomNumberGenerator()
        let events = shuffled.events.shuffled(using: &rng)
        shuffled = Story()
        let evaluation = Evaluation(rulebook: .standard, asOf: try! RFC3339.parse("2026-05-01T00:00:00Z"), asKnownAt: nil,
                                    actors: registry(["region/vc", "region/ward", "kommun/hemtjanst"]))
        #expect(evaluation.findings(person: "p-1", events: events) == forward)
        #expect(forward.count == 4)
    }

    @Test func idsAreStableWhenUnrelatedEventsArrive() {
        var story = story()
        let before = evaluate(story, asOf: "2026-05-01T00:00:00Z")
        story.add("contact", "2026-02-01T09:00:00Z", "region/vc")
        story.add("need.identified", "2026-04-20T09:00:00Z", "region/vc", ["scope": "social"])
        let after = evaluate(story, asOf: "2026-05-01T00:00:00Z")
        #expect(Set(before.map(\.id)).isSubset(of: Set(after.map(\.id))))
        #expect(after.count == before.count + 1)
    }

    @Test func outputIsOrderedByStartRuleAndScopeWithNullFirst() {
        let findings = evaluate(story(), asOf: "2026-05-01T00:00:00Z")
        #expect(findings.map(\.rule) == ["need-uncovered", "referral-unanswered", "reported-gap", "admission-notice"])
    }
}
