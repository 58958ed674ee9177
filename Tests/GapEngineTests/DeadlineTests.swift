import Foundation
import EventLog
import Testing
@testable import GapEngine

@Suite struct DeadlineTests {
    @Test func noTriggerNoObligation() {
        var story = Story()
        story.add("contact", "2026-03-01T08:00:00Z", "region/vc")
        #expect(evaluate(story, asOf: "2026-06-01T00:00:00Z").isEmpty)
    }

    @Test func metExactlyAtTheDeadlineIsMetAndOneSecondLaterIsNot() {
        for (answered, expected) in [("2026-03-03T08:00:00Z", 0), ("2026-03-03T08:00:01Z", 1)] {
            var story = Story()
            let handover = story.add("handover.initiated", "2026-03-01T08:00:00Z", "region/ward", ["scope": "home-care", "to": "kommun/hemtjanst"])
            story.add("handover.rejected", answered, "kommun/hemtjanst", ["handover": .string(handover)])
            #expect(evaluate(story, rules: ["handover-unanswered"], asOf: "2026-06-01T00:00:00Z").count == expected)
        }
    }

    @Test func anUnmetObligationIsOpenOncePastDue() {
        var story = Story()
        story.add("referral.sent", "2026-01-10T10:00:00Z", "region/psyk", ["to": "kommun/beroende", "scope": "addiction"])
        #expect(evaluate(story, rules: ["referral-unanswered"], asOf: "2026-01-24T10:00:00Z").isEmpty)
        #expect(evaluate(story, rules: ["referral-unanswered"], asOf: "2026-01-24T10:00:01Z").map(\.summary) == [
            "referral-unanswered addiction 2026-01-10T10:00:00Z 2026-01-24T10:00:00Z open region/psyk→-",
        ])
    }

    @Test func correlationMatchesOnlyTheTriggersOwnAnswer() {
        var story = Story()
        let first = story.add("referral.sent", "2026-01-10T10:00:00Z", "region/psyk", ["to": "kommun/beroende"])
        story.add("referral.sent", "2026-01-11T10:00:00Z", "region/psyk", ["to": "kommun/soc"])
        story.add("referral.answered", "2026-01-12T10:00:00Z", "kommun/beroende", ["referral": .string(first)])
        let findings = evaluate(story, rules: ["referral-unanswered"], asOf: "2026-03-01T00:00:00Z")
        #expect(findings.map(\.evidence) == [["e2"]])
    }

    @Test func calendarDaysEndAtLocalMidnightAcrossSpringDST() {
        var story = Story()
        story.add("discharge.ready", "2026-03-27T14:00:00Z", "region/ward")
        let findings = evaluate(story, rules: ["discharge-delayed"], asOf: "2026-04-10T00:00:00Z")
        #expect(findings.map(\.due.description) == ["2026-03-30T22:00:00Z"])
    }

    @Test func calendarDaysEndAtLocalMidnightAcrossAutumnDST() {
        // Friday 23 October 2026 15:00 CEST; DST ends on Sunday 25th: due Tuesday 00:00 CET.
        var story = Story()
        story.add("discharge.ready", "2026-10-23T13:00:00Z", "region/ward")
        story.add("discharge", "2026-10-26T23:00:00Z", "region/ward")
        #expect(evaluate(story, rules: ["discharge-delayed"], asOf: "2026-11-10T00:00:00Z").isEmpty)
        var late = Story()
        late.add("discharge.ready", "2026-10-23T13:00:00Z", "region/ward")
        late.add("discharge", "2026-10-26T23:00:01Z", "region/ward")
        #expect(evaluate(late, rules: ["discharge-delayed"], asOf: "2026-11-10T00:00:00Z").map(\.due.description) == ["2026-10-26T23:00:00Z"])
    }

    @Test func byHolderCountsAnActorThatTakesOverAtTheSameInstant() {
        var story = Story()
        story.add("admission", "2026-03-20T07:00:00Z", "region/ward")
        story.add("discharge", "2026-03-31T06:00:00Z", "region/ward")
        story.add("contact", "2026-03-31T06:00:00Z", "kommun/boende")
        story.add("responsibility.assumed", "2026-03-31T06:00:00Z", "kommun/boende", ["scope": "residential"])
        #expect(evaluate(story, rules: ["discharge-followup"], asOf: "2026-04-10T00:00:00Z").isEmpty)
    }

    @Test func byHolderIgnoresContactsFromActorsWithoutResponsibility() {
        var story = Story()
        story.add("discharge", "2026-03-31T06:00:00Z", "region/ward")
        story.add("contact", "2026-04-01T06:00:00Z", "region/ward")
        #expect(evaluate(story, rules: ["discharge-followup"], asOf: "2026-04-10T00:00:00Z").map(\.summary) == [
            "discharge-followup - 2026-03-31T06:00:00Z 2026-04-03T06:00:00Z open region/ward→-",
        ])
    }

    /// A rule sees contacts only while an obligation waits for one: after the first is met it
    /// stops, and the next discharge must make it look again.
    @Test func contactsCountAgainOnceANewObligationWaits() {
        var story = Story()
        story.add("responsibility.assumed", "2026-03-01T08:00:00Z", "kommun/hemtjanst", ["scope": "home-care"])
        story.add("discharge", "2026-03-05T08:00:00Z", "region/ward")
        story.add("contact", "2026-03-06T08:00:00Z", "kommun/hemtjanst")
        story.add("contact", "2026-03-20T08:00:00Z", "kommun/hemtjanst")
        story.add("discharge", "2026-04-05T08:00:00Z", "region/ward")
        story.add("contact", "2026-04-09T08:00:00Z", "kommun/hemtjanst")
        story.add("discharge", "2026-05-05T08:00:00Z", "region/ward")
        story.add("contact", "2026-05-06T08:00:00Z", "kommun/hemtjanst")
        #expect(evaluate(story, rules: ["discharge-followup"], asOf: "2026-06-01T00:00:00Z").map(\.summary) == [
            "discharge-followup - 2026-04-05T08:00:00Z 2026-04-08T08:00:00Z 2026-04-09T08:00:00Z region/ward→kommun/hemtjanst",
        ])
    }

    @Test func unlessVoidsOnlyUpToTheDeadline() {
        var readmitted = Story()
        readmitted.add("admission", "2026-03-01T08:00:00Z", "region/ward")
        readmitted.add("discharge", "2026-03-05T08:00:00Z", "region/ward")
        readmitted.add("admission", "2026-03-08T08:00:00Z", "region/ward")
        #expect(evaluate(readmitted, rules: ["discharge-followup"], asOf: "2026-04-01T00:00:00Z").isEmpty)
        var tooLate = Story()
        tooLate.add("discharge", "2026-03-05T08:00:00Z", "region/ward")
        tooLate.add("admission", "2026-03-08T08:00:01Z", "region/ward")
        #expect(evaluate(tooLate, rules: ["discharge-followup"], asOf: "2026-04-01T00:00:00Z").count == 1)
    }

    @Test func bySameNeedsTheTriggeringActor() {
        var story = Story()
        story.add("admission", "2026-03-01T08:00:00Z", "region/ward")
        story.add("notification.sent", "2026-03-01T09:00:00Z", "region/other-ward", ["kind": "inskrivningsmeddelande"])
        story.add("notification.sent", "2026-03-01T10:00:00Z", "region/ward", ["kind": "annat"])
        #expect(evaluate(story, rules: ["admission-notice"], asOf: "2026-04-01T00:00:00Z").count == 1)
        story.add("notification.sent", "2026-03-02T08:00:00Z", "region/ward", ["kind": "inskrivningsmeddelande"])
        #expect(evaluate(story, rules: ["admission-notice"], asOf: "2026-04-01T00:00:00Z").isEmpty)
    }

    @Test(arguments: [("other", "region/ward", 1), ("other", "kommun/hemtjanst", 0), ("target", "kommun/soc", 1), ("target", "kommun/hemtjanst", 0)])
    func byOtherAndByTarget(by: String, answerer: String, findings: Int) {
        let book = rulebook("""
            - id: answered
              kind: deadline
              severity: low
              title: t
              after: {type: referral.sent}
              expect: {type: contact, by: \(by)}
              within: 1d
            """)
        var story = Story()
        story.add("referral.sent", "2026-03-01T08:00:00Z", "region/ward", ["to": "kommun/hemtjanst"])
        story.add("contact", "2026-03-01T09:00:00Z", answerer)
        #expect(evaluate(story, rulebook: book, asOf: "2026-04-01T00:00:00Z").count == findings)
    }

    @Test func dueFromDataAndMatchOnKind() {
        var story = Story()
        story.add("assessment", "2025-01-15T09:00:00Z", "region/vc", ["kind": "fall-risk", "next_due": "2025-07-15T00:00:00+02:00"])
        story.add("assessment", "2025-03-01T09:00:00Z", "region/vc", ["kind": "nutrition"])
        story.add("assessment", "2025-08-01T08:00:00Z", "region/vc", ["kind": "fall-risk"])
        #expect(evaluate(story, rules: ["assessment-overdue"], asOf: "2026-01-01T00:00:00Z").map(\.summary) == [
            "assessment-overdue - 2025-01-15T09:00:00Z 2025-07-14T22:00:00Z 2025-08-01T08:00:00Z region/vc→region/vc",
        ])
    }

    @Test func theExpectedEventMustComeAfterTheTriggerInReplayOrder() {
        var before = Story()
        before.add("notification.sent", "2026-03-01T08:00:00Z", "region/ward", ["kind": "inskrivningsmeddelande"])
        before.add("admission", "2026-03-01T08:00:00Z", "region/ward")
        #expect(evaluate(before, rules: ["admission-notice"], asOf: "2026-04-01T00:00:00Z").count == 1)
        var after = Story()
        after.add("admission", "2026-03-01T08:00:00Z", "region/ward")
        after.add("notification.sent", "2026-03-01T08:00:00Z", "region/ward", ["kind": "inskrivningsmeddelande"])
        #expect(evaluate(after, rules: ["admission-notice"], asOf: "2026-04-01T00:00:00Z").isEmpty)
    }

    @Test func deathEndsAnOverdueObligationAndVoidsOneNotYetDue() {
        var story = Story()
        story.add("referral.sent", "2026-01-01T08:00:00Z", "region/vc", ["to": "kommun/x"])
        story.add("referral.sent", "2026-01-20T08:00:00Z", "region/vc", ["to": "kommun/y"])
        story.add("person.deceased", "2026-01-25T08:00:00Z", "region/vc")
        story.add("referral.answered", "2026-01-26T08:00:00Z", "kommun/x", ["referral": "e1"])
        #expect(evaluate(story, rules: ["referral-unanswered"], asOf: "2026-06-01T00:00:00Z").map(\.summary) == [
            "referral-unanswered - 2026-01-01T08:00:00Z 2026-01-15T08:00:00Z 2026-01-25T08:00:00Z region/vc→-",
        ])
    }
    /// The engine shows a rule only the instants whose event types it can match: custom
    /// types, and matchers with no type (any event), must still reach it.
    @Test(arguments: [("{type: x-lab.answered}", "x-lab.answered", 0), ("{type: x-lab.answered}", "x-other", 1), ("{}", "x-other", 0), ("{}", "contact", 0)])
    func customTypesAndAnyTypeReachTheRule(expect: String, answer: String, findings: Int) {
        let book = rulebook("""
            - id: lab
              kind: deadline
              severity: low
              title: t
              after: {type: x-lab.ordered}
              expect: \(expect)
              within: 1d
            """)
        var story = Story()
        story.add("contact", "2026-03-01T07:00:00Z", "region/vc")
        story.add("x-lab.ordered", "2026-03-01T08:00:00Z", "region/vc")
        story.add(answer, "2026-03-01T09:00:00Z", "region/lab")
        #expect(evaluate(story, rulebook: book, asOf: "2026-04-01T00:00:00Z").count == findings)
    }
}

