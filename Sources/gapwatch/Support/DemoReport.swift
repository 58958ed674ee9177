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

    func lines() -> [String] {
        let words = DemoWording.of(language)
        let n = words.number
        let time = TimeText(timeZone: rulebook.timeZone)
        let open = findings.filter(\.isOpen)
        let affected = Set(findings.map(\.person)).count
        var out = [words.intro(n(persons)), ""]
        out += Self.commented([(words.generated(n(events), n(actors)), "\(folder)/events.jsonl"), (words.ingested, "\(folder)/gapwatch.sqlite")], marker: "")
        out += [
            words.verified(n(Int(head.count)), String(head.hash.prefix(16))),
            words.replayed(rulebook.rules.count),
            words.asOf(time.local(asOf), rulebook.timeZone.identifier),
            "",
        ] + words.mellanrum + ["", words.found(n(findings.count), n(affected), n(persons), n(open.count)), ""]
        let rows = [words.columns] + rulebook.rules.map { rule in
            let mine = findings.filter { $0.rule == rule.id }
            return [rule.id, n(mine.count), n(mine.filter(\.isOpen).count), rule.title(in: language)]
        }
        out += aligned(rows).map { "  " + $0 }
        if let example {
            let story = DemoWording.Story(
                person: PersonID.masked(example.person), scope: example.scope, start: time.local(example.start), end: example.end.map(time.local),
                length: language.duration((example.end ?? asOf).microseconds(since: example.start)),
                before: example.actorBefore, after: example.actorAfter, evidence: example.evidence.joined(separator: ", "))
            out += [""] + words.told(story)
        }
        out += ["", words.reportsAre("\(folder)/findings.jsonl", "\(folder)/findings.csv")]
        out += Self.commented(words.tryNext(command, folder))
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
