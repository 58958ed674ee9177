import EventLog

/// What people told gapwatch about its alerts, read from the log: acknowledgements and
/// silences (`x-gapwatch.ack`, `x-gapwatch.silence`). Silenced findings leave the digest, never
/// the log or an audit.
public struct Controls: Sendable {
    /// A time-limited silence of one rule, optionally for one person or one actor.
    public struct Silence: Sendable, Equatable {
        public let rule: String
        public let person: String?
        public let actor: String?
        public let from: Instant
        public let until: Instant
        public let reason: String

        /// Whether it silences `entry` at `now`.
        func covers(_ entry: DigestEntry, at now: Instant) -> Bool {
            from <= now && now < until && rule == entry.rule
                && (person.map { $0 == entry.person } ?? true)
                && (actor.map { entry.concerned.contains($0) } ?? true)
        }
    }

    /// Acknowledged finding ids, with who acknowledged them.
    public let acknowledged: [String: String]
    public let silences: [Silence]

    /// Reads the control events (see ``EventLog/SQLiteEventStore/controlEvents()``).
    public init(events: [RecordedEvent]) {
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
