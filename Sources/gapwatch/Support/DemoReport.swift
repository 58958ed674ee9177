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

    func lines() -> [String] {
        let time = TimeText(timeZone: rulebook.timeZone)
        let open = findings.filter(\.isOpen)
        let affected = Set(findings.map(\.person)).count
        var out = [
            "gapwatch demo: a synthetic municipality (Norrköping) and its region, \(persons) persons, two years of care.",
            "",
            "  1. generated \(events) care events from \(actors) actors        \(folder)/events.jsonl",
            "  2. ingested them into an append-only, hash-chained log   \(folder)/gapwatch.sqlite",
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
        if let example = findings.first(where: { $0.rule == "need-uncovered" && $0.actorBefore != nil && $0.actorAfter != nil })
            ?? findings.first(where: { $0.rule == "need-uncovered" && $0.scope == "home-care" && $0.actorAfter != nil })
            ?? findings.first(where: { $0.kind == "coverage" })
        {
            let length = TimeText.duration((example.end ?? asOf).microseconds(since: example.start))
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
            "  \(command) gaps --db \(folder)/gapwatch.sqlite --as-of 2027-01-01                   # open findings, as a table",
            "  \(command) gaps --db \(folder)/gapwatch.sqlite --as-of 2027-01-01 --format json     # the same, for other tools",
            "  \(command) rules show                                                             # the rules, with the law behind each",
        ]
        return out
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
