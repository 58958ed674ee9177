import EventLog

/// A person's state of care at one instant of a replay: who holds which scope, which needs
/// are open, which plans are active.
struct CareState {
    /// A holding's or need's origin.
    struct Mark: Hashable {
        let actor: String
        let seq: Int64
        let eventID: String
    }

    /// A plan in force.
    struct Plan {
        let kind: String
        let lead: String?
    }

    /// scope → actor → the event that made the actor hold it.
    private(set) var holders: [String: [String: Mark]] = [:]
    /// actor → scopes it holds.
    private(set) var scopesByActor: [String: Set<String>] = [:]
    /// Open needs: scope → the event that opened it.
    private(set) var needs: [String: Mark] = [:]
    /// Active plans by the id of their `plan.established`.
    private(set) var plans: [String: Plan] = [:]
    /// Per scope, the holding that ended last (of several at one instant, the highest seq).
    private(set) var lastHoldingEnd: [String: Mark] = [:]
    /// When the person died, if they have.
    private(set) var death: Instant?

    /// Whether `actor` holds any scope.
    func isHolder(_ actor: String) -> Bool { !(scopesByActor[actor]?.isEmpty ?? true) }

    /// Whether anyone holds `scope`.
    func isHeld(_ scope: String) -> Bool { !(holders[scope]?.isEmpty ?? true) }

    /// Whether `actor` holds `scope`.
    func holds(_ actor: String, _ scope: String) -> Bool { holders[scope]?[actor] != nil }

    mutating func hold(_ actor: String, _ scope: String, by mark: Mark) {
        guard holders[scope, default: [:]][actor] == nil else { return }
        holders[scope, default: [:]][actor] = mark
        scopesByActor[actor, default: []].insert(scope)
    }

    /// Ends `actor`'s holding of `scope`, if it holds it; `seq` and `eventID` name the ending event.
    mutating func release(_ actor: String, _ scope: String, seq: Int64, eventID: String) {
        guard holders[scope]?.removeValue(forKey: actor) != nil else { return }
        scopesByActor[actor]?.remove(scope)
        lastHoldingEnd[scope] = Mark(actor: actor, seq: seq, eventID: eventID)
    }

    mutating func openNeed(_ scope: String, by mark: Mark) {
        if needs[scope] == nil { needs[scope] = mark }
    }

    mutating func resolveNeed(_ scope: String) { needs[scope] = nil }

    mutating func establish(plan id: String, _ plan: Plan) { plans[id] = plan }

    mutating func close(plan id: String) { plans[id] = nil }

    /// Records the death; the replay then ends every holding and need through the usual paths.
    mutating func die(at instant: Instant) { death = instant }

    /// Every (actor, scope) held now.
    var holdings: [(actor: String, scope: String)] {
        holders.flatMap { scope, actors in actors.keys.map { (actor: $0, scope: scope) } }
    }
}
