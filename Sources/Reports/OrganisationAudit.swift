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

    package let header: AuditHeader
    package let persons: Int
    package let findings: Int
    package let rules: [RuleStatistics]
    package let months: [Month]
    package let matrix: InterfaceMatrix
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

    private struct Pair: Hashable {
        let before: String
        let after: String
    }

    package init(subject: OrganisationAudit.Subject, actors: ActorDirectory, context: AuditContext) {
        self.subject = subject
        self.actors = actors
        self.context = context
        time = TimeText(timeZone: context.rulebook.timeZone)
    }

    /// Whether a finding concerns the audited actor or principal.
    package func concerns(_ finding: Finding) -> Bool {
        let involved = [finding.actorBefore, finding.actorAfter, finding.expectedActor].compactMap { $0 }
        switch subject {
        case .actor(let actor): return involved.contains(actor)
        case .principal(let name): return involved.contains { actors.principal(of: $0) == name }
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
            pairs[Pair(before: label(finding.actorBefore), after: label(finding.actorAfter ?? finding.expectedActor)), default: 0] += 1
        }
        return counted
    }

    /// `2026-03`, local to the rulebook's time zone.
    private func month(of instant: Instant) -> String { String(time.local(instant).prefix(7)) }

    /// Every month from the period's first (or the first with a finding) to its last, empty
    /// ones too, so that the trend's bars never close up over a month without findings.
    private func everyMonth() -> [String] {
        guard let first = context.from.map(month(of:)) ?? months.keys.min() else { return [] }
        let last = month(of: context.to ?? context.asOf)
        var (year, number) = (Int(first.prefix(4))!, Int(first.suffix(2))!)
        var all: [String] = []
        while true {
            let text = String(format: "%04d-%02d", year, number)
            guard text <= last || all.isEmpty else { break }
            all.append(text)
            (year, number) = number == 12 ? (year + 1, 1) : (year, number + 1)
        }
        return all
    }

    /// The matrix label of an actor: itself, or its principal when auditing a principal.
    private func label(_ actor: String?) -> String {
        guard let actor else { return Self.none }
        guard case .principal = subject else { return actor }
        return actors.principal(of: actor) ?? Self.unregistered
    }

    package func build() -> OrganisationAudit {
        let subjectText = switch subject {
        case .actor(let actor): "actor \(actor)"
        case .principal(let name): "principal \(name)"
        }
        let ruleOrder = context.rulebook.rules.map(\.id)
        let stats = ruleOrder.compactMap { rule -> OrganisationAudit.RuleStatistics? in
            guard let values = durations[rule]?.sorted() else { return nil }
            return .init(rule: rule, title: titles[rule] ?? rule, findings: values.count, open: open[rule] ?? 0,
                         medianSeconds: Self.percentile(values, 0.5), p90Seconds: Self.percentile(values, 0.9))
        }
        let rows = Array(Set(pairs.keys.map(\.before))).sorted()
        let columns = Array(Set(pairs.keys.map(\.after))).sorted()
        let counts = rows.map { row in columns.map { column in pairs[Pair(before: row, after: column)] ?? 0 } }
        return OrganisationAudit(
            header: context.header(kind: "organisation", subject: subjectText), persons: persons, findings: total, rules: stats,
            months: everyMonth().map { .init(month: $0, findings: months[$0] ?? 0) },
            matrix: .init(rows: rows, columns: columns, counts: counts))
    }

    /// The nearest-rank percentile of sorted values (`p` in 0…1).
    static func percentile(_ sorted: [Int64], _ p: Double) -> Int64 {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[max(0, min(sorted.count - 1, rank - 1))]
    }
}
