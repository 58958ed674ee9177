import EventLog
import GapEngine

/// Follow-up statistics: per unit (or principal) and month (or quarter), the persons served,
/// the discharges, and per rule the findings, those open at the end, their median and
/// 90th-percentile durations and their rate. Persons never appear; a figure that rests on
/// fewer than ``smallestCell`` persons is suppressed, as official statistics do.
package struct FollowUpStatistics: Sendable {
    /// Fewer persons than this behind a figure, and it is not shown.
    package static let smallestCell = 5
    /// The rule of the row that counts every rule.
    package static let allRules = "*"

    /// One unit, one period, one rule (or all of them). A nil figure is suppressed or has no base.
    package struct Row: Codable, Sendable, Equatable {
        package let unit: String
        package let period: String
        package let rule: String
        /// Persons the unit held a scope for, or was the actor of an event about, in the period.
        package let persons: Int?
        package let discharges: Int?
        package let findings: Int?
        /// Findings still open at the end of the period.
        package let openAtEnd: Int?
        package let medianHours: Double?
        package let p90Hours: Double?
        /// Findings per 100 of `rateBase`.
        package let rate: Double?
        /// `persons`, or `discharges` for the rules a discharge sets off.
        package let rateBase: String
        /// Whether a figure of this row was held back because it rests on fewer than 5 persons.
        package let suppressed: Bool

        private enum CodingKeys: String, CodingKey {
            case unit, period, rule, persons, discharges, findings, openAtEnd, medianHours, p90Hours, rate, rateBase, suppressed
        }

        /// Every key in every row, a held-back figure as `null`: a spreadsheet's columns stay put.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(unit, forKey: .unit)
            try container.encode(period, forKey: .period)
            try container.encode(rule, forKey: .rule)
            for (value, key) in [(persons, CodingKeys.persons), (discharges, .discharges), (findings, .findings), (openAtEnd, .openAtEnd)] {
                try container.encode(value, forKey: key)
            }
            for (value, key) in [(medianHours, CodingKeys.medianHours), (p90Hours, .p90Hours), (rate, .rate)] {
                try container.encode(value, forKey: key)
            }
            try container.encode(rateBase, forKey: .rateBase)
            try container.encode(suppressed, forKey: .suppressed)
        }
    }

    package let grouping: Grouping
    package let buckets: PeriodBuckets
    package let rows: [Row]

    /// Whose figures a row holds.
    package enum Grouping: String, Sendable, CaseIterable {
        case unit, principal
    }
}

/// One unit's (or principal's) figures in one bucket.
struct StatisticsCell {
    var persons = 0
    var discharges = 0
    var findings: [String: Int] = [:]
    var findingPersons: [String: Int] = [:]
    var openAtEnd: [String: Int] = [:]
    var openPersons: [String: Int] = [:]
    var durations: [String: [Int64]] = [:]
}

