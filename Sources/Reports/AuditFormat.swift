import EventLog
import Foundation
import GapEngine

/// The formats of an audit: a self-contained HTML page (no external assets; prints to PDF),
/// Markdown, and JSON for other tools. The same audit always gives the same bytes.
package enum AuditFormat: String, CaseIterable, Sendable {
    case html, md, json

    /// A person audit in this format.
    package func render(_ audit: PersonAudit, timeZone: TimeZone) -> String {
        switch self {
        case .json: JSONText.encode(audit)
        case .md: MarkdownAudit(timeZone: timeZone).person(audit)
        case .html: HTMLAudit(timeZone: timeZone).document(title: "Supervision audit: \(audit.header.subject)", body: HTMLAudit(timeZone: timeZone).person(audit))
        }
    }

    /// An organisation audit, followed by the person audits of its sample, in this format.
    package func render(_ audit: OrganisationAudit, sample: [PersonAudit], timeZone: TimeZone) -> String {
        switch self {
        case .json:
            return JSONText.encode(OrganisationReport(organisation: audit, sample: sample))
        case .md:
            let md = MarkdownAudit(timeZone: timeZone)
            return ([md.organisation(audit)] + sample.map(md.person)).joined(separator: "\n---\n\n")
        case .html:
            let html = HTMLAudit(timeZone: timeZone)
            let body = html.organisation(audit) + sample.map { "<div class=\"page\">" + html.person($0) + "</div>" }.joined()
            return html.document(title: "Supervision audit: \(audit.header.subject)", body: body)
        }
    }
}

/// The JSON of an organisation audit with its sample.
struct OrganisationReport: Codable {
    let organisation: OrganisationAudit
    let sample: [PersonAudit]
}

enum JSONText {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self) + "\n"
    }
}

/// Shared wording of audits.
struct AuditText {
    let time: TimeText

    init(timeZone: TimeZone) { time = TimeText(timeZone: timeZone) }

    func local(_ text: String?) -> String {
        guard let text, let instant = try? RFC3339.parse(text) else { return "–" }
        return time.local(instant)
    }

    func headerRows(_ h: AuditHeader) -> [(String, String)] {
        [
            ("Subject", h.subject + (h.masked ? " (masked)" : "")),
            ("Period", "\(h.from.map { local($0) } ?? "the beginning of the log") to \(local(h.to ?? h.asOf)) (\(h.timeZone))"),
            ("As of", "\(h.asOf) (events after it have not happened)"),
            ("As known at", h.asKnownAt.map { "\($0) (only events recorded by then)" } ?? "everything in the log"),
            ("Rulebook", "\(h.rulebookName), sha256 \(h.rulebookHash)"),
            ("Event log", "\(h.logEvents) events, head \(h.logHead)"),
            ("Reproduce with", h.command),
        ]
    }
}

/// HTML with inline CSS and SVG.
struct HTMLAudit {
    let timeZone: TimeZone
    var text: AuditText { AuditText(timeZone: timeZone) }

