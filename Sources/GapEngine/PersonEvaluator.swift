import EventLog

/// Evaluates persons one after another with one set of rule evaluators, made once: each
/// evaluator's `finish` leaves it empty for the next person. A scan evaluates millions of
/// persons, and making a rulebook's evaluators anew for each cost more than many a replay.
///
/// Not for sharing between threads: a scan makes one per worker.
final class PersonEvaluator {
    private let evaluation: Evaluation
    private let verdicts = Verdicts()
    /// The rulebook's evaluators, a list for each kind: each list is stepped through in code
    /// made for its type, with direct calls, and an evaluator's interest read in place. Through
    /// one list of `any RuleEvaluator`, every call went through a witness table (1.1M events, one
    /// core: 3% more time). A person's findings are sorted in the end, so the order in which the
    /// rules run does not show.
    private let coverage: [CoverageEvaluator]
    private let deadlines: [DeadlineEvaluator]
    private let silences: [SilenceEvaluator]
    private let jointPlans: [JointPlanEvaluator]
    private let reports: [ReportEvaluator]

    init(_ evaluation: Evaluation) {
        self.evaluation = evaluation
        var coverage: [CoverageEvaluator] = [], deadlines: [DeadlineEvaluator] = [], silences: [SilenceEvaluator] = []
        var jointPlans: [JointPlanEvaluator] = [], reports: [ReportEvaluator] = []
        let calendarDayEnds = CalendarDayEnds()
        for rule in evaluation.rulebook.rules {
            let context = RuleContext(
                rule: rule, timeZone: evaluation.rulebook.timeZone, actors: evaluation.actors, verdicts: verdicts, calendarDayEnds: calendarDayEnds)
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

    /// Findings, upcoming obligations and the next change of one person (``Evaluation/evaluate(person:events:)``).
    ///
    /// Events are made only at the instants that the replay or some evaluator wants, each once
    /// (``ReplaySource``): a contact that nobody waits for is ordered and passed over by its key.
    func evaluate(person: String, events: some ReplaySource) -> Evaluation.PersonResult {
        let asOf = evaluation.asOf, asKnownAt = evaluation.asKnownAt
        verdicts.start(person: person)
        let order = ReplayOrder.select(events, asOf: asOf, asKnownAt: asKnownAt)
        var replay = Replay()
        // Each evaluator's interest as it last said: most instants are contacts, which most
        // evaluators only need while they wait for one. An instant of types that no evaluator
        // wants and that change no state is passed over whole.
        var interests = coverage.map(\.eventInterest) + deadlines.map(\.eventInterest) + silences.map(\.eventInterest)
            + jointPlans.map(\.eventInterest) + reports.map(\.eventInterest)
        let stateChanging = Replay.stateChanging
        var wanted = interests.reduce(stateChanging) { $0.union($1) }
        // The current instant's events, made; moved into each step and back, refilled at each instant.
        var instant: [RecordedEvent] = []
        var start = 0
        while start < order.count {
            let at = events.key(order[start]).at
            var types = EventTypes(code: events.key(order[start]).typeCode)
            var end = start + 1
            while end < order.count, events.key(order[end]).at == at {
                types = types.union(EventTypes(code: events.key(order[end]).typeCode))
                end += 1
            }
            defer { start = end }
            guard types.intersects(wanted) else { continue }
            for position in start..<end { instant.append(events.event(order[position])) }
            let step = replay.apply(consume instant)
            var offset = 0
            Self.step(coverage, step, state: replay.state, types: types, interests: &interests, from: &offset)
            Self.step(deadlines, step, state: replay.state, types: types, interests: &interests, from: &offset)
            Self.step(silences, step, state: replay.state, types: types, interests: &interests, from: &offset)
            Self.step(jointPlans, step, state: replay.state, types: types, interests: &interests, from: &offset)
            Self.step(reports, step, state: replay.state, types: types, interests: &interests, from: &offset)
            instant = replay.recycle(step)
            wanted = interests.reduce(stateChanging) { $0.union($1) }
            if replay.state.death != nil { break }
        }
        let death = replay.state.death.flatMap { at in
            order.first { events.key($0).typeCode == Self.deceased && events.key($0).at == at }.map(events.event)
        }
        for evaluator in coverage { evaluator.finish(asOf: asOf, death: death) }
        for evaluator in deadlines { evaluator.finish(asOf: asOf, death: death) }
        for evaluator in silences { evaluator.finish(asOf: asOf, death: death) }
        for evaluator in jointPlans { evaluator.finish(asOf: asOf, death: death) }
        for evaluator in reports { evaluator.finish(asOf: asOf, death: death) }
        // Sorted in place: a finding holds a dozen strings, and a sorted copy would count
        // references to each of them.
        var (findings, upcoming) = verdicts.take()
        if let death {
            findings.removeAll { $0.due >= death.event.at }
            findings.sort(by: Finding.outputOrder)
            return Evaluation.PersonResult(findings: findings, upcoming: [], nextChange: nil)
        }
        upcoming.sort { ($0.due, $0.id) < ($1.due, $1.id) }
        findings.sort(by: Finding.outputOrder)
        let nextDue = upcoming.first.map { $0.due.adding(microseconds: 1) }
        let nextEvent = ReplayOrder.nextEvent(events, after: asOf, asKnownAt: asKnownAt)
        let nextChange = [nextDue, nextEvent].compactMap { $0 }.min()
        return Evaluation.PersonResult(findings: findings, upcoming: upcoming, nextChange: nextChange)
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

    private static let deceased = EventType.code(of: EventType.personDeceased)
}

