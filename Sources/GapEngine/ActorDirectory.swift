import EventLog

/// What the log says about each actor: its latest `actor.registered` that has happened by
/// `as_of` and is known by `as_known_at`.
package struct ActorDirectory: Sendable {
    /// One actor's registration.
    package struct Entry: Sendable, Hashable {
        package let name: String?
        /// `region`, `municipality`, `private`, `ngo` or `state`.
        package let principal: String?
        /// The principal body (huvudman), e.g. "Region Östergötland".
        package let principalName: String?
        package let kind: String?
        /// Digest recipient, if registered.
        package let email: String?
    }

    private var entries: [String: Entry] = [:]

    /// An empty directory (every actor unregistered).
    package init() {}

    /// Builds the directory from `actor.registered` events; the latest by (`at`, `seq`) wins.
    package init(registrations: [RecordedEvent], asOf: Instant, asKnownAt: Instant?) {
        let relevant = registrations.filter { recorded in
            recorded.event.type == EventType.actorRegistered && recorded.event.at <= asOf
                && recorded.recordedAt <= (asKnownAt ?? .distantFuture)
        }.sorted { ($0.event.at, $0.seq) < ($1.event.at, $1.seq) }
        for recorded in relevant {
            let event = recorded.event
            entries[event.actor] = Entry(
                name: event.string("name"), principal: event.string("principal"),
                principalName: event.string("principal_name"), kind: event.string("kind"), email: event.string("email"))
        }
    }

    /// The registration of `actor`, if any.
    package subscript(actor: String) -> Entry? { entries[actor] }

    /// The principal an actor belongs to, for counting principals: its `principal_name`
    /// (falling back to the `principal` type); `nil` for an actor never registered.
    package func principal(of actor: String) -> String? {
        guard let entry = entries[actor] else { return nil }
        return entry.principalName ?? entry.principal
    }

    /// The same directory in storage of its own, for one worker thread (see ``Swift/String/ownCopy``).
    var ownCopy: ActorDirectory {
        var copy = ActorDirectory()
        for (actor, entry) in entries {
            copy.entries[actor.ownCopy] = Entry(
                name: entry.name?.ownCopy, principal: entry.principal?.ownCopy, principalName: entry.principalName?.ownCopy,
                kind: entry.kind?.ownCopy, email: entry.email?.ownCopy)
        }
        return copy
    }

    /// Every registered actor id.
    package var actors: [String] { entries.keys.sorted() }
}
