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
    let asOf: Instant
    private let time: TimeText

    init(timeZone: TimeZone, asOf: Instant) {
        self.asOf = asOf
        time = TimeText(timeZone: timeZone)
    }

    static let columns = ["PERSON", "RULE", "SCOPE", "SINCE", "FOR", "STATUS", "BETWEEN"]

    /// The cells of one finding.
    func cells(_ f: Finding) -> [String] {
        let length = (f.end ?? asOf).microseconds(since: f.start)
        let between = "\(f.actorBefore ?? "–") → \(f.actorAfter ?? (f.isOpen ? "(no one yet)" : "–"))"
        return [PersonID.masked(f.person), f.rule, f.scope ?? "–", time.local(f.start), Language.en.duration(length), f.status, between]
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
}
