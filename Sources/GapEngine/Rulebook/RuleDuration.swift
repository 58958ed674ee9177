import EventLog
import Foundation

/// A rulebook duration: a fixed length (`90m`, `4h`, `3d`, `2w`) or calendar days (`3cd`).
package enum RuleDuration: Sendable, Hashable, CustomStringConvertible {
    /// A fixed number of microseconds.
    case fixed(microseconds: Int64)
    /// `n` calendar days in the rulebook's time zone: the deadline is the local midnight that
    /// ends the n-th calendar day after the local date of the start.
    case calendarDays(Int)

    /// Parses `90m`, `4h`, `3d`, `2w`, `3cd`; `nil` for anything else.
    package init?(_ text: String) {
        let units: [(suffix: String, seconds: Int64)] = [("cd", 0), ("m", 60), ("h", 3600), ("d", 86_400), ("w", 604_800)]
        guard let unit = units.first(where: { text.hasSuffix($0.suffix) }) else { return nil }
        let number = text.dropLast(unit.suffix.count)
        guard !number.isEmpty, number.allSatisfy(\.isASCII), number.allSatisfy(\.isNumber),
              let count = Int64(number), count <= 100_000
        else { return nil }
        self = unit.suffix == "cd" ? .calendarDays(Int(count)) : .fixed(microseconds: count * unit.seconds * 1_000_000)
    }

    /// The end of this duration counted from `start`.
    package func end(from start: Instant, in timeZone: TimeZone) -> Instant {
        switch self {
        case .fixed(let microseconds):
            return start.adding(microseconds: microseconds)
        case .calendarDays(let days):
            let seconds = start.microseconds / 1_000_000
            return Self.localMidnight(daysAfter: days + 1, dayOf: seconds, in: timeZone)
                ?? Self.calendarMidnight(daysAfter: days + 1, dayOf: seconds, in: timeZone)
        }
    }

    /// The same, the calendar-day ends looked up in `memo` first: an end of calendar days
    /// depends only on the local date of `start`, and finding that date takes one look at
    /// the zone's offset where working the end out takes seven.
    func end(from start: Instant, in timeZone: TimeZone, memo: CalendarDayEnds) -> Instant {
        guard case .calendarDays(let days) = self else { return end(from: start, in: timeZone) }
        let seconds = start.microseconds / 1_000_000
        let local = seconds + Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
        let localDay = (local >= 0 ? local : local - (Self.day - 1)) / Self.day
        return memo.end(days: days, localDay: localDay) { end(from: start, in: timeZone) }
    }

    private static let day: Int64 = 86_400

    /// The local midnight `days` days after the local date of `seconds`, by the zone's UTC
    /// offsets (cheap: deadline rules compute one per trigger). `nil` when either midnight is
    /// not a plain wall-clock midnight (a zone that skips it), or the offset moves by more than
    /// a DST change between them (a zone that skipped a whole day): the calendar decides those.
    private static func localMidnight(daysAfter days: Int, dayOf seconds: Int64, in timeZone: TimeZone) -> Instant? {
        func offset(_ utc: Int64) -> Int64 { Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utc)))) }
        /// The UTC time of a local wall-clock time and the offset there, if that wall-clock time exists.
        func utc(ofLocal local: Int64) -> (utc: Int64, offset: Int64)? {
            let utc = local - offset(local - offset(local))
            let actual = offset(utc)
            return utc + actual == local ? (utc, actual) : nil
        }
        let local = seconds + offset(seconds)
        let startOfDay = (local >= 0 ? local : local - (day - 1)) / day * day
        guard let first = utc(ofLocal: startOfDay), let due = utc(ofLocal: startOfDay + Int64(days) * day),
              abs(due.offset - first.offset) <= 3 * 3600
        else { return nil }
        return Instant(secondsSinceEpoch: due.utc)
    }

    /// The same through Foundation's calendar (start of day, then whole days added).
    private static func calendarMidnight(daysAfter days: Int, dayOf seconds: Int64, in timeZone: TimeZone) -> Instant {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let startOfDay = calendar.startOfDay(for: Date(timeIntervalSince1970: TimeInterval(seconds)))
        let due = calendar.date(byAdding: .day, value: days, to: startOfDay)!
        return Instant(secondsSinceEpoch: Int64(due.timeIntervalSince1970.rounded()))
    }

    package var description: String {
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

/// Ends of calendar-day durations by (days, local date of the start), for one thread: a
/// rulebook has a few such durations and a scan's starts fall on a few thousand dates.
final class CalendarDayEnds {
    @exclusivity(unchecked) private var ends: [Int64: Instant] = [:]

    func end(days: Int, localDay: Int64, compute: () -> Instant) -> Instant {
        let key = localDay &* 1_000_003 &+ Int64(days)
        if let end = ends[key] { return end }
        if ends.count >= 100_000 { ends.removeAll(keepingCapacity: true) }
        let end = compute()
        ends[key] = end
        return end
    }
}
