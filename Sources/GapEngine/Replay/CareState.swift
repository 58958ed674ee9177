import EventLog

/// A person's state of care at one instant of a replay: who holds which scope, which needs
/// are open, which plans are active.
///
/// Kept in short lists searched from the front, not hash tables: a person has a handful of
/// holdings, needs and plans at a time, and a replay asks about them at every change, where
/// hashing strings cost more than comparing a few. Cost per question is linear in what is
/// open at that instant.
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

    /// An actor's responsibility for a scope, and the event that made it.
    struct Holding {
        let actor: String
        let scope: String
        let mark: Mark
    }

    /// Holdings in force, in the order they began.
    private(set) var holdings: [Holding] = []
    /// Open needs by scope, with the event that opened each.
    private var needs: [(scope: String, mark: Mark)] = []
    /// Active plans with the id of their `plan.established`.
    private var plans: [(id: String, plan: Plan)] = []
    /// Per scope, the holding that ended last (of several at one instant, the highest seq).
    private var lastEnds: [(scope: String, mark: Mark)] = []
    /// When the person died, if they have.
    private(set) var death: Instant?

    /// Whether `actor` holds any scope.
    func isHolder(_ actor: String) -> Bool { holdings.contains { $0.actor == actor } }

    /// The actors holding a scope outside `excluded`, each once, in the order they took it.
    func holderActors(excluding excluded: Set<String>) -> [String] {
        var actors: [String] = []
        for holding in holdings where !excluded.contains(holding.scope) && !actors.contains(holding.actor) { actors.append(holding.actor) }
        return actors
    }

    /// Whether anyone holds `scope`.
    func isHeld(_ scope: String) -> Bool { holdings.contains { $0.scope == scope } }

    /// Whether `actor` holds `scope`.
    func holds(_ actor: String, _ scope: String) -> Bool { holdings.contains { $0.actor == actor && $0.scope == scope } }

    /// Whether a need for `scope` is open.
    func hasNeed(_ scope: String) -> Bool { needs.contains { $0.scope == scope } }

    /// The scopes with an open need.
    var needScopes: [String] { needs.map(\.scope) }

    /// Whether the plan established by event `id` is active.
    func hasPlan(_ id: String) -> Bool { plans.contains { $0.id == id } }

    /// Whether a plan of this kind is active.
    func hasPlan(kind: String) -> Bool { plans.contains { $0.plan.kind == kind } }

    /// The ids of the active plans.
    var planIDs: [String] { plans.map(\.id) }

    /// The holding of `scope` that ended last, if one has.
    func lastHoldingEnd(of scope: String) -> Mark? { lastEnds.first { $0.scope == scope }?.mark }

    mutating func hold(_ actor: String, _ scope: String, by mark: Mark) {
        guard !holds(actor, scope) else { return }
        holdings.append(Holding(actor: actor, scope: scope, mark: mark))
    }

    /// Ends `actor`'s holding of `scope`, if it holds it; `seq` and `eventID` name the ending event.
    mutating func release(_ actor: String, _ scope: String, seq: Int64, eventID: String) {
        guard let index = holdings.firstIndex(where: { $0.actor == actor && $0.scope == scope }) else { return }
        holdings.remove(at: index)
        let mark = Mark(actor: actor, seq: seq, eventID: eventID)
        if let last = lastEnds.firstIndex(where: { $0.scope == scope }) { lastEnds[last].mark = mark } else { lastEnds.append((scope, mark)) }
    }

    mutating func openNeed(_ scope: String, by mark: Mark) {
        if !hasNeed(scope) { needs.append((scope, mark)) }
    }

    mutating func resolveNeed(_ scope: String) { needs.removeAll { $0.scope == scope } }

    mutating func establish(plan id: String, _ plan: Plan) {
        if let index = plans.firstIndex(where: { $0.id == id }) { plans[index].plan = plan } else { plans.append((id, plan)) }
    }

    mutating func close(plan id: String) { plans.removeAll { $0.id == id } }

    /// Records the death; the replay then ends every holding and need through the usual paths.
    mutating func die(at instant: Instant) { death = instant }
}
