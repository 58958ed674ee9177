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

    /// What an instant changed of holdings, needs and plans. The replay keeps one and refills
    /// it at each instant that changes something, a step holding it until the next.
    struct Changes {
        fileprivate(set) var started: [HoldingChange] = []
        fileprivate(set) var ended: [HoldingChange] = []
        fileprivate(set) var needsOpened: [NeedChange] = []
        fileprivate(set) var needsClosed: [NeedChange] = []
        fileprivate(set) var plansChanged = false
        fileprivate(set) var lastStructuralEventID: String?
        fileprivate(set) var touchedScopes: [String] = []

        /// Empties the lists, keeping their storage.
        fileprivate mutating func clear() {
            started.empty()
            ended.empty()
            needsOpened.empty()
            needsClosed.empty()
            touchedScopes.empty()
            plansChanged = false
            lastStructuralEventID = nil
        }
    }

    let at: Instant
    /// The instant's events in `seq` order.
    fileprivate(set) var events: [RecordedEvent]
    /// The types among them.
    let types: EventTypes
    /// Whether a holding, a need or a plan began or ended: most instants (contacts, notes)
    /// change nothing, and their changes are empty.
    fileprivate(set) var changedStructure = false
    /// The replay's lists, moved here while the step is looked at (``Replay/recycle(_:)``).
    fileprivate var changes = Changes()

    fileprivate init(at: Instant, events: consuming [RecordedEvent], types: EventTypes) {
        self.at = at
        self.events = events
        self.types = types
    }

    var started: [HoldingChange] { changes.started }
    var ended: [HoldingChange] { changes.ended }
    var needsOpened: [NeedChange] { changes.needsOpened }
    var needsClosed: [NeedChange] { changes.needsClosed }
    /// Whether any plan began or ended.
    var plansChanged: Bool { changes.plansChanged }
    /// The id of the last event that changed holdings or plans (evidence for joint plans).
    var lastStructuralEventID: String? { changes.lastStructuralEventID }
    /// Scopes whose need or holding changed, each once.
    var touchedScopes: [String] { changes.touchedScopes }
}

/// Replays one person's events instant by instant, applying all events of an instant together.
///
/// The lists of what an instant touched and changed are kept, emptied, from one instant to the
/// next: a scan replays every instant of every person.
struct Replay {
    private(set) var state = CareState()
    /// `handover.initiated` by id: its scope and initiator.
    private var handovers: [String: (scope: String, initiator: String)] = [:]
    /// The pairs and needs the current instant touched, and what it changed.
    private var pairs: [PairChange] = []
    private var needs: [NeedTouch] = []
    private var changes = InstantStep.Changes()

    /// What `apply` does with an event of each type it acts on.
    private enum Action {
        case hold, release, initiateHandover, acceptHandover, openNeed, resolveNeed, assess, admit, discharge, establishPlan, closePlan, die
    }

    /// The types `apply` acts on, with their actions: the one list of them.
    private static let actionsByType: [(type: String, action: Action)] = [
        (EventType.responsibilityAssumed, .hold), (EventType.responsibilityReleased, .release),
        (EventType.handoverInitiated, .initiateHandover), (EventType.handoverAccepted, .acceptHandover),
        (EventType.needIdentified, .openNeed), (EventType.needResolved, .resolveNeed), (EventType.assessment, .assess),
        (EventType.admission, .admit), (EventType.discharge, .discharge),
        (EventType.planEstablished, .establishPlan), (EventType.planClosed, .closePlan), (EventType.personDeceased, .die),
    ]

    /// The actions by type code (``EventType/code(of:)``, 0…63): an event's type is matched by
    /// its code, not by comparing names.
    private static let actions: [Action?] = {
        var actions = [Action?](repeating: nil, count: 64)
        for (type, action) in actionsByType { actions[Int(EventType.code(of: type))] = action }
        return actions
    }()

    /// The types `apply` acts on.
    static let stateChanging = EventTypes(actionsByType.map(\.type))

    /// What one instant did to one (actor, scope) pair: whether it was held before, the first
    /// event that started it and the last that ended it.
    private struct PairChange {
        let actor: String
        let scope: String
        let wasHeld: Bool
        var firstStart: (seq: Int64, eventID: String)?
        var lastEnd: (seq: Int64, eventID: String)?
    }

    /// What one instant did to the need for one scope.
    private struct NeedTouch {
        let scope: String
        let wasOpen: Bool
        var eventID: String
    }

