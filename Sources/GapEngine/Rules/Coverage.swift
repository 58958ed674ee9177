import EventLog

/// `coverage`: a need with no one responsible.
///
/// For each scope, a gap is a maximal interval where the need is open and no actor holds
/// the scope; one longer than `grace` is a finding. Work per instant is proportional to the
/// scopes the instant touched.
final class CoverageEvaluator: RuleEvaluator {
    private struct OpenGap {
        let start: Instant
        let actorBefore: String?
        let openedBy: String
        /// When no one held the scope before: the actors holding any scope for the person.
        let holders: [String]
    }

    private let context: RuleContext
    private let scopes: ScopeSelection
    private let grace: RuleDuration
    @exclusivity(unchecked) private var open: [String: OpenGap] = [:]

    init(context: RuleContext, scopes: ScopeSelection, grace: RuleDuration) {
        self.context = context
        self.scopes = scopes
        self.grace = grace
    }

    /// Gaps open and close only where needs or holdings change.
    let eventInterest = EventTypes.none
    let followsStructure = true

    func step(_ step: InstantStep, state: CareState) {
        for scope in step.touchedScopes where scopes.contains(scope) {
            let uncovered = state.hasNeed(scope) && !state.isHeld(scope)
            if uncovered, open[scope] == nil {
                let openedBy = step.needsOpened.first { $0.scope == scope }?.eventID
                    ?? step.ended.last { $0.scope == scope }?.eventID
                    ?? step.events.last!.event.id
                let before = state.lastHoldingEnd(of: scope)?.actor
                open[scope] = OpenGap(start: step.at, actorBefore: before, openedBy: openedBy,
                                      holders: before == nil ? state.holderActors(excluding: []) : [])
            } else if !uncovered, let gap = open.removeValue(forKey: scope) {
                let taker = step.started.first { $0.scope == scope }
                let closedBy = taker?.eventID ?? step.needsClosed.first { $0.scope == scope }?.eventID
                record(scope: scope, gap: gap, end: step.at, actorAfter: taker?.actor, closedBy: closedBy, asOf: step.at)
            }
        }
    }

    func finish(asOf: Instant, death: RecordedEvent?) {
        for (scope, gap) in open {
            record(scope: scope, gap: gap, end: nil, actorAfter: nil, closedBy: nil, asOf: asOf)
        }
        open.removeAll(keepingCapacity: true)
    }

    private func record(scope: String, gap: OpenGap, end: Instant?, actorAfter: String?, closedBy: String?, asOf: Instant) {
        context.judge(
            scope: scope, anchor: gap.openedBy, start: gap.start, due: context.end(of: grace, from: gap.start), end: end,
            asOf: asOf, actorBefore: gap.actorBefore, actorAfter: actorAfter, involved: gap.holders,
            evidence: [gap.openedBy] + (closedBy.map { [$0] } ?? []))
    }
}
