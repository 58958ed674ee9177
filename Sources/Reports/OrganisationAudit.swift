import Foundation
import EventLog
import GapEngine

/// A supervision audit of an actor or a principal: how many gaps of each kind, how long they
/// last, how that changes month by month, and between which actors they concentrate.
package struct OrganisationAudit: Codable, Sendable, Equatable {
    /// Whose findings: those concerning one actor, or any actor of one principal.
    package enum Subject: Sendable, Equatable {
        case actor(String)
        case principal(String)
    }

    package struct RuleStatistics: Codable, Sendable, Equatable {
        package let rule: String
        package let title: String
        package let swedishTitle: String?
        package let findings: Int
        package let open: Int
        package let medianSeconds: Int64
        package let p90Seconds: Int64
    }

    package struct Month: Codable, Sendable, Equatable {
        /// `YYYY-MM`, local to the rulebook's time zone.
        package let month: String
        package let findings: Int
    }

    /// `before × after` counts: rows are the side that let go, columns the side that took over.
    package struct InterfaceMatrix: Codable, Sendable, Equatable {
        package let rows: [String]
        package let columns: [String]
        package let counts: [[Int]]

        /// The count for one pair, if both labels are in the matrix.
        package func count(before: String, after: String) -> Int? {
            guard let r = rows.firstIndex(of: before), let c = columns.firstIndex(of: after) else { return nil }
            return counts[r][c]
        }
    }

    /// A unit's rates beside those of every other unit in the log taken together.
    package struct UnitComparison: Codable, Sendable, Equatable {
        package let unit: String
        /// Persons the unit held a scope for, or was the actor of an event about, in the period.
        package let persons: Int
        /// Findings concerning the unit that became due in the period.
        package let findings: Int
        package let perHundredPersons: Double?
        package let othersPerHundredPersons: Double?
        package let discharges: Int
        package let dischargeFindings: Int
        package let perHundredDischarges: Double?
        package let othersPerHundredDischarges: Double?
    }

    package let header: AuditHeader
    package let persons: Int
    package let findings: Int
    package let rules: [RuleStatistics]
    package let months: [Month]
    package let units: [UnitComparison]
    /// Before × after by unit.
    package let matrix: InterfaceMatrix
    /// Before × after by principal.
    package let principalMatrix: InterfaceMatrix
}

