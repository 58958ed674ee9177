import EventLog
import Foundation

/// Times and durations as people read them: local time to the minute in a time zone, and
/// durations like `3d 4h`.
package struct TimeText: Sendable {
    package let timeZone: TimeZone
    private let formatter: DateFormatter

    package init(timeZone: TimeZone) {
        self.timeZone = timeZone
        formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
    }

    /// `2026-03-06 14:00`, local to the time zone.
    package func local(_ instant: Instant) -> String {
        formatter.string(from: Date(timeIntervalSince1970: TimeInterval(instant.microseconds) / 1_000_000))
    }

    /// `3d 4h`, `5h 20m`, `45m`, `12s`.
    package static func duration(_ microseconds: Int64) -> String {
        let seconds = max(0, microseconds / 1_000_000)
        let days = seconds / 86_400, hours = seconds % 86_400 / 3600, minutes = seconds % 3600 / 60
        if days > 0 { return hours > 0 ? "\(days)d \(hours)h" : "\(days)d" }
        if hours > 0 { return minutes > 0 ? "\(hours)h \(minutes)m" : "\(hours)h" }
        if minutes > 0 { return "\(minutes)m" }
        return "\(seconds)s"
    }
}
