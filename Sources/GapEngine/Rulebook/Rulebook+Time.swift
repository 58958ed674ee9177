import EventLog
import Foundation

extension Rulebook {
    /// Reads a command-line time: an RFC 3339 timestamp, or a date `YYYY-MM-DD` meaning the
    /// start of that day in the rulebook's time zone. `nil` if it is neither.
    package func instant(parsing text: String) -> Instant? {
        if let instant = try? RFC3339.parse(text) { return instant }
        guard let (year, month, day) = RFC3339.parseDate(text) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) else { return nil }
        return Instant(secondsSinceEpoch: Int64(date.timeIntervalSince1970.rounded()))
    }
}
