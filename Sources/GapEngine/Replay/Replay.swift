import EventLog

/// One instant of a replay: its events and the net changes they made together.
struct InstantStep {
    /// A holding that began or ended at this instant (net over the instant).
    struct HoldingChange {
        let actor: String
        let scope: String
        /// The event that made the change (for a start, the first; for an end, the last).
        let seq: Int64
        let eventID: String
    }

    /// A need that opened or closed at this instant (net).
    struct NeedChange {
        let scope: String
        let eventID: String
    }

    let at: Instant
    /// The instant's events in `seq` order.
    let events: ArraySlice<RecordedEvent>
    /// The types among them.
    let types: EventTypes
    var started: [HoldingChange] = []
    var ended: [HoldingChange] = []
    var needsOpened: [NeedChange] = []
    var needsClosed: [NeedChange] = []
    /// Whether any plan began or ended.
    var plansChanged = false
    /// The id of the last event that changed holdings or plans (evidence for joint plans).
    var lastStructuralEventID: String?
    /// Scopes whose need or holding changed.
    var touchedScopes: Set<String> = []

    /// Whether a holding, a need or a plan began or ended.
    var changedStructure: Bool { !touchedScopes.isEmpty || plansChanged }
}

/// Replays one person's events instant by instant, applying all events of an instant together.
struct Replay {
    private(set) var state = CareState()
    /// `handover.initiated` by id: its scope and initiator.
    private var handovers: [String: (scope: String, initiator: String)] = [:]

    /// The types `apply` acts on.
    static let stateChanging = EventTypes([
        EventType.responsibilityAssumed, EventType.responsibilityReleased, EventType.handoverInitiated,
        EventType.handoverAccepted, EventType.needIdentified, EventType.needResolved, EventType.assessment,
        EventType.admission, EventType.discharge, EventType.planEstablished, EventType.planClosed, EventType.personDeceased,
    ])

    private struct PairKey: Hashable {
        let actor: String
        let scope: String
    }

    /// Applies the events of one instant (all with the same `at`, in `seq` order).
    mutating func apply(_ events: ArraySlice<RecordedEvent>) -> InstantStep {
        let types = events.reduce(EventTypes.none) { $0.union(EventTypes(of: $1.event)) }
        var step = InstantStep(at: events.first!.event.at, events: events, types: types)
        // Most instants (contacts, notes) change no state: their types say so.
        guard types.intersects(Self.stateChanging) else { return step }
        var heldBefore: [PairKey: Bool] = [:]
        var firstStart: [PairKey: (Int64, String)] = [:]
        var lastEnd: [PairKey: (Int64, String)] = [:]
        var needBefore: [String: Bool] = [:]
        var needEvent: [String: String] = [:]

        func hold(_ actor: String, _ scope: String, _ recorded: RecordedEvent) {
            let key = PairKey(actor: actor, scope: scope)
            if heldBefore[key] == nil { heldBefore[key] = state.holds(actor, scope) }
            if !state.holds(actor, scope), firstStart[key] == nil { firstStart[key] = (recorded.seq, recorded.event.id) }
            state.hold(actor, scope, by: CareState.Mark(actor: actor, seq: recorded.seq, eventID: recorded.event.id))
        }
        func release(_ actor: String, _ scope: String, _ recorded: RecordedEvent) {
            let key = PairKey(actor: actor, scope: scope)
            if heldBefore[key] == nil { heldBefore[key] = state.holds(actor, scope) }
            if state.holds(actor, scope) { lastEnd[key] = (recorded.seq, recorded.event.id) }
            state.release(actor, scope, seq: recorded.seq, eventID: recorded.event.id)
        }
        func need(_ scope: String, open: Bool, _ recorded: RecordedEvent) {
            if needBefore[scope] == nil { needBefore[scope] = state.needs[scope] != nil }
            needEvent[scope] = recorded.event.id
            if open {
                state.openNeed(scope, by: CareState.Mark(actor: recorded.event.actor, seq: recorded.seq, eventID: recorded.event.id))
            } else {
                state.resolveNeed(scope)
            }
        }

        var death: RecordedEvent?
        var lastPlanChange: (Int64, String)?
        for recorded in events {
            let event = recorded.event
            guard EventTypes(of: event).intersects(Self.stateChanging) else { continue }
            switch event.type {
            case EventType.responsibilityAssumed:
                if let scope = event.string("scope") { hold(event.actor, scope, recorded) }
            case EventType.responsibilityReleased:
                if let scope = event.string("scope") { release(event.actor, scope, recorded) }
            case EventType.handoverInitiated:
                if let scope = event.string("scope") { handovers[event.id] = (scope, event.actor) }
            case EventType.handoverAccepted:
                if let id = event.string("handover"), let handover = handovers[id] {
                    release(handover.initiator, handover.scope, recorded)
                    hold(event.actor, handover.scope, recorded)
                }
            case EventType.needIdentified:
                if let scope = event.string("scope") { need(scope, open: true, recorded) }
            case EventType.needResolved:
                if let scope = event.string("scope") { need(scope, open: false, recorded) }
            case EventType.assessment:
                for scope in event.data["needs"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                    need(scope, open: true, recorded)
                }
            case EventType.admission:
                hold(event.actor, EventType.inpatientScope, recorded)
            case EventType.discharge:
                release(event.actor, EventType.inpatientScope, recorded)
            case EventType.planEstablished:
                if let kind = event.string("kind") {
                    state.establish(plan: event.id, CareState.Plan(kind: kind, lead: event.string("lead")))
                    lastPlanChange = (recorded.seq, event.id)
                }
            case EventType.planClosed:
                if let id = event.string("plan"), state.plans[id] != nil {
                    state.close(plan: id)
                    lastPlanChange = (recorded.seq, event.id)
                }
            case EventType.personDeceased:
                if death == nil { death = recorded }
            default:
                break
            }
        }
        if let death {
            state.die(at: death.event.at)
            for (actor, scope) in state.holdings { release(actor, scope, death) }
            for scope in Array(state.needs.keys) { need(scope, open: false, death) }
            for id in Array(state.plans.keys) { state.close(plan: id) }
            lastPlanChange = (death.seq, death.event.id)
        }

        for (key, wasHeld) in heldBefore {
            let isHeld = state.holds(key.actor, key.scope)
            if !wasHeld, isHeld, let (seq, id) = firstStart[key] {
                step.started.append(.init(actor: key.actor, scope: key.scope, seq: seq, eventID: id))
            } else if wasHeld, !isHeld, let (seq, id) = lastEnd[key] {
                step.ended.append(.init(actor: key.actor, scope: key.scope, seq: seq, eventID: id))
            } else {
                continue
            }
            step.touchedScopes.insert(key.scope)
        }
        step.started.sort { $0.seq < $1.seq }
        step.ended.sort { $0.seq < $1.seq }
        let changes = (step.started + step.ended).map { ($0.seq, $0.eventID) } + (lastPlanChange.map { [$0] } ?? [])
        step.lastStructuralEventID = changes.max(by: { $0.0 < $1.0 })?.1
        for (scope, wasOpen) in needBefore {
            let isOpen = state.needs[scope] != nil
            guard wasOpen != isOpen, let id = needEvent[scope] else { continue }
            if isOpen { step.needsOpened.append(.init(scope: scope, eventID: id)) } else { step.needsClosed.append(.init(scope: scope, eventID: id)) }
            step.touchedScopes.insert(scope)
        }
        step.plansChanged = lastPlanChange != nil
        return step
    }
}
