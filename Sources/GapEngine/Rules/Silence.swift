import EventLog

/// `silence`: responsible on paper only.
///
/// For each holding of a selected scope, the reference points are the start of the holding
/// and each `contact` by the holder; a stretch from one to the next contact, or to the end
/// of the holding, longer than `max_silence` is a finding.
final class SilenceEvaluator: RuleEvaluator {
    /// An open holding of a selected scope and its latest reference point.
    private struct Watched {
        let actor: String
        let scope: String
        var since: Instant
        var eventID: String
    }

    private static let contactCode = EventType.code(of: EventType.contact)
    private let context: RuleContext
    private let scopes: ScopeSelection
    private let maxSilence: RuleDuration
    /// Open holdings of selected scopes (a handful: a short list).
    @exclusivity(unchecked) private var watched: [Watched] = []

    init(context: RuleContext, scopes: ScopeSelection, maxSilence: RuleDuration) {
        self.context = context
        self.scopes = scopes
        self.maxSilence = maxSilence
    }

    private static let contacts = EventTypes([EventType.contact])

    /// Holdings that begin or end (``followsStructure``), and while one is watched, contacts.
    var eventInterest: EventTypes { watched.isEmpty ? .none : Self.contacts }
    let followsStructure = true

    func step(_ step: InstantStep, state: CareState) {
        if !watched.isEmpty, step.types.intersects(Self.contacts) {
            for position in step.events.indices where step.events[position].typeCode == Self.contactCode {
                let contact = step.events[position].event
                for index in watched.indices where watched[index].actor == contact.actor {
                    // A contact ends the silence before it: a finding only if that was too long.
                    if step.at > context.end(of: maxSilence, from: watched[index].since) {
                        close(watched[index], at: step.at, by: contact.id, asOf: step.at)
                    }
                    watched[index].since = step.at
                    watched[index].eventID = contact.id
                }
            }
        }
        for change in step.ended where scopes.contains(change.scope) {
            guard let index = watched.firstIndex(where: { $0.actor == change.actor && $0.scope == change.scope }) else { continue }
            close(watched.remove(at: index), at: step.at, by: change.eventID, asOf: step.at)
        }
        for change in step.started where scopes.contains(change.scope) {
            let started = Watched(actor: change.actor, scope: change.scope, since: step.at, eventID: change.eventID)
            if let index = watched.firstIndex(where: { $0.actor == change.actor && $0.scope == change.scope }) {
                watched[index] = started
            } else {
                watched.append(started)
            }
        }
    }

    func finish(asOf: Instant, death: RecordedEvent?) {
        for holding in watched { close(holding, at: nil, by: nil, asOf: asOf) }
        watched.removeAll(keepingCapacity: true)
    }

    /// Judges the stretch from `holding`'s reference point to `end`.
    private func close(_ holding: Watched, at end: Instant?, by eventID: String?, asOf: Instant) {
        context.judge(
            scope: holding.scope, anchor: holding.actor + "\u{1F}" + holding.eventID, start: holding.since,
            due: context.end(of: maxSilence, from: holding.since), end: end, asOf: asOf,
            actorBefore: holding.actor, actorAfter: holding.actor, expectedActor: holding.actor,
            evidence: [holding.eventID] + (eventID.map { [$0] } ?? []))
    }
}
