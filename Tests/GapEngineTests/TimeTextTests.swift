import EventLog
import Foundation
import GapEngine
import Testing

/// Local times as the reports and the digest print them: the proleptic Gregorian calendar of
/// the log's timestamps, in the rulebook's time zone, to the minute.
@Suite struct TimeTextTests {
    let stockholm = TimeText(timeZone: TimeZone(identifier: "Europe/Stockholm")!)

    @Test(arguments: [
        ("2026-01-15T12:00:00Z", "2026-01-15 13:00"),
        ("2026-03-29T00:59:59Z", "2026-03-29 01:59"),
        ("2026-03-29T01:00:00Z", "2026-03-29 03:00"),
        ("2026-10-25T00:30:00Z", "2026-10-25 02:30"),
        ("2026-10-25T01:30:00Z", "2026-10-25 02:30"),
        ("9999-12-31T22:59:00Z", "9999-12-31 23:59"),
    ])
    func localTimeIsTheLogsCalendarInTheTimeZone(utc: String, local: String) throws {
        #expect(stockholm.local(try RFC3339.parse(utc)) == local)
    }

    /// Before 1582 a date formatter counts Julian days (year 0000 came out as 0001-01-03); in
    /// UTC, so that no time zone's local mean time is part of the test.
    @Test(arguments: [
        ("1582-10-10T12:00:00Z", "1582-10-10 12:00"),
        ("0000-01-01T00:00:00Z", "0000-01-01 00:00"),
        ("0000-02-29T23:59:00Z", "0000-02-29 23:59"),
    ])
    func datesBeforeTheGregorianReformAreTheLogsOwn(utc: String, local: String) throws {
        #expect(TimeText(timeZone: TimeZone(identifier: "UTC")!).local(try RFC3339.parse(utc)) == local)
    }
}
