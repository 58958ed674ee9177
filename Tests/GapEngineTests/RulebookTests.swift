import EventLog
import Foundation
import Testing
@testable import GapEngine

@Suite struct RulebookTests {
    @Test func theDefaultRulebookHoldsEveryRuleOfTheContractWithItsSource() {
        let ids = Rulebook.standard.rules.map(\.id)
        #expect(ids == [
            "need-uncovered", "handover-unanswered", "referral-unanswered", "admission-notice", "discharge-delayed",
            "discharge-followup", "assessment-overdue", "plan-review-overdue", "coordinator-silent", "sip-missing",
            "dementia-followup", "reported-gap",
        ])
        #expect(Rulebook.standard.rules.allSatisfy { !($0.source ?? "").isEmpty })
        #expect(Rulebook.standard.timeZone.identifier == "Europe/Stockholm")
    }

    @Test(arguments: [
        ("timezone: Europe/Stockholm\nrules:\n  - id: a\n    kind: coverage\n    severity: low\n    title: t\n    scopes: [x]\n    grace: 4h\n    colour: red\n", 9, "unknown field of a coverage \"colour\""),
        ("timezone: Europe/Stockholm\nrules:\n  - id: a\n    kind: gap\n    severity: low\n    title: t\n", 4, "unknown kind \"gap\""),
        ("timezone: Europe/Stockholm\nrules:\n  - id: a\n    kind: coverage\n    severity: low\n    title: t\n    scopes: [x]\n    grace: 4 hours\n", 8, "bad duration \"4 hours\""),
        ("timezone: Europe/Stockholm\nrules:\n  - id: a\n    kind: report\n    severity: low\n    title: t\n    after: {type: contact}\n  - id: a\n    kind: report\n    severity: low\n    title: t\n    after: {type: contact}\n", 8, "duplicate rule id \"a\" (first at line 3)"),
        ("timezone: Mars/Olympus\nrules: []\n", 1, "unknown time zone"),
        ("timezone: Europe/Stockholm\nrulez: []\n", 2, "unknown top-level key \"rulez\""),
        ("timezone: Europe/Stockholm\nrules:\n  - id: a\n    kind: deadline\n    severity: urgent\n    title: t\n    after: {type: contact}\n    expect: {type: discharge, by: me}\n    within: 1d\n", 5, "severity must be one of"),
        ("timezone: Europe/Stockholm\nrules:\n  - id: a\n    kind: deadline\n    severity: low\n    title: t\n    after: {type: contact}\n    expect: {type: discharge, by: me}\n    within: 1d\n", 8, "by must be one of same, other, target, holder"),
        ("timezone: Europe/Stockholm\nrules:\n  - id: a\n    kind: deadline\n    severity: low\n    title: t\n    after: {type: contact, by: same}\n    expect: {type: discharge}\n    within: 1d\n", 7, "unknown field of after \"by\""),
        ("timezone: Europe/Stockholm\nrules:\n  - id: a\n    kind: deadline\n    severity: low\n    title: t\n    after: {type: contact}\n    expect: {type: discharge}\n", 3, "needs \"within\" or \"due\""),
        ("timezone: Europe/Stockholm\nrules:\n  - id: A_1\n    kind: report\n    severity: low\n    title: t\n    after: {type: contact}\n", 3, "must match [a-z0-9-]+"),
        ("timezone: [\n", 2, "not valid YAML"),
        ("timezone: Europe/Stockholm\nrules:\n  - id: a\n    kind: report\n    severity: low\n    title: t\n    after: {type: dischrge}\n", 7,
         "after.type: \"dischrge\" is not an event type of the contract, nor a custom one (x-…); did you mean \"discharge\"?"),
        ("timezone: Europe/Stockholm\nrules:\n  - id: a\n    kind: deadline\n    severity: low\n    title: t\n    after: {type: discharge}\n    expect: {type: [contact, visit]}\n    within: 1d\n", 8,
         "expect.type: \"visit\" is not an event type of the contract, nor a custom one (x-…)"),
    ])
    func aBadRulebookIsRejectedWithTheLineOfTheProblem(yaml: String, line: Int, message: String) {
        do {
            _ = try RulebookParser.parse(yaml)
            Issue.record("accepted")
        } catch {
            #expect(error.problems.contains { $0.line == line && $0.message.contains(message) }, "\(error.problems)")
        }
    }

    @Test func matcherDataValuesAreTypedAsJSONWouldBe() throws {
        let yaml = """
            timezone: Europe/Stockholm
            rules:
              - id: typed-data
                kind: report
                severity: low
                title: t
                after:
                  type: contact
                  data: {flag: true, off: no, count: 3, ratio: 0.5, none: null, tilde: ~, quoted: "true", word: home, day: 2026-07-01}

            """
        let rule = try #require(try RulebookParser.parse(yaml).rules.first)
        guard case .report(let after) = rule.kind else { Issue.record("not a report: \(rule.kind)"); return }
        #expect(after.data == [
            "flag": .bool(true), "off": .bool(false), "count": .number("3"), "ratio": .number("0.5"), "none": .null, "tilde": .null,
            "quoted": .string("true"), "word": .string("home"), "day": .string("2026-07-01"),
        ])
    }

    @Test(arguments: [("90m", RuleDuration.fixed(microseconds: 5_400_000_000)), ("4h", .fixed(microseconds: 14_400_000_000)),
                      ("3d", .fixed(microseconds: 259_200_000_000)), ("2w", .fixed(microseconds: 1_209_600_000_000)), ("3cd", .calendarDays(3)), ("0h", .fixed(microseconds: 0))])
    func durations(text: String, duration: RuleDuration) {
        #expect(RuleDuration(text) == duration)
    }

    @Test(arguments: ["", "h", "4", "-4h", "4H", "1.5d", "4 h", "3dc"])
    func badDurations(text: String) {
        #expect(RuleDuration(text) == nil)
    }

    @Test func calendarDaysFromMondayAfternoonAreDueFridayMidnight() throws {
        let monday = try RFC3339.parse("2026-03-02T15:00:00+01:00")
        let due = RuleDuration.calendarDays(3).end(from: monday, in: TimeZone(identifier: "Europe/Stockholm")!)
        #expect(due == (try RFC3339.parse("2026-03-06T00:00:00+01:00")))
    }

    @Test func aDateMeansItsStartInTheRulebooksTimeZone() {
        #expect(Rulebook.standard.instant(parsing: "2026-07-01")?.description == "2026-06-30T22:00:00Z")
        #expect(Rulebook.standard.instant(parsing: "2026-07-32") == nil)
    }
}