/// Accumulates an organisation audit one person at a time (bounded memory: it keeps
/// durations and counts, not findings).
package struct OrganisationAuditBuilder {
    static let none = "(none)"
    static let unregistered = "(unregistered)"

    let subject: OrganisationAudit.Subject
    let actors: ActorDirectory
    let context: AuditContext
    private let time: TimeText
    private var persons = 0
    private var total = 0
    private var durations: [String: [Int64]] = [:]
    private var open: [String: Int] = [:]
    private var titles: [String: String] = [:]
    private var months: [String: Int] = [:]
    private var pairs: [Pair: Int] = [:]
    private var principalPairs: [Pair: Int] = [:]
    private var everyUnit: FollowUpStatisticsBuilder
    /// The single bucket of the whole period, for the units' comparison.
    package let period: PeriodBuckets

    private struct Pair: Hashable {
        let before: String
        let after: String
    }

    package init(subject: OrganisationAudit.Subject, actors: ActorDirectory, context: AuditContext) {
        self.subject = subject
        self.actors = actors
        self.context = context
        time = TimeText(timeZone: context.rulebook.timeZone)
        period = PeriodBuckets(.period, from: context.from ?? Instant(microseconds: 0), to: context.to ?? context.asOf, rulebook: context.rulebook, language: .en)
        everyUnit = FollowUpStatisticsBuilder(grouping: .unit, buckets: period, rulebook: context.rulebook)
        everyUnit.suppressesSmallCells = false
    }

    /// One person's part of the units' comparison, made where the person is evaluated.
    package func contribution(events: [RecordedEvent], findings: [Finding]) -> PersonContribution {
        PersonContribution(events: events, findings: findings, grouping: .unit, buckets: period, actors: actors, asOf: context.asOf,
                           asKnownAt: context.asKnownAt)
    }

    /// Adds every person's contribution, whether or not their findings concern the subject:
    /// the other units are what the subject is compared with.
    package mutating func add(_ contribution: PersonContribution) { everyUnit.add(contribution) }

    /// Whether a finding concerns the audited actor or principal.
    package func concerns(_ finding: Finding) -> Bool {
        let involved = [finding.actorBefore, finding.actorAfter, finding.expectedActor].compactMap { $0 } + finding.involved
        return involved.contains(where: isSubject)
    }

    /// Whether an actor is the audited one, or one of the audited principal's.
    private func isSubject(_ actor: String) -> Bool {
        switch subject {
        case .actor(let audited): actor == audited
        case .principal(let name): actors.principal(of: actor) == name
        }
    }

    /// Adds one person's findings; returns those that count for this audit.
    @discardableResult
    package mutating func add(person: String, findings: [Finding]) -> [Finding] {
        let counted = findings.filter { concerns($0) && context.overlapsPeriod(start: $0.start, end: $0.end) }
        guard !counted.isEmpty else { return [] }
        persons += 1
        for finding in counted {
            total += 1
            durations[finding.rule, default: []].append((finding.end ?? context.asOf).microseconds(since: finding.start) / 1_000_000)
            if finding.isOpen { open[finding.rule, default: 0] += 1 }
            titles[finding.rule] = finding.title
            // A finding that began before the period counts in its first month: the trend is the period's.
            months[month(of: max(finding.start, context.from ?? finding.start)), default: 0] += 1
            let (before, after) = (finding.actorBefore, finding.actorAfter ?? finding.expectedActor)
            pairs[Pair(before: before ?? Self.none, after: after ?? Self.none), default: 0] += 1
            principalPairs[Pair(before: principal(before), after: principal(after)), default: 0] += 1
        }
        return counted
    }

    /// `2026-03`, local to the rulebook's time zone.
    private func month(of instant: Instant) -> String { String(time.local(instant).prefix(7)) }

    /// Every month from the period's first (or the first with a finding) to its last, empty
    /// ones too, so that the trend's bars never close up over a month without findings.
    private func everyMonth() -> [String] {
        guard let first = context.from ?? months.keys.min().flatMap({ context.rulebook.instant(parsing: $0 + "-01") }) else { return [] }
        return PeriodBuckets(.month, from: first, to: context.to ?? context.asOf, rulebook: context.rulebook, language: .en).labels
    }

    /// The principal matrix's label of an actor.
    private func principal(_ actor: String?) -> String {
        guard let actor else { return Self.none }
        return actors.principal(of: actor) ?? Self.unregistered
    }

    package func build() -> OrganisationAudit {
        let (subjectKind, subjectText) = switch subject {
        case .actor(let actor): ("actor", actor)
        case .principal(let name): ("principal", name)
        }
        let ruleOrder = context.rulebook.rules.map(\.id)
        let stats = ruleOrder.compactMap { rule -> OrganisationAudit.RuleStatistics? in
            guard let values = durations[rule]?.sorted() else { return nil }
            return .init(rule: rule, title: titles[rule] ?? rule, swedishTitle: titles[rule].flatMap { context.swedishTitles[$0] }, findings: values.count, open: open[rule] ?? 0,
                         medianSeconds: Self.percentile(values, 0.5), p90Seconds: Self.percentile(values, 0.9))
        }
        return OrganisationAudit(
            header: context.header(kind: "organisation", subjectKind: subjectKind, subject: subjectText), persons: persons, findings: total, rules: stats,
            months: everyMonth().map { .init(month: $0, findings: months[$0] ?? 0) },
            units: comparison(), matrix: Self.matrix(pairs), principalMatrix: Self.matrix(principalPairs))
    }

    private static func matrix(_ pairs: [Pair: Int]) -> OrganisationAudit.InterfaceMatrix {
        let rows = Array(Set(pairs.keys.map(\.before))).sorted()
        let columns = Array(Set(pairs.keys.map(\.after))).sorted()
        let counts = rows.map { row in columns.map { column in pairs[Pair(before: row, after: column)] ?? 0 } }
        return .init(rows: rows, columns: columns, counts: counts)
    }

    /// Each audited unit's rates beside those of all other units together (pooled: their
    /// findings over their persons), so that a small unit does not weigh as much as a large one.
    private func comparison() -> [OrganisationAudit.UnitComparison] {
        let all = FollowUpStatistics.allRules
        struct Totals { var persons = 0, findings = 0, discharges = 0, dischargeFindings = 0 }
        var totals: [String: Totals] = [:]
        let statistics = everyUnit.build()
        for row in statistics.rows {
            if row.rule == all {
                totals[row.unit, default: Totals()].persons = row.persons ?? 0
                totals[row.unit, default: Totals()].discharges = row.discharges ?? 0
                totals[row.unit, default: Totals()].findings = row.findings ?? 0
            } else if row.rateBase == "discharges" {
                totals[row.unit, default: Totals()].dischargeFindings += row.findings ?? 0
            }
        }
        let rate = { (count: Int, base: Int) -> Double? in base == 0 ? nil : (Double(count) * 1000 / Double(base)).rounded() / 10 }
        let sum = totals.values.reduce(into: Totals()) {
            $0.persons += $1.persons; $0.findings += $1.findings; $0.discharges += $1.discharges; $0.dischargeFindings += $1.dischargeFindings
        }
        return totals.keys.filter(isSubject).sorted().map { unit in
            let mine = totals[unit]!
            let others = Totals(persons: sum.persons - mine.persons, findings: sum.findings - mine.findings,
                                discharges: sum.discharges - mine.discharges, dischargeFindings: sum.dischargeFindings - mine.dischargeFindings)
            return .init(unit: unit, persons: mine.persons, findings: mine.findings,
                         perHundredPersons: rate(mine.findings, mine.persons), othersPerHundredPersons: rate(others.findings, others.persons),
                         discharges: mine.discharges, dischargeFindings: mine.dischargeFindings,
                         perHundredDischarges: rate(mine.dischargeFindings, mine.discharges),
                         othersPerHundredDischarges: rate(others.dischargeFindings, others.discharges))
        }
    }

    /// The nearest-rank percentile of sorted values (`p` in 0…1).
    static func percentile(_ sorted: [Int64], _ p: Double) -> Int64 {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }
}
