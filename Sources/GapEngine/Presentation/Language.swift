/// The language of what people read (digests, audits, statistics, the demo): Swedish by
/// default, because coordinators, unit managers and IVO's inspectors work in Swedish.
///
/// Machine formats (JSON, the findings CSV) keep their English keys in both: other tools read them.
package enum Language: String, CaseIterable, Sendable {
    case sv, en

    /// An integer as people write it: `12 345` in Swedish (a no-break space groups
    /// thousands), `12,345` in English.
    package func integer(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += self == .sv ? "\u{00A0}" : "," }
            grouped.append(digit)
        }
        return (value < 0 ? "−" : "") + grouped
    }

    /// A decimal with one digit after the point: `12,5` in Swedish, `12.5` in English.
    package func decimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let whole = integer(abs(tenths) / 10)
        return (tenths < 0 ? "−" : "") + whole + (self == .sv ? "," : ".") + String(abs(tenths) % 10)
    }

    /// `3 dygn 4 tim` / `3d 4h`, `5 tim 20 min` / `5h 20m`, `45 min` / `45m`, `12 s` / `12s`.
    package func duration(_ microseconds: Int64) -> String {
        let seconds = max(0, microseconds / 1_000_000)
        let days = seconds / 86_400, hours = seconds % 86_400 / 3600, minutes = seconds % 3600 / 60
        let units: (day: String, hour: String, minute: String, second: String) =
            self == .sv ? ("\u{00A0}dygn", "\u{00A0}tim", "\u{00A0}min", "\u{00A0}s") : ("d", "h", "m", "s")
        if days > 0 { return "\(days)\(units.day)" + (hours > 0 ? " \(hours)\(units.hour)" : "") }
        if hours > 0 { return "\(hours)\(units.hour)" + (minutes > 0 ? " \(minutes)\(units.minute)" : "") }
        if minutes > 0 { return "\(minutes)\(units.minute)" }
        return "\(seconds)\(units.second)"
    }

    /// A rule's severity as the reader's language names it.
    package func severity(_ severity: Severity) -> String {
        guard self == .sv else { return severity.rawValue }
        return switch severity {
        case .critical: "kritisk"
        case .high: "hög"
        case .medium: "medel"
        case .low: "låg"
        }
    }
}
