import EventLog
import Foundation
import GapEngine
import Testing

/// Swedish days off, computed, each checked over five years against the almanac, and the
/// digest's look-ahead to the end of the next working day.
@Suite struct SwedishWorkingDaysTests {
    static func day(_ text: String) -> SwedishWorkingDays.Day {
        let (y, m, d) = RFC3339.parseDate(text)!
        return SwedishWorkingDays.day(year: Int64(y), month: Int64(m), day: Int64(d))
    }

    @Test(arguments: [
        ("långfredagen", ["2024-03-29", "2025-04-18", "2026-04-03", "2027-03-26", "2028-04-14"]),
        ("påskdagen", ["2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16"]),
        ("annandag påsk", ["2024-04-01", "2025-04-21", "2026-04-06", "2027-03-29", "2028-04-17"]),
        ("Kristi himmelsfärdsdag", ["2024-05-09", "2025-05-29", "2026-05-14", "2027-05-06", "2028-05-25"]),
        ("pingstdagen", ["2024-05-19", "2025-06-08", "2026-05-24", "2027-05-16", "2028-06-04"]),
        ("midsommarafton", ["2024-06-21", "2025-06-20", "2026-06-19", "2027-06-25", "2028-06-23"]),
        ("midsommardagen", ["2024-06-22", "2025-06-21", "2026-06-20", "2027-06-26", "2028-06-24"]),
        ("alla helgons dag", ["2024-11-02", "2025-11-01", "2026-10-31", "2027-11-06", "2028-11-04"]),
        ("nyårsdagen", ["2024-01-01", "2025-01-01", "2026-01-01", "2027-01-01", "2028-01-01"]),
        ("trettondedag jul", ["2024-01-06", "2025-01-06", "2026-01-06", "2027-01-06", "2028-01-06"]),
        ("första maj", ["2024-05-01", "2025-05-01", "2026-05-01", "2027-05-01", "2028-05-01"]),
        ("Sveriges nationaldag", ["2024-06-06", "2025-06-06", "2026-06-06", "2027-06-06", "2028-06-06"]),
        ("julafton", ["2024-12-24", "2025-12-24", "2026-12-24", "2027-12-24", "2028-12-24"]),
        ("juldagen", ["2024-12-25", "2025-12-25", "2026-12-25", "2027-12-25", "2028-12-25"]),
        ("annandag jul", ["2024-12-26", "2025-12-26", "2026-12-26", "2027-12-26", "2028-12-26"]),
        ("nyårsafton", ["2024-12-31", "2025-12-31", "2026-12-31", "2027-12-31", "2028-12-31"]),
    ])
    func eachDayOffFallsWhereTheAlmanacHasIt(name: String, dates: [String]) {
        for date in dates {
            let year = Int64(date.prefix(4))!
            let off = SwedishWorkingDays.daysOff(year: year)
            #expect(off[Self.day(date)] == name, "\(name) \(year)")
            #expect(off.values.filter { $0 == name }.count == 1)
            #expect(!SwedishWorkingDays.isWorkingDay(Self.day(date)))
        }
    }

    @Test func weekdaysAreWorkingDaysAndWeekendsNot() {
        #expect(SwedishWorkingDays.weekday(Self.day("2026-12-07")) == 0, "a Monday")
        #expect(SwedishWorkingDays.isWorkingDay(Self.day("2026-12-07")))
        #expect(SwedishWorkingDays.isWorkingDay(Self.day("2026-12-11")))
        #expect(!SwedishWorkingDays.isWorkingDay(Self.day("2026-12-12")))
        #expect(!SwedishWorkingDays.isWorkingDay(Self.day("2026-12-13")))
    }

    /// A digest made at 06:00 local looks ahead to the end of the next working day.
    @Test(arguments: [
        ("2026-03-03T05:00:00Z", "2026-03-04T23:00:00Z"),  // Tuesday: to the end of Wednesday
        ("2026-03-06T05:00:00Z", "2026-03-09T23:00:00Z"),  // Friday: the weekend and Monday
        ("2026-03-27T05:00:00Z", "2026-03-30T22:00:00Z"),  // Friday before summer time begins
        ("2026-04-02T04:00:00Z", "2026-04-07T22:00:00Z"),  // Maundy Thursday: over Easter to Tuesday
        ("2026-06-18T04:00:00Z", "2026-06-22T22:00:00Z"),  // before midsommarafton: to Monday
        ("2026-12-23T05:00:00Z", "2026-12-28T23:00:00Z"),  // before Christmas: to Monday the 28th
    ])
    func theLookAheadEndsWithTheNextWorkingDay(now: String, end: String) throws {
        let stockholm = TimeZone(identifier: "Europe/Stockholm")!
        #expect(SwedishWorkingDays.endOfNextWorkingDay(after: try RFC3339.parse(now), in: stockholm) == (try RFC3339.parse(end)))
    }
}
