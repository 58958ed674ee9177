/// A point in time: microseconds since 1970-01-01T00:00:00Z.
///
/// Integer microseconds keep ordering and arithmetic exact (no floating point), which the
/// strict "longer than the allowance" rule needs. Finer fractions in input are truncated.
package struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since the Unix epoch.
    package let microseconds: Int64

    package init(microseconds: Int64) { self.microseconds = microseconds }

    /// Whole seconds since the Unix epoch.
    package init(secondsSinceEpoch: Int64) { self.microseconds = secondsSinceEpoch * 1_000_000 }

    package static func < (a: Instant, b: Instant) -> Bool { a.microseconds < b.microseconds }

    /// This instant moved by a number of microseconds.
    package func adding(microseconds delta: Int64) -> Instant { Instant(microseconds: microseconds + delta) }

    /// Microseconds from `earlier` to this instant.
    package func microseconds(since earlier: Instant) -> Int64 { microseconds - earlier.microseconds }

    /// `YYYY-MM-DDTHH:MM:SSZ`, the format of findings (fractions dropped).
    package var description: String { RFC3339.format(self, fraction: false) }
}

/// Days since 1970-01-01 of a proleptic Gregorian date, and back (Howard Hinnant's algorithms).
package enum CivilCalendar {
    package static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    package static func date(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension Instant {
    /// Later than any event's time; used as "everything known".
    package static let distantFuture = Instant(microseconds: Int64.max)
}
