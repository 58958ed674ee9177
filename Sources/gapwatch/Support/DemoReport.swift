import EventLog
import Foundation
import GapEngine

/// The demo's explanation of what gapwatch found, for someone new to the domain.
struct DemoReport {
    let folder: String
    let persons: Int
    let events: Int
    let actors: Int
    let head: LogHead
    let rulebook: Rulebook
    let asOf: Instant
    let findings: [Finding]
    /// How the reader runs gapwatch: `gapwatch`, or `swift run gapwatch` from a checkout.
    let command: String
    let language: Language

    func lines() -> [String] { language == .sv ? swedish() : english() }

    private func swedish() -> [String] {
        let time = TimeText(timeZone: rulebook.timeZone)
        let open = findings.filter(\.isOpen)
        let affected = Set(findings.map(\.person)).count
        let n = language.integer
        var out = [
            "gapwatch demo: en påhittad kommun (Norrköping) och dess region, \(n(persons)) personer, två års vård och omsorg.",
            "",
        ] + Self.commented([
            ("  1. skapade \(n(events)) händelser från \(n(actors)) aktörer", "\(folder)/events.jsonl"),
            ("  2. läste in dem i en hashkedjad logg som bara kan växa", "\(folder)/gapwatch.sqlite"),
        ], marker: "") + [
            "     (gapwatch verify: ok: \(n(Int(head.count))) händelser, huvud \(head.hash.prefix(16))…)",
            "  3. spelade upp varje persons händelser mot standardregelbokens \(rulebook.rules.count) regler,",
            "     per \(time.local(asOf)) (\(rulebook.timeZone.identifier))",
            "",
            "Ett mellanrum är ett glapp mellan aktörer där ingen har ansvaret för en person:",
            "ett behov som ingen har tagit på sig, en tidsfrist som ingen höll, en samordnare som tystnade.",
            "",
            "Hittade \(n(findings.count)) brister för \(n(affected)) av \(n(persons)) personer; \(n(open.count)) är fortfarande öppna.",
            "",
        ]
        let rows = [["REGEL", "BRISTER", "ÖPPNA", "VAD DEN BETYDER"]] + rulebook.rules.map { rule in
            let mine = findings.filter { $0.rule == rule.id }
            return [rule.id, n(mine.count), n(mine.filter(\.isOpen).count), rule.title(in: .sv)]
        }
        out += aligned(rows).map { "  " + $0 }
        if let example {
            let length = language.duration((example.end ?? asOf).microseconds(since: example.start))
            out += [
                "",
                "En av dem, i klartext:",
                "  Person \(PersonID.masked(example.person)) behövde \(example.scope ?? "vård") från \(time.local(example.start))"
                    + (example.end.map { " till \(time.local($0))" } ?? " till nu") + " (\(length)),",
                "  och ingen aktör hade ansvaret: "
                    + (example.actorBefore.map { "\($0) hade släppt det, " } ?? "ingen hade haft det förut, ")
                    + (example.actorAfter.map { "och \($0) tog över." } ?? "och ingen har tagit över ännu."),
                "  Underlag: händelserna \(example.evidence.joined(separator: ", ")) i loggen.",
            ]
        }
        out += [
            "",
            "Bristerna finns i \(folder)/findings.jsonl och \(folder)/findings.csv. Prova sedan:",
        ]
        out += Self.commented([
            ("  \(command) gaps --db \(folder)/gapwatch.sqlite --as-of 2027-01-01", "öppna brister, som tabell"),
            ("  \(command) stats --db \(folder)/gapwatch.sqlite --as-of 2027-01-01 --by principal", "uppföljning per huvudman och månad"),
            ("  \(command) rules show", "reglerna, med lagen bakom varje"),
            ("  \(command) ingest --db \(folder)/fhir.sqlite --from fhir EXPORT.ndjson", "en FHIR R4-export från journalsystemen (docs/fhir.md)"),
        ])
        return out
    }

