import EventLog
import Foundation
import GapEngine

/// Findings as CSV: the fields of the JSON Lines output (``Finding/jsonLine``), evidence
/// ids separated by spaces.
enum FindingCSV {
    static let header = "id,rule,kind,severity,title,person,scope,start,due,end,status,actor_before,actor_after,evidence"

    /// One CSV record (RFC 4180 quoting), fields as in the JSON output.
    static func row(_ f: Finding) -> String {
        let fields: [String?] = [
            f.id, f.rule, f.kind, f.severity.rawValue, f.title, f.person, f.scope, f.start.description,
            f.due.description, f.end?.description, f.status, f.actorBefore, f.actorAfter, f.evidence.joined(separator: " "),
        ]
        return fields.map { field in
            guard let field else { return "" }
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}

/// A terminal table: persons masked, times local to the rulebook, durations humanised.
struct FindingTable {
    let timeZone: TimeZone
    let asOf: Instant
    private let formatter: DateFormatter

    init(timeZone: TimeZone, asOf: Instant) {
        self.timeZone = timeZone
        self.asOf = asOf
        formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
    }

    static let columns = ["PERSON", "RULE", "SCOPE", "SINCE", "FOR", "STATUS", "BETWEEN"]

    /// The cells of one finding.
    func cells(_ f: Finding) -> [String] {
        let length = (f.end ?? asOf).microseconds(since: f.start)
        let between = "\(f.actorBefore ?? "–") → \(f.actorAfter ?? (f.isOpen ? "(no one yet)" : "–"))"
        return [PersonID.masked(f.person), f.rule, f.scope ?? "–", local(f.start), Self.humanDuration(length), f.status, between]
    }

    /// Local time in the rulebook's zone, to the minute.
    func local(_ instant: Instant) -> String {
        formatter.string(from: Date(timeIntervalSince1970: TimeInterval(instant.microseconds) / 1_000_000))
    }

    /// Lines of an aligned table, header first.
    func render(_ findings: [Finding]) -> [String] {
        let rows = [Self.columns] + findings.map(cells)
        var widths = Array(repeating: 0, count: Self.columns.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }

    /// `3d 4h`, `5h 20m`, `45m`, `12s`.
    static func humanDuration(_ microseconds: Int64) -> String {
        let seconds = max(0, microseconds / 1_000_000)
        let days = seconds / 86_400, hours = seconds % 86_400 / 3600, minutes = seconds % 3600 / 60
        if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
        if hours > 0 { return minutes > 0 ? "\(hours)h \(minutes)m" : "\(hours)h" }
        if minutes > 0 { return "\(minutes)m" }
        return "\(seconds)s"
    }
}
