import EventLog
import GapEngine

/// A supervision audit of one person: who held responsibility when, every gap with its
/// evidence, what was known when, and the person's own reports.
package struct PersonAudit: Codable, Sendable, Equatable {
    /// An event cited as evidence.
    package struct Evidence: Codable, Sendable, Equatable {
        package let id: String
        package let type: String
        package let at: String
        package let recordedAt: String
        package let actor: String
    }

    /// A finding with everything an inspector needs to check it.
    package struct FindingReport: Codable, Sendable, Equatable {
        package let id: String
        /// How people refer to it (`6e0e-2389`), when the ledger holds it: what the digest
        /// shows and `gaps --finding`, `audit --finding` and `ack` take.
        package var reference: String?
        package let rule: String
        package let title: String
        /// The rulebook's Swedish title, for reports in Swedish.
        package let swedishTitle: String?
        package let kind: String
        package let severity: String
        package let source: String?
        /// What the rule enforces, in Swedish.
        package let swedishSource: String?
        package let scope: String?
        package let start: String
        package let due: String
        package let end: String?
        package let status: String
        package let durationSeconds: Int64
        package let actorBefore: String?
        package let actorAfter: String?
        /// For a finding that no act opened: the actors holding the person when it was due.
        package let involved: [String]
        package let evidence: [Evidence]
        /// When the log learnt of the evidence that opened it (its latest `recorded_at`).
        package let evidenceRecordedAt: String
        /// When it could first have been flagged: the later of `due` and `evidenceRecordedAt`.
        package let knowableAt: String
        /// How long after `due` it could first be flagged (late records make this positive).
        package let detectionLatencySeconds: Int64
    }

    /// A finding that an earlier state of knowledge flagged and later records withdrew.
    package struct Withdrawn: Codable, Sendable, Equatable {
        package let id: String
        package let rule: String
        package let title: String
        package let swedishTitle: String?
        package let scope: String?
        package let start: String
        package let due: String
        /// The knowledge (log contents up to this `recorded_at`) that flagged it.
        package let flaggedWhenKnownAt: String
        /// The records (by `recorded_at`) that withdrew it.
        package let withdrawnWhenKnownAt: String
    }

    /// The person's (or a relative's) own words.
    package struct Report: Codable, Sendable, Equatable {
        package let id: String
        package let at: String
        package let reporter: String?
        package let category: String?
        package let text: String?
    }

    /// The responsibility timeline, for drawing.
    package struct Timeline: Codable, Sendable, Equatable {
        package struct Bar: Codable, Sendable, Equatable {
            package let lane: String
            package let label: String
            package let start: String
            package let end: String?
        }

        package struct Mark: Codable, Sendable, Equatable {
            package let lane: String
            package let id: String
            package let type: String
            package let at: String
        }

        package let start: String
        package let end: String
        /// Lanes top to bottom: needs first, then each actor.
        package let lanes: [String]
        package let holdings: [Bar]
        package let needs: [Bar]
        package let gaps: [Bar]
        package let deadlines: [Mark]
        package let events: [Mark]
        package let death: String?
    }

    package var header: AuditHeader
    package let timeline: Timeline
    package private(set) var findings: [FindingReport]
    package let withdrawn: [Withdrawn]
    package let reports: [Report]
}

extension PersonAudit {
    static let needsLane = "needs"

    /// Gives each finding its reference, by id (those the ledger does not hold have none).
    package mutating func setReferences(_ references: [String: String]) {
        for index in findings.indices { findings[index].reference = references[findings[index].id] }
    }