    func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        body { font-family: sans-serif; font-size: 13px; color: #222; margin: 24px; }
        h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; border-bottom: 1px solid #ccc; }
        table { border-collapse: collapse; margin: 8px 0; } td, th { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
        th { background: #f0f0f0; } table.header th { width: 130px; } code { font-size: 12px; word-break: break-all; }
        .open { color: #d7301f; font-weight: bold; } .evidence { font-size: 11px; color: #444; }
        blockquote { border-left: 4px solid #9ecae1; margin: 8px 0; padding: 4px 12px; background: #f7fbff; }
        .page { page-break-before: always; margin-top: 40px; }
        @media print { body { margin: 0; } tr, blockquote, svg { page-break-inside: avoid; } }
        @page { size: A4 landscape; margin: 12mm; }
        </style></head>
        <body>
        \(body)
        </body></html>

        """
    }

    func header(_ h: AuditHeader) -> String {
        "<table class=\"header\">" + text.headerRows(h).map { label, value in
            "<tr><th>\(escape(label))</th><td>\(label == "Reproduce with" ? "<code>\(escape(value))</code>" : escape(value))</td></tr>"
        }.joined() + "</table>"
    }

    func person(_ audit: PersonAudit) -> String {
        var out = "<h1>Supervision audit: person \(escape(audit.header.subject))</h1>" + header(audit.header)
        out += "<h2>Responsibility timeline</h2>"
        out += TimelineSVG(timeline: audit.timeline, timeZone: timeZone).render()
        out += "<h2>Findings (\(audit.findings.count))</h2>"
        if audit.findings.isEmpty { out += "<p>No findings in this period.</p>" }
        for f in audit.findings {
            let status = f.end == nil ? "<span class=\"open\">open</span>" : "closed"
            out += "<table><tr><th colspan=\"2\">\(escape(f.title)) <code>\(escape(f.rule))</code> — \(escape(f.severity)) — \(status)"
                + (f.reference.map { " — ref <code>\(escape($0))</code>" } ?? "") + "</th></tr>"
            out += row("Interval", "\(text.local(f.start)) to \(f.end.map { text.local($0) } ?? "now (open)") (\(TimeText.duration(f.durationSeconds * 1_000_000)))")
            out += row("Scope", f.scope ?? "–")
            out += row("Between", "\(f.actorBefore ?? "–") → \(f.actorAfter ?? (f.end == nil ? "no one yet" : "–"))")
            out += row("Rule enforces", f.source ?? "–")
            out += "<tr><th>Evidence</th><td><table class=\"evidence\"><tr><th>event</th><th>type</th><th>at</th><th>recorded at</th><th>actor</th></tr>"
            for e in f.evidence {
                out += "<tr><td><code>\(escape(e.id))</code></td><td>\(escape(e.type))</td><td>\(escape(text.local(e.at)))</td><td>\(escape(text.local(e.recordedAt)))</td><td>\(escape(e.actor))</td></tr>"
            }
            out += "</table></td></tr></table>"
        }
        out += "<h2>What was known when</h2>"
        if audit.findings.isEmpty {
            out += "<p>No findings.</p>"
        } else {
            out += "<table><tr><th>finding</th><th>detectable (due)</th><th>evidence recorded</th><th>knowable</th><th>detection latency</th></tr>"
            for f in audit.findings {
                out += "<tr><td>\(escape(f.rule)) \(escape(f.scope ?? ""))</td><td>\(escape(text.local(f.due)))</td><td>\(escape(text.local(f.evidenceRecordedAt)))</td>"
                    + "<td>\(escape(text.local(f.knowableAt)))</td><td>\(f.detectionLatencySeconds > 0 ? TimeText.duration(f.detectionLatencySeconds * 1_000_000) : "none")</td></tr>"
            }
            out += "</table>"
        }
        out += "<h2>Withdrawn: flagged once, disproved by later records (\(audit.withdrawn.count))</h2>"
        if audit.withdrawn.isEmpty {
            out += "<p>None.</p>"
        } else {
            out += "<table><tr><th>finding</th><th>start</th><th>due</th><th>flagged with the log as of</th><th>withdrawn by records of</th></tr>"
            for w in audit.withdrawn {
                out += "<tr><td>\(escape(w.title)) <code>\(escape(w.rule))</code> \(escape(w.scope ?? ""))</td><td>\(escape(text.local(w.start)))</td><td>\(escape(text.local(w.due)))</td>"
                    + "<td>\(escape(text.local(w.flaggedWhenKnownAt)))</td><td>\(escape(text.local(w.withdrawnWhenKnownAt)))</td></tr>"
            }
            out += "</table>"
        }
        out += "<h2>In their own words (\(audit.reports.count))</h2>"
        if audit.reports.isEmpty { out += "<p>No reports from the person or their relatives.</p>" }
        for r in audit.reports {
            out += "<blockquote><p>\(escape(r.text ?? "(no text)"))</p><footer>— \(escape(r.reporter ?? "reporter not given")), \(escape(text.local(r.at)))"
                + "\(r.category.map { ", " + escape($0) } ?? "")</footer></blockquote>"
        }
        return out
    }

    func organisation(_ audit: OrganisationAudit) -> String {
        var out = "<h1>Supervision audit: \(escape(audit.header.subject))</h1>" + header(audit.header)
        out += "<p>\(audit.findings) findings for \(audit.persons) persons.</p>"
        out += "<h2>By rule</h2><table><tr><th>rule</th><th>findings</th><th>open</th><th>median duration</th><th>90th percentile</th></tr>"
        for r in audit.rules {
            out += "<tr><td>\(escape(r.title)) <code>\(escape(r.rule))</code></td><td>\(r.findings)</td><td>\(r.open)</td>"
                + "<td>\(TimeText.duration(r.medianSeconds * 1_000_000))</td><td>\(TimeText.duration(r.p90Seconds * 1_000_000))</td></tr>"
        }
        out += "</table><h2>Trend by month (findings by start)</h2>" + monthChart(audit.months)
        out += "<h2>Interface matrix: where the gaps are, between which actors</h2>"
        out += "<p>Rows: the side whose act opened the gap (let go, or owed an answer). Columns: the side that closed it, or was expected to.</p>"
        out += heatmap(audit.matrix)
        return out
    }

    private func row(_ label: String, _ value: String) -> String { "<tr><th>\(escape(label))</th><td>\(escape(value))</td></tr>" }

    private func monthChart(_ months: [OrganisationAudit.Month]) -> String {
        guard let peak = months.map(\.findings).max(), peak > 0 else { return "<p>No findings.</p>" }
        let barWidth = 28.0, height = 160.0
        var svg = "<svg id=\"trend\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(Double(months.count) * (barWidth + 6) + 40))\" height=\"\(Int(height + 50))\" font-family=\"sans-serif\" font-size=\"10\">"
        for (i, month) in months.enumerated() {
            let h = height * Double(month.findings) / Double(peak)
            let x = 30 + Double(i) * (barWidth + 6)
            svg += "<rect x=\"\(Int(x))\" y=\"\(Int(10 + height - h))\" width=\"\(Int(barWidth))\" height=\"\(Int(h))\" fill=\"#d7301f\"><title>\(month.month): \(month.findings)</title></rect>"
            svg += "<text x=\"\(Int(x + barWidth / 2))\" y=\"\(Int(6 + height - h))\" text-anchor=\"middle\">\(month.findings)</text>"
            svg += "<text x=\"\(Int(x))\" y=\"\(Int(height + 24))\" transform=\"rotate(45 \(Int(x)) \(Int(height + 24)))\">\(month.month)</text>"
        }
        return svg + "</svg>"
    }

    private func heatmap(_ matrix: OrganisationAudit.InterfaceMatrix) -> String {
        guard !matrix.rows.isEmpty else { return "<p>No findings.</p>" }
        let peak = max(1, matrix.counts.flatMap { $0 }.max() ?? 1)
        var out = "<table id=\"matrix\"><tr><th>before ↓ / after →</th>" + matrix.columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
        for (r, label) in matrix.rows.enumerated() {
            out += "<tr><th>\(escape(label))</th>"
            for count in matrix.counts[r] {
                let alpha = count == 0 ? 0 : 0.15 + 0.85 * Double(count) / Double(peak)
                out += "<td style=\"background: rgba(215,48,31,\(String(format: "%.2f", alpha))); text-align: right\">\(count == 0 ? "" : String(count))</td>"
            }
            out += "</tr>"
        }
        return out + "</table>"
    }
}

/// Markdown with the same content (the timeline as a list of intervals).
struct MarkdownAudit {
    let timeZone: TimeZone
    var text: AuditText { AuditText(timeZone: timeZone) }

    func header(_ h: AuditHeader) -> String {
        "| | |\n|---|---|\n" + text.headerRows(h).map { "| \($0.0) | \($0.1 == h.command ? "`\($0.1)`" : cell($0.1)) |" }.joined(separator: "\n") + "\n"
    }

    func person(_ audit: PersonAudit) -> String {
        var out = "# Supervision audit: person \(audit.header.subject)\n\n" + header(audit.header)
        out += "\n## Responsibility timeline\n\n"
        for bar in audit.timeline.needs { out += "- need **\(bar.label)**: \(text.local(bar.start)) to \(bar.end.map { text.local($0) } ?? "now")\n" }
        for bar in audit.timeline.holdings { out += "- \(bar.lane) holds **\(bar.label)**: \(text.local(bar.start)) to \(bar.end.map { text.local($0) } ?? "now")\n" }
        for gap in audit.timeline.gaps { out += "- ⚠ gap (\(gap.label)): \(text.local(gap.start)) to \(gap.end.map { text.local($0) } ?? "now (open)")\n" }
        if let death = audit.timeline.death { out += "- death: \(text.local(death))\n" }
        out += "\n## Findings (\(audit.findings.count))\n"
        for f in audit.findings {
            out += "\n### \(f.title) (`\(f.rule)`, \(f.severity), \(f.status)\(f.reference.map { ", ref \($0)" } ?? ""))\n\n"
            out += "- interval: \(text.local(f.start)) to \(f.end.map { text.local($0) } ?? "now (open)") (\(TimeText.duration(f.durationSeconds * 1_000_000)))\n"
            out += "- scope: \(f.scope ?? "–"); between: \(f.actorBefore ?? "–") → \(f.actorAfter ?? "–")\n"
            out += "- rule enforces: \(f.source ?? "–")\n\n| event | type | at | recorded at | actor |\n|---|---|---|---|---|\n"
            out += f.evidence.map { "| `\($0.id)` | \($0.type) | \(text.local($0.at)) | \(text.local($0.recordedAt)) | \(cell($0.actor)) |" }.joined(separator: "\n") + "\n"
        }
        out += "\n## What was known when\n\n| finding | detectable (due) | evidence recorded | knowable | detection latency |\n|---|---|---|---|---|\n"
        out += audit.findings.map {
            "| \($0.rule) \($0.scope ?? "") | \(text.local($0.due)) | \(text.local($0.evidenceRecordedAt)) | \(text.local($0.knowableAt)) | "
                + "\($0.detectionLatencySeconds > 0 ? TimeText.duration($0.detectionLatencySeconds * 1_000_000) : "none") |"
        }.joined(separator: "\n") + "\n"
        out += "\n## Withdrawn: flagged once, disproved by later records (\(audit.withdrawn.count))\n\n"
        out += audit.withdrawn.isEmpty ? "None.\n" : "| finding | start | due | flagged with the log as of | withdrawn by records of |\n|---|---|---|---|---|\n"
            + audit.withdrawn.map { "| \($0.title) (`\($0.rule)`) | \(text.local($0.start)) | \(text.local($0.due)) | \(text.local($0.flaggedWhenKnownAt)) | \(text.local($0.withdrawnWhenKnownAt)) |" }
            .joined(separator: "\n") + "\n"
        out += "\n## In their own words (\(audit.reports.count))\n\n"
        out += audit.reports.map { "> \($0.text ?? "(no text)")\n>\n> — \($0.reporter ?? "reporter not given"), \(text.local($0.at))\n" }.joined(separator: "\n")
        return out
    }

    func organisation(_ audit: OrganisationAudit) -> String {
        var out = "# Supervision audit: \(audit.header.subject)\n\n" + header(audit.header)
        out += "\n\(audit.findings) findings for \(audit.persons) persons.\n\n## By rule\n\n| rule | findings | open | median | 90th percentile |\n|---|---|---|---|---|\n"
        out += audit.rules.map { "| \($0.title) (`\($0.rule)`) | \($0.findings) | \($0.open) | \(TimeText.duration($0.medianSeconds * 1_000_000)) | \(TimeText.duration($0.p90Seconds * 1_000_000)) |" }
            .joined(separator: "\n") + "\n\n## Trend by month\n\n| month | findings |\n|---|---|\n"
        out += audit.months.map { "| \($0.month) | \($0.findings) |" }.joined(separator: "\n") + "\n\n## Interface matrix (rows: before, columns: after)\n\n"
        out += "| | " + audit.matrix.columns.map(cell).joined(separator: " | ") + " |\n|---|" + audit.matrix.columns.map { _ in "---|" }.joined() + "\n"
        for (r, label) in audit.matrix.rows.enumerated() {
            out += "| \(cell(label)) | " + audit.matrix.counts[r].map { $0 == 0 ? "" : String($0) }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    private func cell(_ value: String) -> String { value.replacingOccurrences(of: "|", with: "\\|") }
}
