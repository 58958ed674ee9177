import EventLog
import GapEngine

/// One person's part of the follow-up statistics, by unit (or principal): in which buckets it
/// served them, its discharges, and the findings that concern it. Made where the person is
/// evaluated, on a worker thread; it holds no person id.
package struct PersonContribution: Sendable {
    struct RuleBucket: Hashable {
        let rule: String
        let bucket: Int
    }

    struct CountedFinding: Sendable {
        let rule: String
        /// The bucket of its `due` (when it became a finding), if that is in the period.
        let bucket: Int?
        let seconds: Int64
        /// The buckets at whose end it was still open.
        let openAtEndOf: [Int]
    }

    var served: [String: Set<Int>] = [:]
    var discharges: [String: [Int: Int]] = [:]
    var findings: [String: [CountedFinding]] = [:]

    /// - Parameters:
    ///   - events: the person's events; `findings`: theirs, from the same evaluation.
    ///   - asOf: the evaluation's `as_of`, which ends an open finding's duration.
    package init(events: [RecordedEvent], findings: [Finding], grouping: FollowUpStatistics.Grouping, buckets: PeriodBuckets,
                 actors: ActorDirectory, asOf: Instant, asKnownAt: Instant?) {
        let key = { (actor: String) -> String in
            grouping == .unit ? actor : actors.principal(of: actor) ?? OrganisationAuditBuilder.unregistered
        }
        let timeline = ResponsibilityTimeline(events: events, asOf: asOf, asKnownAt: asKnownAt)
        for holding in timeline.holdings {
            guard let first = buckets.index(of: max(holding.start, buckets.starts[0])) else { continue }
            let end = min(holding.end ?? asOf, buckets.starts[buckets.count])
            let last = buckets.index(of: end.adding(microseconds: -1)) ?? first
            served[key(holding.actor), default: []].formUnion(first...max(first, last))
        }
        for mark in timeline.marks {
            guard let bucket = buckets.index(of: mark.at) else { continue }
            served[key(mark.actor), default: []].insert(bucket)
            if mark.type == EventType.discharge { discharges[key(mark.actor), default: [:]][bucket, default: 0] += 1 }
        }
        for finding in findings {
            let bucket = buckets.index(of: finding.due)
            // A finding due before the period and still open counts as open at the end of its months.
            let openAtEndOf = (0..<buckets.count).filter { index in
                let end = buckets.end(of: index)
                return finding.due < end && end <= asOf && (finding.end.map { $0 > end } ?? true)
            }
            guard bucket != nil || !openAtEndOf.isEmpty else { continue }
            let counted = CountedFinding(rule: finding.rule, bucket: bucket, seconds: (finding.end ?? asOf).microseconds(since: finding.start) / 1_000_000,
                                         openAtEndOf: openAtEndOf)
            let concerned = Set(([finding.actorBefore, finding.actorAfter, finding.expectedActor].compactMap { $0 } + finding.involved).map(key))
            for unit in concerned { self.findings[unit, default: []].append(counted) }
        }
    }
}