    /// Builds the audit of one person from all of their stored events (this filters them by
    /// `as_of` and `as_known_at`, like every evaluation).
    package init(person: String, events: [RecordedEvent], actors: ActorDirectory, context: AuditContext) {
        let evaluation = Evaluation(rulebook: context.rulebook, asOf: context.asOf, asKnownAt: context.asKnownAt, actors: actors)
        let known = events.filter { $0.recordedAt <= (context.asKnownAt ?? .distantFuture) }
        let byID = Dictionary(known.map { ($0.event.id, $0) }, uniquingKeysWith: { first, _ in first })
        let rules = Dictionary(context.rulebook.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let findings = evaluation.findings(person: person, events: known).filter { context.overlapsPeriod(start: $0.start, end: $0.end) }

        let visible = ReplayOrder.visible(known, asOf: context.asOf)
        header = context.header(kind: "person", subjectKind: "person", subject: context.show(person: person), periodStart: visible.first?.event.at)
        self.findings = findings.map { finding in
            let evidence = finding.evidence.compactMap { byID[$0] }
            let opening = evidence.first.map { [$0] } ?? []
            let recordedAt = opening.map(\.recordedAt).max() ?? finding.start
            let knowable = max(recordedAt, finding.due)
            return FindingReport(
                id: finding.id, reference: nil, rule: finding.rule, title: finding.title, swedishTitle: context.swedishTitles[finding.title], kind: finding.kind, severity: finding.severity.rawValue,
                source: rules[finding.rule]?.source, swedishSource: rules[finding.rule]?.swedishSource, scope: finding.scope, start: finding.start.description, due: finding.due.description,
                end: finding.end?.description, status: finding.status,
                durationSeconds: (finding.end ?? context.asOf).microseconds(since: finding.start) / 1_000_000,
                actorBefore: finding.actorBefore, actorAfter: finding.actorAfter, involved: finding.involved,
                evidence: evidence.map {
                    Evidence(id: $0.event.id, type: $0.event.type, at: $0.event.at.description, recordedAt: $0.recordedAt.description, actor: $0.event.actor)
                },
                evidenceRecordedAt: recordedAt.description, knowableAt: knowable.description,
                detectionLatencySeconds: knowable.microseconds(since: finding.due) / 1_000_000)
        }
        withdrawn = Self.withdrawn(person: person, events: known, final: Set(findings.map(\.id)), actors: actors, context: context)
        reports = visible
            .filter { $0.event.type == EventType.experienceReported }
            .map { recorded in
                let event = recorded.event
                return Report(id: event.id, at: event.at.description, reporter: event.string("reporter"), category: event.string("category"),
                              text: event.string("text").map(context.show(text:)))
            }
        timeline = Self.timeline(events: known, findings: findings, context: context)
    }

    /// Findings flagged by an earlier state of knowledge and absent now. Each batch of records
    /// is a point of knowledge; just before the next batch arrives, a nightly scan would have
    /// flagged what the knowledge then showed, as of then.
    static func withdrawn(person: String, events: [RecordedEvent], final: Set<String>, actors: ActorDirectory, context: AuditContext) -> [Withdrawn] {
        let points = Array(Set(events.map(\.recordedAt))).sorted()
        var flagged: [String: (finding: Finding, knownAt: Instant)] = [:]
        var withdrawn: [String: Withdrawn] = [:]
        for (index, point) in points.enumerated() {
            let until = index + 1 < points.count ? points[index + 1].adding(microseconds: -1) : context.asOf
            let evaluation = Evaluation(rulebook: context.rulebook, asOf: min(until, context.asOf), asKnownAt: point, actors: actors)
            let now = Set(evaluation.findings(person: person, events: events).map(\.id))
            for (id, earlier) in flagged where !now.contains(id) && !final.contains(id) && withdrawn[id] == nil {
                let f = earlier.finding
                withdrawn[id] = Withdrawn(id: id, rule: f.rule, title: f.title, swedishTitle: context.swedishTitles[f.title], scope: f.scope, start: f.start.description, due: f.due.description,
                                          flaggedWhenKnownAt: earlier.knownAt.description, withdrawnWhenKnownAt: point.description)
            }
            for finding in evaluation.findings(person: person, events: events) where flagged[finding.id] == nil {
                flagged[finding.id] = (finding, point)
            }
        }
        return withdrawn.values.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    static func timeline(events: [RecordedEvent], findings: [Finding], context: AuditContext) -> Timeline {
        let built = ResponsibilityTimeline(events: events, asOf: context.asOf, asKnownAt: context.asKnownAt)
        let first = built.marks.first?.at ?? context.asOf
        let start = context.from ?? first
        let end = context.to ?? context.asOf
        let lanes = [needsLane] + built.actors
        let holderLane = Set(built.actors)
        return Timeline(
            start: start.description, end: end.description, lanes: lanes,
            holdings: built.holdings.map { Timeline.Bar(lane: $0.actor, label: $0.scope, start: $0.start.description, end: $0.end?.description) },
            needs: built.needs.map { Timeline.Bar(lane: needsLane, label: $0.scope, start: $0.start.description, end: $0.end?.description) },
            gaps: findings.filter { $0.kind != "report" }.map {
                Timeline.Bar(lane: $0.actorBefore.flatMap { holderLane.contains($0) ? $0 : nil } ?? needsLane,
                             label: $0.rule, start: $0.start.description, end: $0.end?.description)
            },
            deadlines: findings.filter { $0.kind == "deadline" }.map {
                Timeline.Mark(lane: holderLane.contains($0.actorBefore ?? "") ? $0.actorBefore! : needsLane, id: $0.id, type: $0.rule, at: $0.due.description)
            },
            events: built.marks.map {
                Timeline.Mark(lane: holderLane.contains($0.actor) ? $0.actor : needsLane, id: $0.id, type: $0.type, at: $0.at.description)
            },
            death: built.death?.description)
    }
}
