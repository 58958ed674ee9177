import EventLog

/// `deadline`: something must follow within a time.
///
/// Each event matching `after` makes one obligation, met by the first later event matching
/// `expect`. Each pending obligation files what an expected event must share with its trigger
/// (correlation key, `match` fields, and the actor it waits for) in a short list that an
/// expected event searches from the front: a person has a few obligations pending at a time,
/// and comparing a few small strings costs less than hashing them into nested tables. Each
/// obligation is met or voided once; an expected event costs one look at each pending one.
final class DeadlineEvaluator: RuleEvaluator {
    private struct Obligation {
        let trigger: CareEvent
        let due: Instant
        var met: CareEvent?
        var voided = false
    }

    /// An obligation waiting for an expected event: what that event must share with the
    /// trigger, and the obligation's index.
    private struct Pending {
        let correlation: String?
        /// The trigger's `match` fields (empty when the matcher names none: no allocation).
        let matched: [JSONValue?]
        /// The actor the obligation waits for (``actorKey(of:)``).
        let actor: String
        let index: Int
    }

    private let context: RuleContext
    private let after: Matcher
    private let expect: Matcher
    private let dueSource: DeadlineSource
    private let unless: Matcher?
    @exclusivity(unchecked) private var obligations: [Obligation] = []
    /// Obligations not yet met, in the order they were made.
    @exclusivity(unchecked) private var pending: [Pending] = []
    /// Obligations an `unless` event may still void.
    @exclusivity(unchecked) private var voidable: [Int] = []
    /// The matchers' types, read once: the interest is asked for after every step.
    private let triggerTypes, expectedTypes, voidingTypes: EventTypes

    init(context: RuleContext, after: Matcher, expect: Matcher, due: DeadlineSource, unless: Matcher?) {
        self.context = context
        self.after = after
        self.expect = expect
        self.dueSource = due
        self.unless = unless
        triggerTypes = after.interest
        expectedTypes = expect.interest
        voidingTypes = unless?.interest ?? .none
    }

    /// Triggers; expected events while an obligation waits for one; voiding events while an
    /// obligation may still be voided.
    var eventInterest: EventTypes {
        var types = triggerTypes
        if !pending.isEmpty { types = types.union(expectedTypes) }
        if !voidable.isEmpty { types = types.union(voidingTypes) }
        return types
    }
    let followsStructure = false

    func step(_ step: InstantStep, state: CareState) {
        for position in step.events.indices {
            // The types first: most events of an instant this rule sees are of none of them.
            let type = EventTypes(code: step.events[position].typeCode)
            guard type.intersects(triggerTypes) || type.intersects(expectedTypes) || type.intersects(voidingTypes) else { continue }
            let event = step.events[position].event
            if type.intersects(expectedTypes), expect.accepts(event) { meet(with: event, state: state) }
            if type.intersects(voidingTypes), unless?.accepts(event) == true { void(at: event.at) }
            if type.intersects(triggerTypes), after.accepts(event) { register(event) }
        }
    }

    func finish(asOf: Instant, death: RecordedEvent?) {
        for index in obligations.indices where !obligations[index].voided {
            // Met in time, the usual case: nothing to judge.
            if let metAt = obligations[index].met?.at ?? death?.at, metAt <= obligations[index].due { continue }
            let obligation = obligations[index]
            let trigger = obligation.trigger
            let end = obligation.met?.at ?? death?.event.at
            let closer = obligation.met?.id ?? death?.event.id
            context.judge(
                scope: trigger.string("scope"), anchor: trigger.id, start: trigger.at, due: obligation.due, end: end,
                asOf: asOf, actorBefore: trigger.actor, actorAfter: obligation.met?.actor, expectedActor: expectedActor(of: trigger),
                evidence: [trigger.id] + (closer.map { [$0] } ?? []))
        }
        obligations.removeAll(keepingCapacity: true)
        pending.removeAll(keepingCapacity: true)
        voidable.removeAll(keepingCapacity: true)
    }

    /// Who is expected to act: the named actor for `by: same`/`target`, else the trigger's
    /// addressee (`data.to`) when it has one.
    private func expectedActor(of trigger: CareEvent) -> String? {
        switch expect.by {
        case .same: trigger.actor
        case .target, .other, .holder, nil: trigger.string("to")
        }
    }

    private func register(_ trigger: CareEvent) {
        let due: Instant
        switch dueSource {
        case .within(let duration): due = context.end(of: duration, from: trigger.at)
        case .dataField(let field):
            guard let instant = trigger.instant(field) else { return }
            due = instant
        }
        let index = obligations.count
        obligations.append(Obligation(trigger: trigger, due: due))
        pending.append(Pending(
            correlation: expect.correlate.map { trigger.string($0) ?? trigger.id },
            matched: expect.match.isEmpty ? [] : expect.match.map { trigger.value($0) },
            actor: actorKey(of: trigger), index: index))
        if unless != nil { voidable.append(index) }
    }

    /// The actor an obligation waits for, as the pending index files it.
    private func actorKey(of trigger: CareEvent) -> String {
        switch expect.by {
        case .same, .other: trigger.actor
        case .target: trigger.string("to") ?? ""
        case .holder, nil: ""
        }
    }

    private func meet(with event: CareEvent, state: CareState) {
        guard !pending.isEmpty else { return }
        var correlation: String?
        if let field = expect.correlate {
            guard let value = event.string(field) else { return }
            correlation = value
        }
        // `by: holder`: an event of an actor that holds nothing meets nothing.
        if expect.by == .holder, !state.isHolder(event.actor) { return }
        let matched = expect.match.isEmpty ? [] : expect.match.map { event.value($0) }
        // Met obligations leave the list; the others keep their order.
        var kept = 0
        for position in pending.indices {
            let waiting = pending[position]
            let meets = waiting.correlation == correlation && waiting.matched == matched && {
                switch expect.by {
                case .same, .target: waiting.actor == event.actor
                case .other: waiting.actor != event.actor
                case .holder, nil: true
                }
            }()
            if meets {
                if !obligations[waiting.index].voided { obligations[waiting.index].met = event }
            } else {
                if kept != position { pending[kept] = waiting }
                kept += 1
            }
        }
        pending.removeLast(pending.count - kept)
    }

    /// An `unless` event voids every unmet obligation whose deadline it does not pass. Those it
    /// passes can never be voided by a later one either, so the list empties each time.
    private func void(at instant: Instant) {
        for index in voidable where obligations[index].met == nil && obligations[index].due >= instant {
            obligations[index].voided = true
        }
        voidable.removeAll()
    }
}
