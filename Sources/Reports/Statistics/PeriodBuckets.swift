import EventLog
import GapEngine

/// The months or quarters of a period, local to the rulebook's time zone, each with its
/// bounds, so that an instant finds its bucket by binary search.
package struct PeriodBuckets: Sendable {
    /// How long a bucket is.
    package enum Length: String, Sendable, CaseIterable {
        case month, quarter
        /// One bucket for the whole period (the organisation audit's comparison).
        case period
    }

    /// `2026-03`, `2026K1` (Swedish) or `2026Q1` (English), or the period's own label.
    package let labels: [String]
    /// `starts[i]` is where bucket `i` begins; `starts.last` is the period's end.
    let starts: [Instant]

    /// - Parameters:
    ///   - from: the first instant counted (rounded down to its bucket's start).
    ///   - to: the period's end (exclusive).
    package init(_ length: Length, from: Instant, to: Instant, rulebook: Rulebook, language: Language) {
        guard length != .period else {
            labels = [TimeText(timeZone: rulebook.timeZone).local(from).prefix(10) + "–" + TimeText(timeZone: rulebook.timeZone).local(to).prefix(10)]
            starts = [from, to]
            return
        }
        let time = TimeText(timeZone: rulebook.timeZone)
        let first = time.local(from)
        var year = Int(first.prefix(4)) ?? 1970, month = Int(first.dropFirst(5).prefix(2)) ?? 1
        if length == .quarter { month = (month - 1) / 3 * 3 + 1 }
        var labels: [String] = [], starts: [Instant] = []
        while true {
            let start = rulebook.instant(parsing: String(format: "%04d-%02d-01", year, month))!
            guard start < to || starts.isEmpty else {
                // The last bucket ends with the period, which may be mid-month.
                starts.append(to)
                break
            }
            starts.append(start)
            labels.append(length == .month ? String(format: "%04d-%02d", year, month)
                          : "\(year)\(language == .sv ? "K" : "Q")\((month - 1) / 3 + 1)")
            month += length == .month ? 1 : 3
            if month > 12 { (year, month) = (year + 1, month - 12) }
        }
        self.labels = labels
        self.starts = starts
    }

    package var count: Int { labels.count }

    /// The end (exclusive) of bucket `index`.
    package func end(of index: Int) -> Instant { starts[index + 1] }

    /// The bucket holding an instant, or nil outside the period.
    package func index(of instant: Instant) -> Int? {
        guard let first = starts.first, let last = starts.last, instant >= first, instant < last else { return nil }
        var low = 0, high = starts.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if starts[middle] <= instant { low = middle } else { high = middle }
        }
        return low
    }
}
