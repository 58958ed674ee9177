import EventLog
import Foundation

/// A rulebook duration: a fixed length (`90m`, `4h`, `3d`, `2w`) or calendar days (`3cd`).
public enum RuleDuration: Sendable, Hashable, CustomStringConvertible {
    /// A fixed number of microseconds.
    case fixed(microseconds: Int64)
    /// `n` calendar days in the rulebook's time zone: the deadline is the local midnight that
    /// ends the n-th calendar day after the local date of the start.
    case calendarDays(Int)

    /// Parses `90m`, `4h`, `3d`, `2w`, `3cd`; `nil` for anything else.
    public init?(_ text: String) {
        let units: [(suffix: String, seconds: Int64)] = [("cd", 0), ("m", 60), ("h", 3600), ("d", 86_400), ("w", 604_800)]
        guard let unit = units.first(where: { text.hasSuffix($0.suffix) }) else { return nil }
        let number = text.dropLast(unit.suffix.count)
        guard !number.isEmpty, number.allSatisfy(\.isASCII), number.allSatisfy(\.isNumber),
              let count = Int64(number), count <= 100_000
        else { return nil }
        self = unit.suffix == "cd" ? .calendarDays(Int(count)) : .fixed(microseconds: count * unit.seconds * 1_000_000)
    }

    /// The end of this duration counted from `start`.
    public func end(from start: Instant, in timeZone: TimeZone) -> Instant {
        switch self {
        case .fixed(let microseconds):
            return start.adding(microseconds: microseconds)
        case .calendarDays(let days):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let date = Date(timeIntervalSince1970: TimeInterval(start.microseconds / 1_000_000))
            let startOfDay = calendar.startOfDay(for: date)
            let due = calendar.date(byAdding: .day, value: days + 1, to: startOfDay)!
            return Instant(secondsSinceEpoch: Int64(due.timeIntervalSince1970.rounded()))
        }
    }

    public var description: String {
        switch self {
        case .calendarDays(let days): return "\(days)cd"
        case .fixed(let microseconds):
            let seconds = microseconds / 1_000_000
            for (suffix, unit) in [("w", Int64(604_800)), ("d", 86_400), ("h", 3600)] where seconds % unit == 0 && seconds > 0 {
                return "\(seconds / unit)\(suffix)"
            }
            return "\(seconds / 60)m"
        }
    }
}
