import EventLog
import GapEngine

/// How a digest behaves.
package struct DigestPolicy: Sendable {
    /// The time the digest is made.
    package var now: Instant
    /// A finding still open is reminded again after this long (default 7 days), not every night.
    package var repeatEvery: Int64 = 7 * 86_400_000_000
    /// Obligations due by this time are announced as due soon (default: 24 hours from `now`;
    /// the command looks ahead to the end of the next working day).
    package var dueSoonThrough: Instant
    /// An actor that usually sends events is called quiet after this long without (default 3 days).
    package var quietAfter: Int64 = 3 * 86_400_000_000
    /// How many events make an actor one that "usually sends events".
    package var usualEvents = 20

    package init(now: Instant) {
        self.now = now
        dueSoonThrough = now.adding(microseconds: 86_400_000_000)
    }
}

/// One recipient's digest, before it is written as an e-mail.
package struct PlannedDigest: Sendable {
    /// The sections of a digest, in the order they are shown.
    package enum Section: String, Sendable, CaseIterable {
        case new, closed, withdrawn, retired, dueSoon, reminder

        /// The notice a delivered line records.
        var notice: SentNotice.Kind {
            switch self {
            case .new: .new
            case .closed: .closed
            case .withdrawn, .retired: .withdrawn
            case .dueSoon: .dueSoon
            case .reminder: .reminder
            }
        }
    }

    /// An actor that usually sends events and has been silent for longer than the threshold.
    package struct QuietActor: Sendable, Equatable {
        package let actor: String
        package let lastRecordedAt: Instant
        package let events: Int
    }

    package let recipient: String
    package var sections: [Section: [DigestEntry]] = [:]
    /// Quiet actors this recipient should hear of (all of them for a coordination address; for an
    /// actor's address, those its lines depend on).
    package var quietActors: [QuietActor] = []

    /// Every line, with its section.
    package var lines: [(section: Section, entry: DigestEntry)] {
        Section.allCases.flatMap { section in (sections[section] ?? []).map { (section, $0) } }
    }

}

