import EventLog

/// `report`: the person (or a relative) says there is a gap.
///
/// Each matching event is a finding at once; it closes at the first later `contact` by an
/// actor holding a scope for the person at that instant.
final class ReportEvaluator: RuleEvaluator {
    private let context: RuleContext
    private let after: Matcher
    @exclusivity(unchecked) private var pending: [RecordedEvent] = []
    /// The types of reports, and of reports and the contacts that close them, read once.
    private let reportTypes, reportAndContactTypes: EventTypes

    init(context: RuleContext, after: Matcher) {
        self.context = context
        self.after = after
        reportTypes = after.interest
        reportAndContactTypes = after.interest.union(EventTypes([EventType.contact]))
    }

    /// Reports, and while one is open the contacts that close it.
    var eventInterest: EventTypes { pending.isEmpty ? reportTypes : reportAndContactTypes }
    let followsStructure = false

    func step(_ step: InstantStep, state: CareState) {
        for recorded in step.events {
            let event = recorded.event
            if !pending.isEmpty, event.type == EventType.contact, state.isHolder(event.actor) {
                for report in pending { record(report, end: step.at, contact: event) }
                pending.removeAll()
            }
            if after.accepts(event) { pending.append(recorded) }
        }
    }

    func finish(asOf: Instant, death: RecordedEvent?) {
        for report in pending {
            if let death { record(report, end: death.event.at, contact: nil, closedBy: death.event.id) } else { record(report, end: nil, contact: nil) }
        }
        pending.removeAll(keepingCapacity: true)
    }

    private func record(_ report: RecordedEvent, end: Instant?, contact: CareEvent?, closedBy: String? = nil) {
        let event = report.event
        let closer = contact?.id ?? closedBy
        context.verdicts.findings.append(Finding(
            rule: context.rule, person: context.verdicts.person, scope: event.string("scope"), anchor: event.id,
            start: event.at, due: event.at, end: end, actorBefore: event.actor, actorAfter: contact?.actor,
            evidence: [event.id] + (closer.map { [$0] } ?? [])))
    }
}
