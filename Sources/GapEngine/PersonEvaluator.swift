import EventLog

/// Evaluates persons one after another with one set of rule evaluators, made once: each
/// evaluator's `finish` leaves it empty for the next person. A scan evaluates millions of
/// persons, and making a rulebook's evaluators anew for each cost more than many a replay.
///
/// Not for sharing between threads: a scan makes one per worker.
final class PersonEvaluator {
    private let evaluation: Evaluation
    private let verdicts = Verdicts()
    private let evaluators: [any RuleEvaluator]
    /// Whether each evaluator follows structural changes, read once.
    private let followsStructure: [Bool]

    init(_ evaluation: Evaluation) {
        self.evaluation = evaluation
        let calendarDayEnds = CalendarDayEnds()
        evaluators = evaluation.rulebook.rules.map { [verdicts] rule in
            Self.makeEvaluator(rule, evaluation: evaluation, verdicts: verdicts, calendarDayEnds: calendarDayEnds)
        }
        followsStructure = evaluators.map(\.followsStructure)
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
        var interests = evaluators.map(\.eventInterest)
        let stateChanging = Replay.stateChanging
        var wanted = interests.reduce(stateChanging) { $0.union($1) }
        // The current instant's events, made; refilled at each instant.
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
            instant.empty()
            for position in start..<end { instant.append(events.event(order[position])) }
            let step = replay.apply(instant[...])
            let structural = step.changedStructure
            for index in evaluators.indices where structural && followsStructure[index] || types.intersects(interests[index]) {
                let evaluator = evaluators[index]
                evaluator.step(step, state: replay.state)
                interests[index] = evaluator.eventInterest
            }
            wanted = interests.reduce(stateChanging) { $0.union($1) }
            if replay.state.death != nil { break }
        }
        let death = replay.state.death.flatMap { at in
            order.first { events.key($0).typeCode == Self.deceased && events.key($0).at == at }.map(events.event)
        }
        for evaluator in evaluators { evaluator.finish(asOf: asOf, death: death) }
        let (findings, upcoming) = verdicts.take()
        if let death {
            return Evaluation.PersonResult(
                findings: findings.filter { $0.due < death.event.at }.sorted(by: Finding.outputOrder), upcoming: [], nextChange: nil)
        }
        let upcomingInOrder = upcoming.sorted { ($0.due, $0.id) < ($1.due, $1.id) }
        let nextDue = upcomingInOrder.first.map { $0.due.adding(microseconds: 1) }
        let nextEvent = ReplayOrder.nextEvent(events, after: asOf, asKnownAt: asKnownAt)
        let nextChange = [nextDue, nextEvent].compactMap { $0 }.min()
        return Evaluation.PersonResult(findings: findings.sorted(by: Finding.outputOrder), upcoming: upcomingInOrder, nextChange: nextChange)
    }

    private static let deceased = EventType.code(of: EventType.personDeceased)

    private static func makeEvaluator(_ rule: Rule, evaluation: Evaluation, verdicts: Verdicts, calendarDayEnds: CalendarDayEnds) -> any RuleEvaluator {
        let context = RuleContext(
            rule: rule, timeZone: evaluation.rulebook.timeZone, actors: evaluation.actors, verdicts: verdicts, calendarDayEnds: calendarDayEnds)
        switch rule.kind {
        case .coverage(let scopes, let grace):
            return CoverageEvaluator(context: context, scopes: scopes, grace: grace)
        case .deadline(let after, let expect, let due, let unless):
            return DeadlineEvaluator(context: context, after: after, expect: expect, due: due, unless: unless)
        case .silence(let scopes, let maxSilence):
            return SilenceEvaluator(context: context, scopes: scopes, maxSilence: maxSilence)
        case .jointPlan(let principals, let plan, let within, let excludeScopes):
            return JointPlanEvaluator(context: context, principals: principals, plan: plan, within: within, excludeScopes: excludeScopes)
        case .report(let after):
            return ReportEvaluator(context: context, after: after)
        }
    }
}
