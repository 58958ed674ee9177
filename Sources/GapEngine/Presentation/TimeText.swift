import EventLog
import Foundation

/// Times as people read them: local time to the minute in a time zone (the ISO form, which
/// Swedish and English readers share); ``Language/duration(_:)`` writes durations.
package struct TimeText: Sendable {
    package let timeZone: TimeZone

    package init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// `2026-03-06 14:00`, local to the time zone. The date is the proleptic Gregorian one that
    /// the log's timestamps are in (a date formatter turns Julian before 1582: year 0000 came
    /// out as 0001-01-03).
    package func local(_ instant: Instant) -> String {
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.microseconds) / 1_000_000))
        var text = Array(RFC3339.format(instant.adding(microseconds: Int64(offset) * 1_000_000), fraction: false).utf8)
        guard let t = text.firstIndex(of: UInt8(ascii: "T")) else { return String(decoding: text, as: UTF8.self) }
        text[t] = UInt8(ascii: " ")
        return String(decoding: text[..<(t + 6)], as: UTF8.self)
    }
}
