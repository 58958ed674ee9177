import Foundation
import GapEngine

/// Follow-up statistics as CSV (for spreadsheets: in Swedish with `;` between fields and a
/// decimal comma, as a Swedish spreadsheet opens it; in English with `,` and `.`) or as JSON
/// (English keys, numbers as numbers, `null` for a figure held back).
package enum StatisticsFormat: String, CaseIterable, Sendable {
    case csv, json

    /// What a held-back figure is written as: SCB's mark for a figure that cannot be given.
    package static let suppressedMark = ".."

    package func render(_ statistics: FollowUpStatistics, language: Language) -> String {
        switch self {
        case .json: JSONText.encode(StatisticsJSON(statistics))
        case .csv: csv(statistics, language: language)
        }
    }

    /// The note that says what was held back, for standard error or the JSON.
    package static func note(_ statistics: FollowUpStatistics, language: Language) -> String? {
        let held = statistics.rows.filter(\.suppressed).count
        guard held > 0 else { return nil }
        return language == .sv
            ? "\(language.integer(held)) rader har uppgifter som bygger på färre än \(FollowUpStatistics.smallestCell) personer; de visas som \(suppressedMark)"
            : "\(language.integer(held)) rows have figures that rest on fewer than \(FollowUpStatistics.smallestCell) persons; they are shown as \(suppressedMark)"
    }

    private func csv(_ statistics: FollowUpStatistics, language: Language) -> String {
        let sv = language == .sv
        let separator = sv ? ";" : ","
        let unitHeader = statistics.grouping == .unit ? (sv ? "enhet" : "unit") : (sv ? "huvudman" : "principal")
        let header = [unitHeader] + (sv
            ? ["period", "regel", "personer", "utskrivningar", "brister", "öppna vid periodens slut", "median timmar", "90:e percentilen timmar",
               "per 100", "per 100 av", "undertryckt"]
            : ["period", "rule", "persons", "discharges", "findings", "open at end", "median hours", "90th percentile hours",
               "per 100", "per 100 of", "suppressed"])
        let count = { (value: Int?, hidden: Bool) in value.map(String.init) ?? (hidden ? Self.suppressedMark : "") }
        let decimal = { (value: Double?, hidden: Bool) -> String in
            guard let value else { return hidden ? Self.suppressedMark : "" }
            let text = String(format: "%.1f", value)
            return sv ? text.replacingOccurrences(of: ".", with: ",") : text
        }
        var lines = [header.map { field($0, separator) }.joined(separator: separator)]
        for row in statistics.rows {
            let hidden = row.suppressed
            let base = row.rateBase == "discharges" ? (sv ? "utskrivningar" : "discharges") : (sv ? "personer" : "persons")
            lines.append([
                field(row.unit, separator), row.period, row.rule, count(row.persons, hidden), count(row.discharges, hidden),
                count(row.findings, hidden), count(row.openAtEnd, hidden), decimal(row.medianHours, hidden && row.findings == nil),
                decimal(row.p90Hours, hidden && row.findings == nil), decimal(row.rate, hidden), base, hidden ? (sv ? "ja" : "yes") : "",
            ].joined(separator: separator))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 4180: a field with the separator, a quote or a line break is quoted. A name read
    /// from the log that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`) is
    /// prefixed with `'`, so that opening the file runs nothing.
    private func field(_ raw: String, _ separator: String) -> String {
        let text = raw.first.map { "=+-@\t\r".contains($0) } ?? false ? "'" + raw : raw
        guard text.contains(separator) || text.contains("\"") || text.contains("\n") || text.contains("\r") else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The JSON form of follow-up statistics.
struct StatisticsJSON: Encodable {
    let grouping: String
    let periods: [String]
    let smallestCell: Int
    let suppressedMeans: String
    let rows: [FollowUpStatistics.Row]

    init(_ statistics: FollowUpStatistics) {
        grouping = statistics.grouping.rawValue
        periods = statistics.buckets.labels
        smallestCell = FollowUpStatistics.smallestCell
        suppressedMeans = "a null figure in a suppressed row rests on 1 to \(FollowUpStatistics.smallestCell - 1) persons and is held back"
        rows = statistics.rows
    }
}
