import EventLog

/// Evaluates persons one after another with one set of rule evaluators, made once: each
/// evaluator's `finish` leaves it empty for the next person. A scan evaluates millions of
/// persons, and making a rulebook's evaluators anew for each cost more than many a replay.
///
/// Not for sharing between threads: a scan makes one per worker.
final class PersonEvaluator {
    private let evaluation: Evaluation
    private let verdicts = Verdicts()
    private let evaluators: EvaluatorSet

    init(_ evaluation: Evaluation) {
        self.evaluation = evaluation
        let calendarDayEnds = CalendarDayEnds()
        evaluators = EvaluatorSet(rules: evaluation.rulebook.rules) { [verdicts] rule in
            RuleContext(rule: rule, timeZone: evaluation.rulebook.timeZone, actors: evaluation.actors, verdicts: verdicts, calendarDayEnds: calendarDayEnds)
        }
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
        var interests = evaluators.interests
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
            evaluators.step(step, state: replay.state, types: types, interests: &interests)
            instant = replay.recycle(step)
            wanted = interests.reduce(stateChanging) { $0.union($1) }
            if replay.state.death != nil { break }
        }
        let death = replay.state.death.flatMap { at in
            order.first { events.key($0).typeCode == Self.deceased && events.key($0).at == at }.map(events.event)
        }
        evaluators.finish(asOf: asOf, death: death)
        // Sorted in place: a finding holds a dozen strings, and a sorted copy would count
        // references to each of them.
        var (findings, upcoming) = verdicts.take()
        if let death {
            findings.removeAll { $0.due >= death.event.at }
            findings.sort(by: Finding.outputOrder)
            return Evaluation.PersonResult(findings: findings, upcoming: [], nextChange: nil)
        }
        upcoming.sort { ($0.finding.due, $0.finding.id) < ($1.finding.due, $1.finding.id) }
        findings.sort(by: Finding.outputOrder)
        let nextDue = upcoming.first.map { $0.finding.due.adding(microseconds: 1) }
        let nextEvent = ReplayOrder.nextEvent(events, after: asOf, asKnownAt: asKnownAt)
        let nextChange = [nextDue, nextEvent].compactMap { $0 }.min()
        return Evaluation.PersonResult(findings: findings, upcoming: upcoming, nextChange: nextChange)
    }

    private static let deceased = EventType.code(of: EventType.personDeceased)
}

