import EventLog
import Foundation

/// Which days people are at work in Sweden: Monday to Friday, except the public holidays of
/// lag (1989:253) om allmänna helgdagar and the eves that are days off in practice
/// (midsommarafton, julafton, nyårsafton). The digest looks ahead to the next working day with
/// it: a Friday digest must warn of what falls due over the weekend and on Monday.
package enum SwedishWorkingDays {
    /// A date, as days since 1970-01-01 (proleptic Gregorian).
    package typealias Day = Int64

    package static func day(year: Int64, month: Int64, day: Int64) -> Day {
        CivilCalendar.days(year: year, month: month, day: day)
    }

    /// The days off of a year other than Saturdays and Sundays' own, by day, with their names.
    package static func daysOff(year: Int64) -> [Day: String] {
        let easter = easterSunday(year: year)
        // The one day in [from, from + 6] that falls on `weekday` (0 Monday … 6 Sunday).
        func first(_ weekday: Int64, from month: Int64, _ dayOfMonth: Int64) -> Day {
            let start = day(year: year, month: month, day: dayOfMonth)
            return start + (weekday - self.weekday(start) + 7) % 7
        }
        return [
            day(year: year, month: 1, day: 1): "nyårsdagen",
            day(year: year, month: 1, day: 6): "trettondedag jul",
            easter - 2: "långfredagen",
            easter: "påskdagen",
            easter + 1: "annandag påsk",
            day(year: year, month: 5, day: 1): "första maj",
            easter + 39: "Kristi himmelsfärdsdag",
            easter + 49: "pingstdagen",
            day(year: year, month: 6, day: 6): "Sveriges nationaldag",
            first(4, from: 6, 19): "midsommarafton",
            first(5, from: 6, 20): "midsommardagen",
            first(5, from: 10, 31): "alla helgons dag",
            day(year: year, month: 12, day: 24): "julafton",
            day(year: year, month: 12, day: 25): "juldagen",
            day(year: year, month: 12, day: 26): "annandag jul",
            day(year: year, month: 12, day: 31): "nyårsafton",
        ]
    }

    /// 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday).
    package static func weekday(_ day: Day) -> Int64 { ((day % 7) + 7 + 3) % 7 }

    package static func isWorkingDay(_ day: Day) -> Bool {
        weekday(day) < 5 && daysOff(year: CivilCalendar.date(days: day).year)[day] == nil
    }

    /// The first working day after `day`.
    package static func nextWorkingDay(after day: Day) -> Day {
        var next = day + 1
        while !isWorkingDay(next) { next += 1 }
        return next
    }

    /// Easter Sunday of a Gregorian year (the anonymous algorithm of Meeus, Jones and Butcher).
    package static func easterSunday(year: Int64) -> Day {
        let a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4
        let f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31, dayOfMonth = (h + l - 7 * m + 114) % 31 + 1
        return day(year: year, month: month, day: dayOfMonth)
    }

    /// The end of the next working day after `now`'s local day, in the time zone: how far a
    /// digest made at `now` looks ahead for what falls due, since the next digest (cron runs
    /// on working days) comes only on that day.
    package static func endOfNextWorkingDay(after now: Instant, in timeZone: TimeZone) -> Instant {
        let seconds = now.microseconds / 1_000_000
        let local = seconds + Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(seconds))))
        let today = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let end = nextWorkingDay(after: today) + 1
        // Local midnight at the start of `end`: its UTC midnight less the offset then.
        let utcMidnight = end * 86_400
        let offsetThen = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(utcMidnight))))
        return Instant(microseconds: (utcMidnight - offsetThen) * 1_000_000)
    }
}