    private func english() -> [String] {
        let time = TimeText(timeZone: rulebook.timeZone)
        let open = findings.filter(\.isOpen)
        let affected = Set(findings.map(\.person)).count
        var out = [
            "gapwatch demo: a synthetic municipality (Norrköping) and its region, \(persons) persons, two years of care.",
            "",
        ] + Self.commented([
            ("  1. generated \(events) care events from \(actors) actors", "\(folder)/events.jsonl"),
            ("  2. ingested them into an append-only, hash-chained log", "\(folder)/gapwatch.sqlite"),
        ], marker: "") + [
            "     (gapwatch verify: ok: \(head.count) events, head \(head.hash.prefix(16))…)",
            "  3. replayed every person's events against the \(rulebook.rules.count) rules of the default rulebook,",
            "     as of \(time.local(asOf)) (\(rulebook.timeZone.identifier))",
            "",
            "A mellanrum is a gap between actors where no one holds responsibility for a person:",
            "a need nobody has taken on, a deadline nobody met, a coordinator who went silent.",
            "",
            "Found \(findings.count) findings for \(affected) of \(persons) persons; \(open.count) are still open.",
            "",
        ]
        let rows = [["RULE", "FINDINGS", "OPEN", "WHAT IT MEANS"]] + rulebook.rules.map { rule in
            let mine = findings.filter { $0.rule == rule.id }
            return [rule.id, String(mine.count), String(mine.filter(\.isOpen).count), rule.title]
        }
        out += aligned(rows).map { "  " + $0 }
        if let example {
            let length = Language.en.duration((example.end ?? asOf).microseconds(since: example.start))
            out += [
                "",
                "One of them, told plainly:",
                "  Person \(PersonID.masked(example.person)) needed \(example.scope ?? "care") from \(time.local(example.start))"
                    + (example.end.map { " to \(time.local($0))" } ?? " until now") + " (\(length)),",
                "  and no actor held responsibility for it: "
                    + (example.actorBefore.map { "\($0) had let it go, " } ?? "no one had held it before, ")
                    + (example.actorAfter.map { "and \($0) took it on." } ?? "and no one has taken it on yet."),
                "  Evidence: events \(example.evidence.joined(separator: ", ")) in the log.",
            ]
        }
        out += [
            "",
            "The findings are in \(folder)/findings.jsonl and \(folder)/findings.csv. Try next:",
        ]
        out += Self.commented([
            ("  \(command) gaps --db \(folder)/gapwatch.sqlite --as-of 2027-01-01", "open findings, as a table"),
            ("  \(command) gaps --db \(folder)/gapwatch.sqlite --as-of 2027-01-01 --format json", "the same, for other tools"),
            ("  \(command) rules show", "the rules, with the law behind each"),
            ("  \(command) ingest --db \(folder)/fhir.sqlite --from fhir EXPORT.ndjson", "an FHIR R4 export from the care systems (docs/fhir.md)"),
        ])
        return out
    }

    /// The finding told plainly: a gap between two actors, if there is one.
    private var example: Finding? {
        findings.first(where: { $0.rule == "need-uncovered" && $0.actorBefore != nil && $0.actorAfter != nil })
            ?? findings.first(where: { $0.rule == "need-uncovered" && $0.scope == "home-care" && $0.actorAfter != nil })
            ?? findings.first(where: { $0.kind == "coverage" })
    }

    /// Lines with a second column aligned after the longest first one (`# comment` by default).
    private static func commented(_ lines: [(String, String)], marker: String = "# ") -> [String] {
        let width = lines.map(\.0.count).max() ?? 0
        return lines.map { $0.0.padding(toLength: width + 3, withPad: " ", startingAt: 0) + marker + $0.1 }
    }

    private func aligned(_ rows: [[String]]) -> [String] {
        var widths = Array(repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                if i == row.count - 1 { return cell }
                return i == 0 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - cell.count) + cell
            }.joined(separator: "  ")
        }
    }
}
