import EventLog
import Foundation
import GapEngine

/// Writes a planned digest as a subject, a plain-text body and an HTML body. Every person is
/// masked (`19400101-****`), and the finished texts pass through personnummer masking once more.
package struct DigestRenderer {
    let timeZone: TimeZone
    let now: Instant
    let policy: DigestPolicy
    /// Registered names and contacts of the actors on either side of a finding.
    let actors: ActorDirectory
    /// The most lines one section shows; the rest are counted.
    let maxLinesPerSection: Int
    /// Each rule's title in the reader's language, by the title findings carry (``Rulebook/titles(in:)``).
    let titles: [String: String]
    private let time: TimeText
    private let words: DigestWording

    package init(timeZone: TimeZone, policy: DigestPolicy, actors: ActorDirectory = ActorDirectory(), language: Language = .sv,
                 titles: [String: String] = [:], maxLinesPerSection: Int = 100) {
        self.timeZone = timeZone
        self.now = policy.now
        self.policy = policy
        self.actors = actors
        self.titles = titles
        self.maxLinesPerSection = maxLinesPerSection
        time = TimeText(timeZone: timeZone)
        words = DigestWording.of(language)
    }

    /// The rendered message parts.
    package struct Rendered: Sendable {
        package let subject: String
        package let text: String
        package let html: String
    }

    /// - Parameter head: where the log ended when the digest was made; printed so that mail
    ///   archives keep a head outside the store (`gapwatch verify --expect-head`).
    /// - Parameter references: each finding's reference (``FindingReference``), by id, which
    ///   `gaps --finding`, `audit --finding` and `ack` take.
    package func render(_ digest: PlannedDigest, head: LogHead, references: [String: String] = [:]) -> Rendered {
        let counts = PlannedDigest.Section.allCases.compactMap { section -> String? in
            let n = digest.sections[section]?.count ?? 0
            return n > 0 ? "\(number(n)) \(words.short(section, n))" : nil
        }
        let subject = "gapwatch: " + (counts.isEmpty ? words.noDataFrom(digest.quietActors.count) : counts.joined(separator: ", "))
        let recipientLine = words.recipientLine(digest.recipient, local(now), timeZone.identifier)
        var text: [String] = [words.title, recipientLine, ""]
        var html = "<!DOCTYPE html><html lang=\"\(words.language.rawValue)\"><head><meta charset=\"utf-8\"><title>\(escape(subject))</title>\n\(Self.style)</head>\n"
            + "<body><h1>\(escape(words.title))</h1><p>\(escape(recipientLine))</p>\n"

        let summary = self.summary(digest)
        if !summary.isEmpty {
            text.append(words.summaryByRule)
            text += summary.map { "  \($0)" }
            text.append("")
            html += "<h2>\(escape(words.summaryByRule))</h2>\n<ul>\n" + summary.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        if !digest.quietActors.isEmpty {
            let heading = words.quietHeading
            text.append(heading)
            html += "<h2>\(escape(heading))</h2>\n<ul>\n"
            for quiet in digest.quietActors {
                let line = words.quietLine(quiet.actor, local(quiet.lastRecordedAt), humanDuration(now.microseconds(since: quiet.lastRecordedAt)), number(quiet.events))
                text.append("  " + line)
                html += "<li>\(escape(line))</li>\n"
            }
            text.append("")
            html += "</ul>\n"
        }
        for section in PlannedDigest.Section.allCases {
            guard let entries = digest.sections[section], !entries.isEmpty else { continue }
            let heading = "\(words.heading(section, humanDuration(policy.repeatEvery))) (\(number(entries.count)))"
            text.append(heading)
            html += "<h2>\(escape(heading))</h2>\n<table>\n<tr>" + words.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
            for entry in entries.prefix(maxLinesPerSection) {
                let line = describe(entry, in: section, quiet: Set(digest.quietActors.map(\.actor)), reference: references[entry.finding.id])
                text.append("  - " + line.text)
                html += line.htmlRow
            }
            html += "</table>\n"
            if entries.count > maxLinesPerSection {
                let more = words.more(entries.count - maxLinesPerSection)
                text.append("  " + more)
                html += "<p>\(escape(more))</p>\n"
            }
            text.append("")
        }
        let lookups = ["gapwatch gaps --finding REF", "gapwatch audit --finding REF", "gapwatch ack REF"]
        text.append(words.footer(timeZone.identifier) + lookups.joined(separator: ", ") + ".")
        html += "<p class=\"note\">\(escape(words.footer(timeZone.identifier)))"
            + "<code>gapwatch gaps --finding REF</code>, <code>gapwatch audit --finding REF</code>, <code>gapwatch ack REF</code>.</p>\n"
        // In groups of eight, which no filter can take for a personnummer (twelve digits in a row).
        let hash = head.hash.grouped(by: 8, separator: ".")
        let anchor = words.headAnchor(number(Int(head.count)), hash)
        let check = "gapwatch verify --expect-head \(head.count):\(hash)"
        return Rendered(
            subject: PersonID.maskingIdentifiers(in: subject),
            text: PersonID.maskingIdentifiers(in: text.joined(separator: "\n") + "\n" + anchor + check + words.headCheckTail + "\n"),
            html: PersonID.maskingIdentifiers(in: html
                + "<p class=\"note\">\(escape(anchor))<code>\(escape(check))</code>\(escape(words.headCheckTail))</p></body></html>\n"))
    }

    /// One finding of a digest: a line of the text part and a row of the HTML part's table.
    struct Line {
        let rule: String
        let reference: String?
        let severity: Severity
        let severityText: String
        let title: String
        let person: String
        let scope: String?
        /// When, how long, and between whom, as the section tells it.
        let details: [String]
        /// The warning that an actor it depends on has sent nothing lately.
        let mark: String

        /// `[need-uncovered] 6e0e-2389 (high) Need without a responsible actor — 19400101-****, home-care, since 2026-03-06 14:00, open for 2d 21h, Ward (ward@…) → no one yet`
        var text: String {
            "[\(rule)] " + (reference.map { "\($0) " } ?? "") + (["(\(severityText)) \(title) — \(person)"] + (scope.map { [$0] } ?? []) + details).joined(separator: ", ") + mark
        }

        var htmlRow: String {
            let cells = [
                "<code>\(HTMLText.escape(reference ?? "–"))</code>",
                "<span class=\"\(severity.rawValue)\">\(HTMLText.escape(severityText))</span>",
                "\(HTMLText.escape(title))<br><small>\(HTMLText.escape(rule))</small>",
                HTMLText.escape(person), HTMLText.escape(scope ?? "–"),
                HTMLText.escape(details.joined(separator: ", ")) + (mark.isEmpty ? "" : "<br><b>\(HTMLText.escape(mark))</b>"),
            ]
            return "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>\n"
        }
    }

    /// One style sheet in the head, which mail clients keep (no external assets, nothing to fetch).
    static let style = """
        <style>
        body { font-family: sans-serif; font-size: 14px; color: #222; }
        table { border-collapse: collapse; margin: 6px 0 14px; }
        td, th { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
        th { background: #f0f0f0; } small, .note { color: #555; } td:nth-child(1), td:nth-child(4) { white-space: nowrap; }
        .critical { color: #d7301f; font-weight: bold; } .high { color: #d7301f; }
        </style>
        """

    func describe(_ entry: DigestEntry, in section: PlannedDigest.Section, quiet: Set<String>, reference: String? = nil) -> Line {
        var parts: [String] = []
        switch section {
        case .dueSoon:
            parts.append(words.due(local(entry.finding.due), humanDuration(entry.finding.due.microseconds(since: now))))
            parts.append("\(shown(entry.finding.actorBefore) ?? "–") → " + words.expected(shown(entry.actorAfter) ?? words.anyResponsible))
        case .retired:
            parts.append(words.retired(local(entry.finding.start), entry.finding.rule))
        case .withdrawn:
            // Later records show there was no gap: nothing was open, and no one is awaited.
            parts.append(words.flaggedFrom(local(entry.finding.start)))
            if let before = shown(entry.finding.actorBefore) { parts.append(words.between(before, shown(entry.actorAfter) ?? "–")) }
        default:
            parts.append(words.since(local(entry.finding.start)))
            let length = humanDuration((entry.finding.end ?? now).microseconds(since: entry.finding.start))
            parts.append(entry.finding.end == nil ? words.openFor(length) : words.lasted(length))
            if entry.finding.actorBefore == nil, entry.actorAfter == nil, !entry.concerned.isEmpty {
                // No act opened it (a joint plan missing): name those who hold the person instead of "– → no one".
                parts.append(words.concerns(entry.concerned.compactMap(shown).joined(separator: ", ")))
            } else {
                parts.append("\(shown(entry.finding.actorBefore) ?? "–") → \(shown(entry.actorAfter) ?? (entry.finding.end == nil ? words.noOneYet : "–"))")
            }
        }
        let quietOnes = entry.concerned.filter(quiet.contains)
        let mark = quietOnes.isEmpty ? "" : words.quietMark(quietOnes.joined(separator: ", "))
        return Line(rule: entry.finding.rule, reference: reference, severity: entry.finding.severity, severityText: words.language.severity(entry.finding.severity),
                    title: title(entry.finding), person: PersonID.masked(entry.finding.person), scope: entry.finding.scope, details: parts, mark: mark)
    }

    /// An actor as people know it: its registered name and contact (`Hemtjänst Öst
    /// (hem@kommun.example)`), else its id.
    private func shown(_ actor: String?) -> String? {
        guard let actor else { return nil }
        guard let entry = actors[actor], let name = entry.name else { return actor }
        return entry.email.map { "\(name) (\($0))" } ?? name
    }

    private func summary(_ digest: PlannedDigest) -> [String] {
        var byRule: [String: [PlannedDigest.Section: Int]] = [:]
        var titles: [String: String] = [:]
        for (section, entry) in digest.lines {
            byRule[entry.finding.rule, default: [:]][section, default: 0] += 1
            titles[entry.finding.rule] = title(entry.finding)
        }
        return byRule.keys.sorted().map { rule in
            let counts = PlannedDigest.Section.allCases.compactMap { section in
                byRule[rule]![section].map { "\(number($0)) \(words.short(section, $0))" }
            }
            return "\(rule) (\(titles[rule]!)): \(counts.joined(separator: ", "))"
        }
    }

    /// A finding's title in the reader's language.
    private func title(_ finding: Finding) -> String { titles[finding.title] ?? finding.title }

    private func number(_ value: Int) -> String { words.language.integer(value) }

    func local(_ instant: Instant) -> String { time.local(instant) }

    private func humanDuration(_ microseconds: Int64) -> String { words.language.duration(microseconds) }

    private func escape(_ text: String) -> String { HTMLText.escape(text) }
}