/// Decides, per recipient, what a digest says: new since the last digest; closed and withdrawn
/// since then; still open (again only after the repeat interval); and due soon. It never says
/// the same thing twice: what each recipient was sent is in the notification log.
package struct DigestPlanner {
    let findings: [DigestEntry]
    let states: [String: LedgerState]
    let changedScans: [String: Int64]
    /// Withdrawn findings that a changed rulebook no longer produces.
    let retired: Set<String>
    let upcoming: [DigestEntry]
    let actors: ActorDirectory
    let coordination: [String]
    let routes: Routes
    let controls: Controls
    let quiet: [String: PlannedDigest.QuietActor]
    let latestScan: Int64
    let lastDigests: [String: (scan: Int64, at: Instant)]
    let policy: DigestPolicy

    /// - Parameters:
    ///   - candidates: open findings, and those closed or withdrawn since the oldest last digest.
    ///   - upcoming: obligations due within the due-soon window.
    ///   - coordination: addresses that receive everything (`--to`).
    package init(candidates: [LedgerEntry], upcoming: [UpcomingEntry], actors: ActorDirectory, coordination: [String], routes: Routes = Routes(),
                controls: Controls, activity: [String: ActorActivity], latestScan: Int64,
                lastDigests: [String: (scan: Int64, at: Instant)], policy: DigestPolicy) {
        var findings: [DigestEntry] = [], states: [String: LedgerState] = [:], changed: [String: Int64] = [:]
        var retired: Set<String> = []
        for entry in candidates {
            guard let parsed = DigestEntry(json: entry.body, concerned: entry.concerned) else { continue }
            findings.append(parsed)
            states[entry.id] = entry.state
            changed[entry.id] = entry.changedScan
            if entry.retired { retired.insert(entry.id) }
        }
        self.retired = retired
        self.findings = findings
        self.states = states
        self.changedScans = changed
        self.upcoming = upcoming.compactMap { DigestEntry(json: $0.body, concerned: $0.concerned) }
        self.actors = actors
        self.coordination = coordination
        self.routes = routes
        self.controls = controls
        self.quiet = activity.filter { _, seen in
            seen.events >= policy.usualEvents && policy.now.microseconds(since: seen.lastRecordedAt) > policy.quietAfter
        }.reduce(into: [:]) { quiet, item in
            quiet[item.key] = PlannedDigest.QuietActor(actor: item.key, lastRecordedAt: item.value.lastRecordedAt, events: item.value.events)
        }
        self.latestScan = latestScan
        self.lastDigests = lastDigests
        self.policy = policy
    }

    /// The actors' registered addresses an entry goes to, the coordination addresses, and what
    /// the routes add (the coordination of each principal involved, the rule's recipients). A
    /// registered address that is not exactly one address (stored before ingest checked them)
    /// is no recipient: ``DigestRun`` names its actor.
    func recipients(of entry: DigestEntry) -> Set<String> {
        Set(coordination).union(entry.concerned.compactMap { actors[$0]?.email }.filter(EmailAddress.isValid))
            .union(routes.recipients(rule: entry.finding.rule, principals: Set(entry.concerned.compactMap(actors.principal(of:)))))
    }

    /// The digests to send, one per recipient with something to say, by recipient.
    /// - Parameter history: what earlier digests sent to a recipient, by finding id.
    package func plan(history: (String) throws -> [String: [SentNotice]]) rethrows -> [PlannedDigest] {
        var byRecipient: [String: (findings: [DigestEntry], upcoming: [DigestEntry])] = [:]
        for coordinator in coordination { byRecipient[coordinator] = ([], []) }
        for entry in findings where !controls.isSilenced(entry, at: policy.now) {
            for recipient in recipients(of: entry) { byRecipient[recipient, default: ([], [])].findings.append(entry) }
        }
        for entry in upcoming where !controls.isSilenced(entry, at: policy.now) {
            for recipient in recipients(of: entry) { byRecipient[recipient, default: ([], [])].upcoming.append(entry) }
        }
        var digests: [PlannedDigest] = []
        for recipient in byRecipient.keys.sorted() {
            let (entries, soon) = byRecipient[recipient]!
            let sent = try history(recipient)
            let last = lastDigests[recipient]
            let firstDigest = last == nil
            let horizon = last?.scan ?? (latestScan - 1)
            var digest = PlannedDigest(recipient: recipient)
            for entry in entries {
                if let section = section(for: entry, sent: sent[entry.finding.id] ?? [], horizon: horizon, firstDigest: firstDigest) {
                    digest.sections[section, default: []].append(entry)
                }
            }
            for entry in soon where !(sent[entry.finding.id] ?? []).contains(where: { $0.kind == .dueSoon }) {
                digest.sections[.dueSoon, default: []].append(entry)
            }
            let concernedActors = Set(digest.lines.flatMap(\.entry.concerned))
            digest.quietActors = quiet.values.filter { coordination.contains(recipient) || concernedActors.contains($0.actor) }
                .sorted { $0.actor < $1.actor }
            // The most severe first, then what has been due longest: what to act on first.
            for section in PlannedDigest.Section.allCases {
                digest.sections[section]?.sort {
                    let a = $0.finding, b = $1.finding
                    if a.severity != b.severity { return a.severity > b.severity }
                    return (a.due, a.person, a.rule, a.id) < (b.due, b.person, b.rule, b.id)
                }
            }
            // Warnings ride along with any digest; alone, they are sent once per repeat interval.
            let warningDue = last.map { policy.now.microseconds(since: $0.at) >= policy.repeatEvery } ?? true
            if !digest.lines.isEmpty || (!digest.quietActors.isEmpty && warningDue) { digests.append(digest) }
        }
        return digests
    }

    /// The section an entry belongs in for one recipient, if any. A recipient's first digest
    /// announces closed findings only if they ended within the repeat interval: a first digest
    /// over years of history is news, not an archive.
    private func section(for entry: DigestEntry, sent: [SentNotice], horizon: Int64, firstDigest: Bool) -> PlannedDigest.Section? {
        let kinds = Set(sent.map(\.kind))
        let announced = kinds.contains(.new) || kinds.contains(.reminder)
        switch states[entry.finding.id] {
        case .open?:
            if !kinds.contains(.new) { return .new }
            guard controls.acknowledged[entry.finding.id] == nil, let last = sent.map(\.sentAt).max() else { return nil }
            return policy.now.microseconds(since: last) >= policy.repeatEvery ? .reminder : nil
        case .closed?:
            if announced { return kinds.contains(.closed) ? nil : .closed }
            guard (changedScans[entry.finding.id] ?? 0) > horizon else { return nil }
            if firstDigest, let end = entry.finding.end, policy.now.microseconds(since: end) > policy.repeatEvery { return nil }
            return .new
        case .withdrawn?:
            guard announced && !kinds.contains(.withdrawn) else { return nil }
            return retired.contains(entry.finding.id) ? .retired : .withdrawn
        case nil:
            return nil
        }
    }
}