    /// Applies the events of one instant (all with the same `at`, in `seq` order).
    ///
    /// An instant touches a pair or two: the changes are kept in short lists, in the order
    /// they were first touched. The step takes the events and the lists of changes with it,
    /// moved, not copied: a scan makes a step for every instant of every person, and copying
    /// half a dozen lists into it cost their reference counting, twice. Hand it back with
    /// ``recycle(_:)`` to have the lists and the events' array for the next instant.
    mutating func apply(_ events: consuming [RecordedEvent]) -> InstantStep {
        let types = events.reduce(EventTypes.none) { $0.union(EventTypes(code: $1.typeCode)) }
        var step = InstantStep(at: events.first!.at, events: events, types: types)
        // Most instants (contacts, notes) change no state: their types say so.
        guard types.intersects(Self.stateChanging) else { return step }
        pairs.empty()
        needs.empty()

        func pair(_ actor: String, _ scope: String) -> Int {
            if let index = pairs.firstIndex(where: { $0.actor == actor && $0.scope == scope }) { return index }
            pairs.append(PairChange(actor: actor, scope: scope, wasHeld: state.holds(actor, scope)))
            return pairs.count - 1
        }
        func hold(_ actor: String, _ scope: String, _ recorded: RecordedEvent) {
            let index = pair(actor, scope)
            if !state.holds(actor, scope), pairs[index].firstStart == nil { pairs[index].firstStart = (recorded.seq, recorded.event.id) }
            state.hold(actor, scope, by: CareState.Mark(actor: actor, seq: recorded.seq, eventID: recorded.event.id))
        }
        func release(_ actor: String, _ scope: String, _ recorded: RecordedEvent) {
            let index = pair(actor, scope)
            if state.holds(actor, scope) { pairs[index].lastEnd = (recorded.seq, recorded.event.id) }
            state.release(actor, scope, seq: recorded.seq, eventID: recorded.event.id)
        }
        func need(_ scope: String, open: Bool, _ recorded: RecordedEvent) {
            if let index = needs.firstIndex(where: { $0.scope == scope }) {
                needs[index].eventID = recorded.event.id
            } else {
                needs.append(NeedTouch(scope: scope, wasOpen: state.hasNeed(scope), eventID: recorded.event.id))
            }
            if open {
                state.openNeed(scope, by: CareState.Mark(actor: recorded.event.actor, seq: recorded.seq, eventID: recorded.event.id))
            } else {
                state.resolveNeed(scope)
            }
        }

        var death: RecordedEvent?
        var lastPlanChange: (seq: Int64, eventID: String)?
        for recorded in step.events {
            guard let action = Self.actions[Int(recorded.typeCode)] else { continue }
            let event = recorded.event
            switch action {
            case .hold:
                if let scope = event.string("scope") { hold(event.actor, scope, recorded) }
            case .release:
                if let scope = event.string("scope") { release(event.actor, scope, recorded) }
            case .initiateHandover:
                if let scope = event.string("scope") { handovers[event.id] = (scope, event.actor) }
            case .acceptHandover:
                if let id = event.string("handover"), let handover = handovers[id] {
                    release(handover.initiator, handover.scope, recorded)
                    hold(event.actor, handover.scope, recorded)
                }
            case .openNeed:
                if let scope = event.string("scope") { need(scope, open: true, recorded) }
            case .resolveNeed:
                if let scope = event.string("scope") { need(scope, open: false, recorded) }
            case .assess:
                for scope in event.value("needs")?.arrayValue?.compactMap(\.stringValue) ?? [] {
                    need(scope, open: true, recorded)
                }
            case .admit:
                hold(event.actor, EventType.inpatientScope, recorded)
            case .discharge:
                release(event.actor, EventType.inpatientScope, recorded)
            case .establishPlan:
                if let kind = event.string("kind") {
                    state.establish(plan: event.id, CareState.Plan(kind: kind, lead: event.string("lead")))
                    lastPlanChange = (recorded.seq, event.id)
                }
            case .closePlan:
                if let id = event.string("plan"), state.hasPlan(id) {
                    state.close(plan: id)
                    lastPlanChange = (recorded.seq, event.id)
                }
            case .die:
                if death == nil { death = recorded }
            }
        }
        if let death {
            state.die(at: death.event.at)
            for holding in state.holdings { release(holding.actor, holding.scope, death) }
            for scope in state.needScopes { need(scope, open: false, death) }
            for id in state.planIDs { state.close(plan: id) }
            lastPlanChange = (death.seq, death.event.id)
        }

        var lastStructural = lastPlanChange
        changes.clear()
        for change in pairs {
            let isHeld = state.holds(change.actor, change.scope)
            let made: (seq: Int64, eventID: String)
            if !change.wasHeld, isHeld, let start = change.firstStart {
                changes.started.append(.init(actor: change.actor, scope: change.scope, seq: start.seq, eventID: start.eventID))
                made = start
            } else if change.wasHeld, !isHeld, let end = change.lastEnd {
                changes.ended.append(.init(actor: change.actor, scope: change.scope, seq: end.seq, eventID: end.eventID))
                made = end
            } else {
                continue
            }
            if made.seq > lastStructural?.seq ?? .min { lastStructural = made }
            if !changes.touchedScopes.contains(change.scope) { changes.touchedScopes.append(change.scope) }
        }
        if changes.started.count > 1 { changes.started.sort { $0.seq < $1.seq } }
        if changes.ended.count > 1 { changes.ended.sort { $0.seq < $1.seq } }
        for change in needs where change.wasOpen != state.hasNeed(change.scope) {
            if change.wasOpen {
                changes.needsClosed.append(.init(scope: change.scope, eventID: change.eventID))
            } else {
                changes.needsOpened.append(.init(scope: change.scope, eventID: change.eventID))
            }
            if !changes.touchedScopes.contains(change.scope) { changes.touchedScopes.append(change.scope) }
        }
        guard !changes.touchedScopes.isEmpty || lastPlanChange != nil else { return step }
        changes.plansChanged = lastPlanChange != nil
        changes.lastStructuralEventID = lastStructural?.eventID
        step.changedStructure = true
        swap(&step.changes, &changes)
        return step
    }

    /// Takes back the lists of changes a step of this replay holds, and returns its events'
    /// array, emptied, for the next instant.
    mutating func recycle(_ step: consuming InstantStep) -> [RecordedEvent] {
        var step = step
        if step.changedStructure { swap(&changes, &step.changes) }
        var events: [RecordedEvent] = []
        swap(&events, &step.events)
        events.empty()
        return events
    }
}
