import EventLog

/// `joint-plan`: many actors, no joint plan.
///
/// The condition holds while the actors holding any non-excluded scope belong to at least
/// `principals` different principals and no plan of the kind is active. Each maximal interval
/// of it longer than `within` is a finding.
final class JointPlanEvaluator: RuleEvaluator {
    private let context: RuleContext
    private let principals: Int
    private let planKind: String
    private let within: RuleDuration
    private let excludeScopes: Set<String>
    @exclusivity(unchecked) private var openSince: (at: Instant, eventID: String, holders: [String])?
    /// The principals seen by ``conditionHolds(_:)``, kept with its capacity between calls.
    @exclusivity(unchecked) private var seen: [String] = []

    init(context: RuleContext, principals: Int, plan: String, within: RuleDuration, excludeScopes: Set<String>) {
        self.context = context
        self.principals = principals
        self.planKind = plan
        self.within = within
        self.excludeScopes = excludeScopes
    }

    /// The condition changes only where holdings or plans change.
    let eventInterest = EventTypes.none
    let followsStructure = true

    func step(_ step: InstantStep, state: CareState) {
        guard !step.started.isEmpty || !step.ended.isEmpty || step.plansChanged else { return }
        let holds = conditionHolds(state)
        if holds, openSince == nil {
            openSince = (step.at, step.lastStructuralEventID ?? step.events.last!.event.id, state.holderActors(excluding: excludeScopes))
        } else if !holds, let since = openSince {
            openSince = nil
            let established = step.events.first {
                $0.event.type == EventType.planEstablished && $0.event.string("kind") == planKind && state.hasPlan($0.event.id)
            }
            let closedBy = established?.event.id ?? step.lastStructuralEventID
            record(since: since, end: step.at, actorAfter: established?.event.string("lead"), closedBy: closedBy, asOf: step.at)
        }
    }

    func finish(asOf: Instant, death: RecordedEvent?) {
        if let since = openSince { record(since: since, end: nil, actorAfter: nil, closedBy: nil, asOf: asOf) }
        openSince = nil
    }

    private func conditionHolds(_ state: CareState) -> Bool {
        if state.hasPlan(kind: planKind) { return false }
        // A handful of holders at most: a list beats a set here.
        seen.removeAll(keepingCapacity: true)
        for holding in state.holdings where !excludeScopes.contains(holding.scope) {
            guard let principal = context.actors.principal(of: holding.actor), !seen.contains(principal) else { continue }
            seen.append(principal)
            if seen.count >= principals { return true }
        }
        return false
    }

    private func record(since: (at: Instant, eventID: String, holders: [String]), end: Instant?, actorAfter: String?, closedBy: String?, asOf: Instant) {
        context.judge(
            scope: nil, anchor: since.eventID, start: since.at, due: context.end(of: within, from: since.at), end: end,
            asOf: asOf, actorBefore: nil, actorAfter: actorAfter, involved: since.holders, evidence: [since.eventID] + (closedBy.map { [$0] } ?? []))
    }
}
