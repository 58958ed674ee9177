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
    private let time: TimeText

    package init(timeZone: TimeZone, policy: DigestPolicy, actors: ActorDirectory = ActorDirectory(), maxLinesPerSection: Int = 100) {
        self.timeZone = timeZone
        self.now = policy.now
        self.policy = policy
        self.actors = actors
        self.maxLinesPerSection = maxLinesPerSection
        time = TimeText(timeZone: timeZone)
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
            return n > 0 ? "\(n) \(label(section).short)" : nil
        }
        let subject = "gapwatch: " + (counts.isEmpty ? "no data from \(digest.quietActors.count) actors" : counts.joined(separator: ", "))
        var text: [String] = ["gapwatch digest for \(digest.recipient), \(local(now)) (\(timeZone.identifier))", ""]
        var html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>\(escape(subject))</title></head>"
            + "<body style=\"font-family: sans-serif\"><h1>gapwatch digest</h1><p>For \(escape(digest.recipient)), \(escape(local(now))) (\(escape(timeZone.identifier)))</p>"

        let summary = self.summary(digest)
        if !summary.isEmpty {
            text.append("Summary by rule")
            text += summary.map { "  \($0)" }
            text.append("")
            html += "<h2>Summary by rule</h2><ul>" + summary.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
        }
        if !digest.quietActors.isEmpty {
            let heading = "No data is not no care: actors that usually send events and have sent none"
            text.append(heading)
            html += "<h2>\(escape(heading))</h2><ul>"
            for quiet in digest.quietActors {
                let line = "! \(quiet.actor): nothing since \(local(quiet.lastRecordedAt)) (\(humanDuration(now.microseconds(since: quiet.lastRecordedAt))) ago; \(quiet.events) events before). Findings that depend on it are marked !"
                text.append("  " + line)
                html += "<li>\(escape(line))</li>"
            }
            text.append("")
            html += "</ul>"
        }
        for section in PlannedDigest.Section.allCases {
            guard let entries = digest.sections[section], !entries.isEmpty else { continue }
            let heading = "\(label(section).heading) (\(entries.count))"
            text.append(heading)
            html += "<h2>\(escape(heading))</h2><ul>"
            for entry in entries.prefix(maxLinesPerSection) {
                let line = describe(entry, in: section, quiet: Set(digest.quietActors.map(\.actor)), reference: references[entry.finding.id])
                text.append("  - " + line)
                html += "<li>\(escape(line))</li>"
            }
            if entries.count > maxLinesPerSection {
                let more = "… and \(entries.count - maxLinesPerSection) more: gapwatch gaps --status all"
                text.append("  " + more)
                html += "<li>\(escape(more))</li>"
            }
            text.append("")
            html += "</ul>"
        }
        text.append("Times are local (\(timeZone.identifier)). Persons are masked; look a finding up by its reference: gapwatch gaps --finding REF, gapwatch audit --finding REF, gapwatch ack REF.")
        html += "<p style=\"color:#555\">Times are local (\(escape(timeZone.identifier))). Persons are masked; look a finding up by its reference: "
            + "<code>gapwatch gaps --finding REF</code>, <code>gapwatch audit --finding REF</code>, <code>gapwatch ack REF</code>.</p>"
        // In groups of eight, which no filter can take for a personnummer (twelve digits in a row).
        let hash = head.hash.grouped(by: 8, separator: ".")
        let anchor = "Log head: \(head.count) events, hash \(hash). Keep this mail: "
        let check = "gapwatch verify --expect-head \(head.count):\(hash)"
        return Rendered(
            subject: PersonID.maskingIdentifiers(in: subject),
            text: PersonID.maskingIdentifiers(in: text.joined(separator: "\n") + "\n" + anchor + check + " tells whether the log still reaches it.\n"),
            html: PersonID.maskingIdentifiers(in: html
                + "<p style=\"color:#555\">\(escape(anchor))<code>\(escape(check))</code> tells whether the log still reaches it.</p></body></html>\n"))
    }

    /// `(high) Need without a responsible actor — 19400101-****, home-care, since 2026-03-06 14:00, open for 2d 21h, Ward (ward@…) → no one yet`
    func describe(_ entry: DigestEntry, in section: PlannedDigest.Section, quiet: Set<String>, reference: String? = nil) -> String {
        var parts = ["(\(entry.finding.severity.rawValue)) \(entry.finding.title) — \(PersonID.masked(entry.finding.person))"]
        if let scope = entry.finding.scope { parts.append(scope) }
        switch section {
        case .dueSoon:
            parts.append("due \(local(entry.finding.due)) (in \(humanDuration(entry.finding.due.microseconds(since: now))))")
            parts.append("\(shown(entry.finding.actorBefore) ?? "–") → expected: \(shown(entry.actorAfter) ?? "any responsible actor")")
        case .retired:
            parts.append("flagged from \(local(entry.finding.start)); rule \(entry.finding.rule) was changed or removed, so it is no longer checked")
        case .withdrawn:
            // Later records show there was no gap: nothing was open, and no one is awaited.
            parts.append("flagged from \(local(entry.finding.start))")
            if let before = shown(entry.finding.actorBefore) { parts.append("between \(before) and \(shown(entry.actorAfter) ?? "–")") }
        default:
            parts.append("since \(local(entry.finding.start))")
            let length = humanDuration((entry.finding.end ?? now).microseconds(since: entry.finding.start))
            parts.append(entry.finding.end.map { _ in "lasted \(length)" } ?? "open for \(length)")
            parts.append("\(shown(entry.finding.actorBefore) ?? "–") → \(shown(entry.actorAfter) ?? (entry.finding.end == nil ? "no one yet" : "–"))")
        }
        let quietOnes = entry.concerned.filter(quiet.contains)
        let mark = quietOnes.isEmpty ? "" : " ! no data from \(quietOnes.joined(separator: ", ")) lately"
        return "[\(entry.finding.rule)] " + (reference.map { "\($0) " } ?? "") + parts.joined(separator: ", ") + mark
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
            titles[entry.finding.rule] = entry.finding.title
        }
        return byRule.keys.sorted().map { rule in
            let counts = PlannedDigest.Section.allCases.compactMap { section in
                byRule[rule]![section].map { "\($0) \(label(section).short)" }
            }
            return "\(rule) (\(titles[rule]!)): \(counts.joined(separator: ", "))"
        }
    }

    private func label(_ section: PlannedDigest.Section) -> (heading: String, short: String) {
        switch section {
        case .new: ("New since the last digest", "new")
        case .closed: ("Closed since the last digest", "closed")
        case .withdrawn: ("Withdrawn: later records show there was no gap", "withdrawn")
        case .retired: ("No longer checked: the rulebook changed", "no longer checked")
        case .dueSoon: ("Due soon: act now to prevent a gap", "due soon")
        case .reminder: ("Still open (reminded every \(humanDuration(policy.repeatEvery)))", "still open")
        }
    }

    func local(_ instant: Instant) -> String { time.local(instant) }

    private func humanDuration(_ microseconds: Int64) -> String { TimeText.duration(microseconds) }

    private func escape(_ text: String) -> String { HTMLText.escape(text) }
}
