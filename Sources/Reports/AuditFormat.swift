import EventLog
import Foundation
import GapEngine

/// The formats of an audit: a self-contained HTML page (no external assets; prints to PDF),
/// Markdown, and JSON for other tools. The same audit always gives the same bytes.
package enum AuditFormat: String, CaseIterable, Sendable {
    case html, md, json

    /// A person audit in this format; `language` is that of the text (JSON keys stay English).
    package func render(_ audit: PersonAudit, timeZone: TimeZone, language: Language = .sv) -> String {
        let text = AuditText(timeZone: timeZone, language: language)
        switch self {
        case .json: return JSONText.encode(audit)
        case .md: return MarkdownAudit(text: text).person(audit)
        case .html:
            let html = HTMLAudit(text: text)
            return html.document(title: text.title(audit.header), body: html.person(audit))
        }
    }

    /// An organisation audit, followed by the person audits of its sample, in this format.
    package func render(_ audit: OrganisationAudit, sample: [PersonAudit], timeZone: TimeZone, language: Language = .sv) -> String {
        let text = AuditText(timeZone: timeZone, language: language)
        switch self {
        case .json:
            return JSONText.encode(OrganisationReport(organisation: audit, sample: sample))
        case .md:
            let md = MarkdownAudit(text: text)
            return ([md.organisation(audit)] + sample.map(md.person)).joined(separator: "\n---\n\n")
        case .html:
            let html = HTMLAudit(text: text)
            let body = html.organisation(audit) + sample.map { "<div class=\"page\">" + html.person($0) + "</div>" }.joined()
            return html.document(title: text.title(audit.header), body: body)
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

/// What audits in both formats share: the wording, times, numbers and the header's rows.
struct AuditText {
    let time: TimeText
    let words: AuditWording
    var language: Language { words.language }

    init(timeZone: TimeZone, language: Language) {
        time = TimeText(timeZone: timeZone)
        words = AuditWording.of(language)
    }

    func local(_ text: String?) -> String {
        guard let text, let instant = try? RFC3339.parse(text) else { return "–" }
        return time.local(instant)
    }

    func duration(seconds: Int64) -> String { language.duration(seconds * 1_000_000) }

    func number(_ value: Int) -> String { language.integer(value) }

    func rate(_ value: Double?) -> String { value.map(language.decimal) ?? "–" }

    /// `Tillsynsunderlag: huvudman Norrköpings kommun`.
    func title(_ h: AuditHeader) -> String { "\(words.title): \(words.subjectKind(h.subjectKind)) \(h.subject)" }

    func severity(_ raw: String) -> String { Severity(rawValue: raw).map(language.severity) ?? raw }

    func status(_ open: Bool) -> String { open ? words.open : words.closed }

    /// A matrix label: an actor, a principal, or one of the builder's placeholders.
    func label(_ raw: String) -> String {
        switch raw {
        case OrganisationAuditBuilder.none: words.noActor
        case OrganisationAuditBuilder.unregistered: words.unregistered
        default: raw
        }
    }

    /// Who is on either side of a finding; for one that no act opened, whom it concerns.
    func parties(_ f: PersonAudit.FindingReport) -> String {
        if f.actorBefore == nil, f.actorAfter == nil, !f.involved.isEmpty { return "\(words.concerns) " + f.involved.joined(separator: ", ") }
        return "\(f.actorBefore ?? "–") → \(f.actorAfter ?? (f.end == nil ? words.noOneYet : "–"))"
    }

    func source(_ f: PersonAudit.FindingReport) -> String { (language == .sv ? f.swedishSource ?? f.source : f.source) ?? "–" }

    /// The matrix's non-empty cells, most findings first (then by name): by unit, the matrix
    /// is too wide to read as a table. At most `limit`, and how many more there are.
    func pairs(_ matrix: OrganisationAudit.InterfaceMatrix, limit: Int = 20) -> (pairs: [(before: String, after: String, count: Int)], more: Int) {
        var all: [(before: String, after: String, count: Int)] = []
        for (r, row) in matrix.rows.enumerated() {
            for (c, column) in matrix.columns.enumerated() where matrix.counts[r][c] > 0 { all.append((label(row), label(column), matrix.counts[r][c])) }
        }
        all.sort { ($1.count, $0.before, $0.after) < ($0.count, $1.before, $1.after) }
        return (Array(all.prefix(limit)), max(0, all.count - limit))
    }

    func headerRows(_ h: AuditHeader) -> [(String, String)] {
        [
            (words.subject, "\(words.subjectKind(h.subjectKind)) \(h.subject)" + (h.masked && h.subjectKind == "person" ? words.masked : "")),
            (words.period, "\(h.from.map { local($0) } ?? words.beginningOfLog) \(words.to) \(local(h.to ?? h.asOf)) (\(h.timeZone))"),
            (words.asOf, "\(local(h.asOf)) (\(h.asOf)); \(words.asOfNote)"),
            (words.asKnownAt, h.asKnownAt.map { "\($0) \(words.asKnownAtNote)" } ?? words.everything),
            (words.rulebook, "\(h.rulebookName), sha256 \(h.rulebookHash)"),
            (words.eventLog, words.eventsAndHead(number(Int(h.logEvents)), h.logHead)),
        ]
    }

    /// The command that makes the report again, and why it cannot when it holds a masked person.
    func reproduction(_ h: AuditHeader) -> (label: String, command: String, note: String) {
        (words.reproduce, h.command, h.reproducible ? "" : words.reproduceMasked)
    }
}

/// HTML with inline CSS and SVG.
struct HTMLAudit {
    let text: AuditText
    var words: AuditWording { text.words }

    func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(text.language.rawValue)"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        body { font-family: sans-serif; font-size: 13px; color: #222; margin: 24px; }
        h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; border-bottom: 1px solid #ccc; } h3 { font-size: 14px; }
        table { border-collapse: collapse; margin: 8px 0; } td, th { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
        th { background: #f0f0f0; } table.header th { width: 130px; } code { font-size: 12px; word-break: break-all; }
        td.n { text-align: right; } .open { color: #d7301f; font-weight: bold; } .evidence { font-size: 11px; color: #444; }
        blockquote { border-left: 4px solid #9ecae1; margin: 8px 0; padding: 4px 12px; background: #f7fbff; }
        .page { page-break-before: always; margin-top: 40px; } .note { color: #555; }
        @media print { body { margin: 0; } tr, blockquote, svg { page-break-inside: avoid; } }
        @page { size: A4 landscape; margin: 12mm; }
        </style></head>
        <body>
        \(body)
        </body></html>

        """
    }

    func header(_ h: AuditHeader) -> String {
        let reproduce = text.reproduction(h)
        return "<table class=\"header\">" + text.headerRows(h).map { row($0.0, $0.1) }.joined()
            + "<tr><th>\(escape(reproduce.label))</th><td><code>\(escape(reproduce.command))</code>\(escape(reproduce.note))</td></tr></table>"
    }

    func person(_ audit: PersonAudit) -> String {
        var out = "<h1>\(escape(text.title(audit.header)))</h1>" + header(audit.header)
        out += "<h2>\(escape(words.timeline))</h2>"
        out += TimelineSVG(timeline: audit.timeline, text: text).render()
        out += "<h2>\(escape(words.findings)) (\(text.number(audit.findings.count)))</h2>"
        if audit.findings.isEmpty { out += "<p>\(escape(words.noFindingsInPeriod))</p>" }
        for f in audit.findings {
            let status = f.end == nil ? "<span class=\"open\">\(escape(words.open))</span>" : escape(words.closed)
            out += "<table><tr><th colspan=\"2\">\(escape(f.title(text))) <code>\(escape(f.rule))</code> — \(escape(text.severity(f.severity))) — \(status)"
                + (f.reference.map { " — \(escape(words.reference)) <code>\(escape($0))</code>" } ?? "") + "</th></tr>"
            out += row(words.interval, "\(text.local(f.start)) \(words.to) \(f.end.map { text.local($0) } ?? words.nowOpen) (\(text.duration(seconds: f.durationSeconds)))")
            out += row(words.scope, f.scope ?? "–")
            out += row(words.between, text.parties(f))
            out += row(words.ruleEnforces, text.source(f))
            out += "<tr><th>\(escape(words.evidence))</th><td><table class=\"evidence\"><tr>" + words.evidenceColumns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
            for e in f.evidence {
                out += "<tr><td><code>\(escape(e.id))</code></td><td>\(escape(e.type))</td><td>\(escape(text.local(e.at)))</td><td>\(escape(text.local(e.recordedAt)))</td><td>\(escape(e.actor))</td></tr>"
            }
            out += "</table></td></tr></table>"
        }
        out += "<h2>\(escape(words.knownWhen))</h2>"
        if audit.findings.isEmpty {
            out += "<p>\(escape(words.noFindings))</p>"
        } else {
            out += tableHead(words.knownWhenColumns)
            for f in audit.findings {
                out += "<tr><td>\(escape(f.rule)) \(escape(f.scope ?? ""))</td><td>\(escape(text.local(f.due)))</td><td>\(escape(text.local(f.evidenceRecordedAt)))</td>"
                    + "<td>\(escape(text.local(f.knowableAt)))</td><td>\(escape(f.detectionLatencySeconds > 0 ? text.duration(seconds: f.detectionLatencySeconds) : words.noLatency))</td></tr>"
            }
            out += "</table>"
        }
        out += "<h2>\(escape(words.withdrawn)) (\(text.number(audit.withdrawn.count)))</h2>"
        if audit.withdrawn.isEmpty {
            out += "<p>\(escape(words.none))</p>"
        } else {
            out += tableHead(words.withdrawnColumns)
            for w in audit.withdrawn {
                out += "<tr><td>\(escape(w.title(text))) <code>\(escape(w.rule))</code> \(escape(w.scope ?? ""))</td><td>\(escape(text.local(w.start)))</td><td>\(escape(text.local(w.due)))</td>"
                    + "<td>\(escape(text.local(w.flaggedWhenKnownAt)))</td><td>\(escape(text.local(w.withdrawnWhenKnownAt)))</td></tr>"
            }
            out += "</table>"
        }
        out += "<h2>\(escape(words.ownWords)) (\(text.number(audit.reports.count)))</h2>"
        if audit.reports.isEmpty { out += "<p>\(escape(words.noReports))</p>" }
        for r in audit.reports {
            out += "<blockquote><p>\(escape(r.text ?? words.noText))</p><footer>— \(escape(r.reporter ?? words.noReporter)), \(escape(text.local(r.at)))"
                + "\(r.category.map { ", " + escape($0) } ?? "")</footer></blockquote>"
        }
        return out
    }

    func organisation(_ audit: OrganisationAudit) -> String {
        var out = "<h1>\(escape(text.title(audit.header)))</h1>" + header(audit.header)
        out += "<p>\(escape(words.findingsForPersons(text.number(audit.findings), text.number(audit.persons))))</p>"
        out += "<h2>\(escape(words.byRule))</h2>" + tableHead(words.byRuleColumns)
        for r in audit.rules {
            out += "<tr><td>\(escape(r.title(text))) <code>\(escape(r.rule))</code></td><td class=\"n\">\(text.number(r.findings))</td><td class=\"n\">\(text.number(r.open))</td>"
                + "<td>\(escape(text.duration(seconds: r.medianSeconds)))</td><td>\(escape(text.duration(seconds: r.p90Seconds)))</td></tr>"
        }
        out += "</table><h2>\(escape(words.byUnit))</h2><p class=\"note\">\(escape(words.byUnitNote))</p>" + tableHead(words.byUnitColumns)
        for u in audit.units {
            let cells = [text.number(u.persons), text.number(u.findings), text.rate(u.perHundredPersons), text.rate(u.othersPerHundredPersons),
                         text.number(u.discharges), text.rate(u.perHundredDischarges), text.rate(u.othersPerHundredDischarges)]
            out += "<tr><td>\(escape(u.unit))</td>" + cells.map { "<td class=\"n\">\(escape($0))</td>" }.joined() + "</tr>"
        }
        out += "</table><h2>\(escape(words.trend))</h2>" + monthChart(audit.months)
        out += "<h2>\(escape(words.matrix))</h2><p class=\"note\">\(escape(words.matrixNote))</p>"
        let (pairs, more) = text.pairs(audit.matrix)
        out += "<h3>\(escape(words.matrixByUnit))</h3>" + tableHead(words.pairColumns, id: "matrix")
            + pairs.map { "<tr><td>\(escape($0.before))</td><td>\(escape($0.after))</td><td class=\"n\">\(text.number($0.count))</td></tr>" }.joined()
            + "</table>" + (more > 0 ? "<p class=\"note\">\(escape(words.morePairs(more)))</p>" : "")
        out += "<h3>\(escape(words.matrixByPrincipal))</h3>" + heatmap(audit.principalMatrix, id: "principal-matrix")
        return out
    }

    private func row(_ label: String, _ value: String) -> String { "<tr><th>\(escape(label))</th><td>\(escape(value))</td></tr>" }

    private func tableHead(_ columns: [String], id: String? = nil) -> String {
        "<table\(id.map { " id=\"\($0)\"" } ?? "")><tr>" + columns.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
    }

    private func monthChart(_ months: [OrganisationAudit.Month]) -> String {
        guard let peak = months.map(\.findings).max(), peak > 0 else { return "<p>\(escape(words.noFindings))</p>" }
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

    private func heatmap(_ matrix: OrganisationAudit.InterfaceMatrix, id: String) -> String {
        guard !matrix.rows.isEmpty else { return "<p>\(escape(words.noFindings))</p>" }
        let peak = max(1, matrix.counts.flatMap { $0 }.max() ?? 1)
        var out = "<table id=\"\(id)\"><tr><th>\(escape(words.matrixCorner))</th>" + matrix.columns.map { "<th>\(escape(text.label($0)))</th>" }.joined() + "</tr>"
        for (r, label) in matrix.rows.enumerated() {
            out += "<tr><th>\(escape(text.label(label)))</th>"
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
    let text: AuditText
    var words: AuditWording { text.words }

    func header(_ h: AuditHeader) -> String {
        let reproduce = text.reproduction(h)
        return "| | |\n|---|---|\n" + text.headerRows(h).map { "| \($0.0) | \(cell($0.1)) |" }.joined(separator: "\n")
            + "\n| \(reproduce.label) | `\(reproduce.command)`\(cell(reproduce.note)) |\n"
    }

    func person(_ audit: PersonAudit) -> String {
        var out = "# \(text.title(audit.header))\n\n" + header(audit.header)
        out += "\n## \(words.timeline)\n\n"
        let until = { (end: String?) in end.map { text.local($0) } ?? words.now }
        for bar in audit.timeline.needs { out += "- \(words.need) **\(bar.label)**: \(text.local(bar.start)) \(words.to) \(until(bar.end))\n" }
        for bar in audit.timeline.holdings { out += "- \(bar.lane) \(words.holds) **\(bar.label)**: \(text.local(bar.start)) \(words.to) \(until(bar.end))\n" }
        for gap in audit.timeline.gaps { out += "- ⚠ \(words.gap) (\(gap.label)): \(text.local(gap.start)) \(words.to) \(gap.end.map { text.local($0) } ?? words.nowOpen)\n" }
        if let death = audit.timeline.death { out += "- \(words.death): \(text.local(death))\n" }
        out += "\n## \(words.findings) (\(text.number(audit.findings.count)))\n"
        for f in audit.findings {
            out += "\n### \(f.title(text)) (`\(f.rule)`, \(text.severity(f.severity)), \(text.status(f.end == nil))\(f.reference.map { ", \(words.reference) \($0)" } ?? ""))\n\n"
            out += "- \(words.interval.lowercased()): \(text.local(f.start)) \(words.to) \(f.end.map { text.local($0) } ?? words.nowOpen) (\(text.duration(seconds: f.durationSeconds)))\n"
            out += "- \(words.scope.lowercased()): \(f.scope ?? "–"); \(words.between.lowercased()): \(text.parties(f))\n"
            out += "- \(words.ruleEnforces.lowercased()): \(text.source(f))\n\n" + tableHead(words.evidenceColumns)
            out += f.evidence.map { "| `\($0.id)` | \($0.type) | \(text.local($0.at)) | \(text.local($0.recordedAt)) | \(cell($0.actor)) |" }.joined(separator: "\n") + "\n"
        }
        out += "\n## \(words.knownWhen)\n\n" + tableHead(words.knownWhenColumns)
        out += audit.findings.map {
            "| \($0.rule) \($0.scope ?? "") | \(text.local($0.due)) | \(text.local($0.evidenceRecordedAt)) | \(text.local($0.knowableAt)) | "
                + "\($0.detectionLatencySeconds > 0 ? text.duration(seconds: $0.detectionLatencySeconds) : words.noLatency) |"
        }.joined(separator: "\n") + "\n"
        out += "\n## \(words.withdrawn) (\(text.number(audit.withdrawn.count)))\n\n"
        out += audit.withdrawn.isEmpty ? "\(words.none)\n" : tableHead(words.withdrawnColumns)
            + audit.withdrawn.map { "| \($0.title(text)) (`\($0.rule)`) | \(text.local($0.start)) | \(text.local($0.due)) | \(text.local($0.flaggedWhenKnownAt)) | \(text.local($0.withdrawnWhenKnownAt)) |" }
            .joined(separator: "\n") + "\n"
        out += "\n## \(words.ownWords) (\(text.number(audit.reports.count)))\n\n"
        out += audit.reports.map { "> \($0.text ?? words.noText)\n>\n> — \($0.reporter ?? words.noReporter), \(text.local($0.at))\n" }.joined(separator: "\n")
        return out
    }

    func organisation(_ audit: OrganisationAudit) -> String {
        var out = "# \(text.title(audit.header))\n\n" + header(audit.header)
        out += "\n\(words.findingsForPersons(text.number(audit.findings), text.number(audit.persons)))\n\n## \(words.byRule)\n\n" + tableHead(words.byRuleColumns)
        out += audit.rules.map {
            "| \($0.title(text)) (`\($0.rule)`) | \(text.number($0.findings)) | \(text.number($0.open)) | \(text.duration(seconds: $0.medianSeconds)) | \(text.duration(seconds: $0.p90Seconds)) |"
        }.joined(separator: "\n") + "\n\n## \(words.byUnit)\n\n\(words.byUnitNote)\n\n" + tableHead(words.byUnitColumns)
        out += audit.units.map { u in
            "| \(cell(u.unit)) | " + [text.number(u.persons), text.number(u.findings), text.rate(u.perHundredPersons), text.rate(u.othersPerHundredPersons),
                                      text.number(u.discharges), text.rate(u.perHundredDischarges), text.rate(u.othersPerHundredDischarges)].joined(separator: " | ") + " |"
        }.joined(separator: "\n") + "\n\n## \(words.trend)\n\n" + tableHead(words.trendColumns)
        out += audit.months.map { "| \($0.month) | \(text.number($0.findings)) |" }.joined(separator: "\n") + "\n\n## \(words.matrix)\n\n\(words.matrixNote)\n"
        let (pairs, more) = text.pairs(audit.matrix)
        out += "\n### \(words.matrixByUnit)\n\n" + tableHead(words.pairColumns)
            + pairs.map { "| \(cell($0.before)) | \(cell($0.after)) | \(text.number($0.count)) |\n" }.joined()
            + (more > 0 ? "\n\(words.morePairs(more))\n" : "")
        out += "\n### \(words.matrixByPrincipal)\n\n" + matrix(audit.principalMatrix)
        return out
    }

    private func matrix(_ matrix: OrganisationAudit.InterfaceMatrix) -> String {
        var out = "| \(words.matrixCorner) | " + matrix.columns.map { cell(text.label($0)) }.joined(separator: " | ") + " |\n|---|" + matrix.columns.map { _ in "---|" }.joined() + "\n"
        for (r, label) in matrix.rows.enumerated() {
            out += "| \(cell(text.label(label))) | " + matrix.counts[r].map { $0 == 0 ? "" : String($0) }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    private func tableHead(_ columns: [String]) -> String {
        "| " + columns.joined(separator: " | ") + " |\n|" + columns.map { _ in "---|" }.joined() + "\n"
    }

    private func cell(_ value: String) -> String { value.replacingOccurrences(of: "|", with: "\\|") }
}

extension PersonAudit.FindingReport {
    /// The title in the audit's language.
    func title(_ text: AuditText) -> String { text.language == .sv ? swedishTitle ?? title : title }
}

extension PersonAudit.Withdrawn {
    func title(_ text: AuditText) -> String { text.language == .sv ? swedishTitle ?? title : title }
}

extension OrganisationAudit.RuleStatistics {
    func title(_ text: AuditText) -> String { text.language == .sv ? swedishTitle ?? title : title }
}
