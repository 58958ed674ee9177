import EventLog

/// A rulebook's evaluators, a list for each kind: the one place that knows every rule kind's
/// evaluator, so that adding a kind touches this type and the kind's own file.
///
/// Each list is stepped through in code made for its type, with direct calls, and an
/// evaluator's interest read in place; through one list of `any RuleEvaluator` every call would
/// go through a witness table. A person's findings are sorted in the end, so the order in which
/// the rules run does not show.
struct EvaluatorSet {
    private let coverage: [CoverageEvaluator]
    private let deadlines: [DeadlineEvaluator]
    private let silences: [SilenceEvaluator]
    private let jointPlans: [JointPlanEvaluator]
    private let reports: [ReportEvaluator]

    /// One evaluator per rule, each with the context `context` makes for its rule.
    init(rules: [Rule], context: (Rule) -> RuleContext) {
        var coverage: [CoverageEvaluator] = [], deadlines: [DeadlineEvaluator] = [], silences: [SilenceEvaluator] = []
        var jointPlans: [JointPlanEvaluator] = [], reports: [ReportEvaluator] = []
        for rule in rules {
            let context = context(rule)
            switch rule.kind {
            case .coverage(let scopes, let grace):
                coverage.append(CoverageEvaluator(context: context, scopes: scopes, grace: grace))
            case .deadline(let after, let expect, let due, let unless):
                deadlines.append(DeadlineEvaluator(context: context, after: after, expect: expect, due: due, unless: unless))
            case .silence(let scopes, let maxSilence):
                silences.append(SilenceEvaluator(context: context, scopes: scopes, maxSilence: maxSilence))
            case .jointPlan(let principals, let plan, let within, let excludeScopes):
                jointPlans.append(JointPlanEvaluator(context: context, principals: principals, plan: plan, within: within, excludeScopes: excludeScopes))
            case .report(let after):
                reports.append(ReportEvaluator(context: context, after: after))
            }
        }
        (self.coverage, self.deadlines, self.silences, self.jointPlans, self.reports) = (coverage, deadlines, silences, jointPlans, reports)
    }

    /// Every evaluator's interest as it stands, in the order ``step(_:state:types:interests:)`` reads them.
    var interests: [EventTypes] {
        coverage.map(\.eventInterest) + deadlines.map(\.eventInterest) + silences.map(\.eventInterest)
            + jointPlans.map(\.eventInterest) + reports.map(\.eventInterest)
    }

    /// Steps the evaluators that want the instant (see ``step(_:_:state:types:interests:from:)``)
    /// and updates their `interests`.
    func step(_ step: InstantStep, state: CareState, types: EventTypes, interests: inout [EventTypes]) {
        var offset = 0
        Self.step(coverage, step, state: state, types: types, interests: &interests, from: &offset)
        Self.step(deadlines, step, state: state, types: types, interests: &interests, from: &offset)
        Self.step(silences, step, state: state, types: types, interests: &interests, from: &offset)
        Self.step(jointPlans, step, state: state, types: types, interests: &interests, from: &offset)
        Self.step(reports, step, state: state, types: types, interests: &interests, from: &offset)
    }

    /// Judges what is still open at the end of a person's replay, leaving every evaluator empty.
    func finish(asOf: Instant, death: RecordedEvent?) {
        for evaluator in coverage { evaluator.finish(asOf: asOf, death: death) }
        for evaluator in deadlines { evaluator.finish(asOf: asOf, death: death) }
        for evaluator in silences { evaluator.finish(asOf: asOf, death: death) }
        for evaluator in jointPlans { evaluator.finish(asOf: asOf, death: death) }
        for evaluator in reports { evaluator.finish(asOf: asOf, death: death) }
    }

    /// Steps those of one kind's `evaluators` that want the instant: those whose interest meets
    /// its types, and, if it changed a holding, a need or a plan, those that follow such changes.
    /// Their interests are `interests[offset...]`, and `offset` is left past them.
    private static func step<Evaluator: RuleEvaluator>(
        _ evaluators: [Evaluator], _ step: InstantStep, state: CareState, types: EventTypes, interests: inout [EventTypes], from offset: inout Int
    ) {
        for (index, evaluator) in zip(offset..., evaluators)
        where step.changedStructure && evaluator.followsStructure || types.intersects(interests[index]) {
            evaluator.step(step, state: state)
            interests[index] = evaluator.eventInterest
        }
        offset += evaluators.count
    }
}