/// Accumulates follow-up statistics one person at a time: it keeps counts and durations, never
/// persons, so memory grows with units × periods × rules and findings, not with persons.
package struct FollowUpStatisticsBuilder {
    let grouping: FollowUpStatistics.Grouping
    let buckets: PeriodBuckets
    let rules: [Rule]
    /// Rules a discharge sets off: their rate is per 100 discharges.
    let dischargeRules: Set<String>
    /// Whether figures on 1 to 4 persons are held back (statistics: yes; an audit, read by
    /// those entitled to the persons themselves: no).
    package var suppressesSmallCells = true
    private var cells: [String: [StatisticsCell]] = [:]

    package init(grouping: FollowUpStatistics.Grouping, buckets: PeriodBuckets, rulebook: Rulebook) {
        self.grouping = grouping
        self.buckets = buckets
        rules = rulebook.rules
        dischargeRules = Set(rulebook.rules.filter { rule in
            guard case .deadline(let after, _, _, _) = rule.kind else { return false }
            return after.types?.contains { $0 == EventType.discharge || $0 == EventType.dischargeReady } ?? false
        }.map(\.id))
    }

    /// Adds one person's contribution (made on a worker thread by ``PersonContribution``).
    package mutating func add(_ contribution: PersonContribution) {
        for (key, served) in contribution.served {
            var row = cells[key] ?? Array(repeating: StatisticsCell(), count: buckets.count)
            for bucket in served { row[bucket].persons += 1 }
            for (bucket, n) in contribution.discharges[key] ?? [:] { row[bucket].discharges += n }
            cells[key] = row
        }
        for (key, findings) in contribution.findings {
            var row = cells[key] ?? Array(repeating: StatisticsCell(), count: buckets.count)
            var counted: Set<PersonContribution.RuleBucket> = []
            var open: Set<PersonContribution.RuleBucket> = []
            for finding in findings {
                if let bucket = finding.bucket {
                    row[bucket].findings[finding.rule, default: 0] += 1
                    row[bucket].durations[finding.rule, default: []].append(finding.seconds)
                    counted.insert(.init(rule: finding.rule, bucket: bucket))
                }
                for bucket in finding.openAtEndOf {
                    row[bucket].openAtEnd[finding.rule, default: 0] += 1
                    open.insert(.init(rule: finding.rule, bucket: bucket))
                }
            }
            // Persons behind each figure, for suppressing small cells: each person once per rule and in all.
            for item in counted { row[item.bucket].findingPersons[item.rule, default: 0] += 1 }
            for bucket in Set(counted.map(\.bucket)) { row[bucket].findingPersons[FollowUpStatistics.allRules, default: 0] += 1 }
            for item in open { row[item.bucket].openPersons[item.rule, default: 0] += 1 }
            for bucket in Set(open.map(\.bucket)) { row[bucket].openPersons[FollowUpStatistics.allRules, default: 0] += 1 }
            cells[key] = row
        }
    }

    /// Every unit with anything in the period, every bucket, every rule and all rules together.
    package func build() -> FollowUpStatistics {
        var rows: [FollowUpStatistics.Row] = []
        for key in cells.keys.sorted() {
            for (bucket, cell) in cells[key]!.enumerated() {
                let ruleIDs = [FollowUpStatistics.allRules] + rules.map(\.id)
                for rule in ruleIDs { rows.append(row(key, bucket, cell, rule)) }
            }
        }
        return FollowUpStatistics(grouping: grouping, buckets: buckets, rows: rows)
    }

    private func row(_ unit: String, _ bucket: Int, _ cell: StatisticsCell, _ rule: String) -> FollowUpStatistics.Row {
        let all = rule == FollowUpStatistics.allRules
        let durations = (all ? cell.durations.values.flatMap { $0 } : cell.durations[rule] ?? []).sorted()
        let findings = all ? cell.findings.values.reduce(0, +) : cell.findings[rule] ?? 0
        let open = all ? cell.openAtEnd.values.reduce(0, +) : cell.openAtEnd[rule] ?? 0
        let small = { (persons: Int) in suppressesSmallCells && persons > 0 && persons < FollowUpStatistics.smallestCell }
        let base = dischargeRules.contains(rule) ? cell.discharges : cell.persons
        let hidePersons = small(cell.persons)
        let hideFindings = hidePersons || small(cell.findingPersons[rule] ?? 0)
        let hideOpen = hidePersons || small(cell.openPersons[rule] ?? 0)
        let hideBase = dischargeRules.contains(rule) ? small(cell.discharges) || hidePersons : hidePersons
        let hours = { (seconds: Int64) in (Double(seconds) / 360).rounded() / 10 }
        return .init(
            unit: unit, period: buckets.labels[bucket], rule: rule,
            persons: hidePersons ? nil : cell.persons,
            discharges: hidePersons || small(cell.discharges) ? nil : cell.discharges,
            findings: hideFindings ? nil : findings,
            openAtEnd: hideOpen ? nil : open,
            medianHours: hideFindings || durations.isEmpty ? nil : hours(OrganisationAuditBuilder.percentile(durations, 0.5)),
            p90Hours: hideFindings || durations.isEmpty ? nil : hours(OrganisationAuditBuilder.percentile(durations, 0.9)),
            rate: hideFindings || hideBase || base == 0 ? nil : (Double(findings) * 1000 / Double(base)).rounded() / 10,
            rateBase: dischargeRules.contains(rule) ? "discharges" : "persons",
            suppressed: hidePersons || hideFindings || hideOpen || (dischargeRules.contains(rule) && small(cell.discharges)))
    }
}
