import EventLog

extension Rulebook {
    /// The event types whose `data` an evaluation with this rulebook reads; the others'
    /// `data` need not be decoded (in the default rulebook, contacts: most of the log).
    ///
    /// The replay reads the state-changing types (scopes, needs, plans, handovers) and
    /// retractions (their target). A deadline reads its triggers (scope, addressee, due date,
    /// correlation key, matched fields) and the expected and voiding events when its matcher
    /// tests fields; a report reads its reports (scope). Coverage, silence and joint plans read
    /// only the replay's state.
    var typesWhoseDataIsRead: EventTypes {
        var types = Replay.stateChanging.union(EventTypes([EventType.eventRetracted]))
        for rule in rules {
            switch rule.kind {
            case .deadline(let after, let expect, _, let unless):
                types = types.union(after.interest)
                if expect.readsData { types = types.union(expect.interest) }
                if let unless, unless.readsData { types = types.union(unless.interest) }
            case .report(let after):
                types = types.union(after.interest)
            case .coverage, .silence, .jointPlan:
                break
            }
        }
        return types
    }
}
