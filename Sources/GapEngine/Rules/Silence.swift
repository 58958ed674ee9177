import EventLog

/// `silence`: responsible on paper only.
///
/// For each holding of a selected scope, the reference points are the start of the holding
/// and each `contact` by the holder; a stretch from one to the next contact, or to the end
/// of the holding, longer than `max_silence` is a finding.
final class SilenceEvaluator: RuleEvaluator {
    private struct Key: Hashable {
        let actor: String
        let scope: String
    }

    private struct Reference {
        let at: Instant
        let eventID: String
    }

    private static let contact = EventType.code(of: EventType.contact)
    private let context: RuleContext
    private let scopes: ScopeSelection
    private let maxSilence: RuleDuration
    /// Open holdings by actor, then scope → the latest reference point.
    private var references: [String: [String: Reference]] = [:]

    init(context: RuleContext, scopes: ScopeSelection, maxSilence: RuleDuration) {
        self.context = context
        self.scopes = scopes
        self.maxSilence = maxSilence
    }

    /// Contacts, and holdings that begin or end.
    let eventInterest = EventTypes([EventType.contact])
    let followsStructure = true

    func step(_ step: InstantStep, state: CareState) {
        for recorded in step.events where recorded.event.typeCode == Self.contact && !references.isEmpty {
            let actor = recorded.event.actor
            guard let held = references[actor] else { continue }
            for (scope, reference) in held {
                close(actor: actor, scope: scope, from: reference, at: step.at, by: recorded.event.id, asOf: step.at)
                references[actor]![scope] = Reference(at: step.at, eventID: recorded.event.id)
            }
        }
        for change in step.ended where scopes.contains(change.scope) {
            guard let reference = references[change.actor]?.removeValue(forKey: change.scope) else { continue }
            close(actor: change.actor, scope: change.scope, from: reference, at: step.at, by: change.eventID, asOf: step.at)
        }
        for change in step.started where scopes.contains(change.scope) {
            references[change.actor, default: [:]][change.scope] = Reference(at: step.at, eventID: change.eventID)
        }
    }

    func finish(asOf: Instant, death: RecordedEvent?) {
        for (actor, held) in references {
            for (scope, reference) in held { close(actor: actor, scope: scope, from: reference, at: nil, by: nil, asOf: asOf) }
        }
        references.removeAll()
    }

    private func close(actor: String, scope: String, from reference: Reference, at end: Instant?, by eventID: String?, asOf: Instant) {
        context.judge(
            scope: scope, anchor: actor + "\u{1F}" + reference.eventID, start: reference.at,
            due: context.end(of: maxSilence, from: reference.at), end: end, asOf: asOf,
            actorBefore: actor, actorAfter: actor, expectedActor: actor, evidence: [reference.eventID] + (eventID.map { [$0] } ?? []))
    }
}