/// Calendar-day deadlines are computed from the zone's UTC offsets; Foundation's calendar is
/// the reference, in zones with DST at 02:00, at midnight, by 30 minutes, and none. The
/// evaluators' memo of ends by local date (several starts fall on each date here) agrees too.
@Suite struct CalendarDayTests {
    @Test(arguments: ["Europe/Stockholm", "America/Havana", "America/Santiago", "Asia/Beirut", "Australia/Lord_Howe", "Pacific/Apia", "UTC"])
    func calendarDaysAgreeWithFoundationsCalendar(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let memo = CalendarDayEnds()
        var seconds: Int64 = 1_199_145_600  // 2008-01-01, then every 7 h 13 min for ~18 years
        while seconds < 1_780_000_000 {
            for days in [0, 1, 3] {
                let startOfDay = calendar.startOfDay(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
                let expected = calendar.date(byAdding: .day, value: days + 1, to: startOfDay)!
                let due = RuleDuration.calendarDays(days).end(from: Instant(secondsSinceEpoch: seconds), in: timeZone)
                #expect(due == Instant(secondsSinceEpoch: Int64(expected.timeIntervalSince1970.rounded())), "\(zone) \(seconds) +\(days)cd")
                let remembered = RuleDuration.calendarDays(days).end(from: Instant(secondsSinceEpoch: seconds), in: timeZone, memo: memo)
                #expect(remembered == due, "\(zone) \(seconds) +\(days)cd from the memo")
            }
            seconds += 25_980
        }
    }
}
