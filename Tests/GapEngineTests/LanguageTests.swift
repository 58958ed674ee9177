import GapEngine
import Testing

/// Issue 26, item 5: Swedish conventions for numbers and durations, and Swedish rule titles.
@Suite struct LanguageTests {
    @Test func numbersFollowEachLanguagesConventions() {
        #expect(Language.sv.integer(12_345) == "12\u{00A0}345")
        #expect(Language.en.integer(12_345) == "12,345")
        #expect(Language.sv.integer(999) == "999")
        #expect(Language.sv.integer(1_234_567) == "1\u{00A0}234\u{00A0}567")
        #expect(Language.sv.decimal(114.28) == "114,3")
        #expect(Language.en.decimal(0.04) == "0.0")
        #expect(Language.sv.decimal(1234.5) == "1\u{00A0}234,5")
    }

    @Test func durationsReadNaturally() {
        let hour: Int64 = 3_600_000_000
        #expect(Language.sv.duration(76 * hour) == "3\u{00A0}dygn 4\u{00A0}tim")
        #expect(Language.en.duration(76 * hour) == "3d 4h")
        #expect(Language.sv.duration(hour / 60 * 45) == "45\u{00A0}min")
        #expect(Language.en.duration(12_000_000) == "12s")
    }

    @Test func everyDefaultRuleHasASwedishTitleAndTheContractsTitleStays() {
        for rule in Rulebook.standard.rules {
            let swedish = rule.title(in: .sv)
            #expect(rule.swedishTitle != nil && swedish != rule.title, "\(rule.id)")
            #expect(rule.title(in: .en) == rule.title)
        }
        #expect(Rulebook.standard.rules.first { $0.id == "sip-missing" }?.title(in: .sv) == "Flera huvudmän involverade men ingen SIP")
    }

    @Test func aRulebookWithoutASwedishTitleFallsBackToItsTitle() throws {
        let rulebook = try RulebookParser.parse("""
            timezone: Europe/Stockholm
            rules:
              - {id: r, kind: report, severity: low, title: Reported, after: {type: experience.reported}}
            """)
        #expect(rulebook.rules[0].title(in: .sv) == "Reported")
        #expect(Language.sv.severity(.critical) == "kritisk")
    }
}
