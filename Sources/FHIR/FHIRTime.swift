import EventLog
import Foundation

/// FHIR `dateTime` and `instant` as the log's times: one with a time keeps its offset; a date
/// alone is its start in the import's time zone; a year or a month alone cannot be placed.
struct FHIRTime: Sendable {
    let timeZone: TimeZone

    enum Problem: Error {
        case tooCoarse
        case notATime
    }

    /// The RFC 3339 text for the log (`at` keeps the source's offset where it has one).
    func text(_ value: String) throws(Problem) -> String {
        if value.contains("T") {
            guard (try? RFC3339.parse(value)) != nil else { throw .notATime }
            return value
        }
        if let (year, month, day) = RFC3339.parseDate(value) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) else { throw .notATime }
            return RFC3339.format(Instant(secondsSinceEpoch: Int64(date.timeIntervalSince1970.rounded())), fraction: false)
        }
        let digits = value.split(separator: "-")
        if (1...2).contains(digits.count), digits.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) { throw .tooCoarse }
        throw .notATime
    }
}
