import EventLog

/// What people told gapwatch about its alerts, read from the log: acknowledgements and
/// silences (`x-gapwatch.ack`, `x-gapwatch.silence`). Silenced findings leave the digest, never
/// the log or an audit.
package struct Controls: Sendable {
    /// A time-limited silence of one rule, optionally for one person or one actor.
    package struct Silence: Sendable, Equatable {
        package let rule: String
        package let person: String?
        package let actor: String?
        package let from: Instant
        package let until: Instant
        package let reason: String

        /// Whether it silences `entry` at `now`.
        func covers(_ entry: DigestEntry, at now: Instant) -> Bool {
            from <= now && now < until && rule == entry.finding.rule
                && (person.map { $0 == entry.finding.person } ?? true)
                && (actor.map { entry.concerned.contains($0) } ?? true)
        }
    }

    /// Acknowledged finding ids, with who acknowledged them.
    package let acknowledged: [String: String]
    package let silences: [Silence]

    /// Reads the control events (see ``EventLog/EventStore/controlEvents()``).
    package init(events: [RecordedEvent]) {
        var acknowledged: [String: String] = [:]
        var silences: [Silence] = []
        for recorded in events {
            let event = recorded.event
            switch event.type {
            case EventType.gapwatchAck:
                if let finding = event.string("finding") { acknowledged[finding] = event.actor }
            case EventType.gapwatchSilence:
                guard let rule = event.string("rule"), let until = event.instant("until") else { continue }
                silences.append(Silence(rule: rule, person: event.person, actor: event.string("actor"), from: event.at,
                                        until: until, reason: event.string("reason") ?? ""))
            default:
                continue
            }
        }
        self.acknowledged = acknowledged
        self.silences = silences
    }

    /// Whether a silence covers `entry` at `now`.
    func isSilenced(_ entry: DigestEntry, at now: Instant) -> Bool {
        silences.contains { $0.covers(entry, at: now) }
    }
}
