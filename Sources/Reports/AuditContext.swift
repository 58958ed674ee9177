import EventLog
import GapEngine

/// What makes an audit reproducible: the log's head, the rulebook, `as_of`, `as_known_at`, the
/// period, and the command line that made it.
package struct AuditContext: Sendable {
    package let rulebook: Rulebook
    package let asOf: Instant
    package let asKnownAt: Instant?
    /// The period the report covers.
    package let from: Instant?
    package let to: Instant?
    package let logHead: LogHead
    /// The command line that reproduces the report (persons masked unless unmasked).
    package let command: String
    /// Whether identities are shown in full (`--unmask`).
    package let unmask: Bool

    package init(rulebook: Rulebook, asOf: Instant, asKnownAt: Instant?, from: Instant?, to: Instant?, logHead: LogHead,
                command: String, unmask: Bool) {
        self.rulebook = rulebook
        self.asOf = asOf
        self.asKnownAt = asKnownAt
        self.from = from
        self.to = to
        self.logHead = logHead
        self.command = command
        self.unmask = unmask
    }

    /// The rulebook's Swedish titles, by the title findings carry.
    var swedishTitles: [String: String] { rulebook.titles(in: .sv) }

    /// A person id as the report shows it.
    func show(person: String) -> String { unmask ? person : PersonID.masked(person) }

    /// Free text as the report shows it (identifiers masked unless unmasked).
    func show(text: String) -> String { unmask ? text : PersonID.maskingIdentifiers(in: text) }

    /// Whether a finding's interval overlaps the period.
    func overlapsPeriod(start: Instant, end: Instant?) -> Bool {
        (to.map { start < $0 } ?? true) && (from.map { (end ?? asOf) >= $0 } ?? true)
    }

    /// The header; `periodStart` is the start shown when no `--from` was given.
    func header(kind: String, subjectKind: String, subject: String, periodStart: Instant? = nil) -> AuditHeader {
        AuditHeader(
            report: kind, subjectKind: subjectKind, subject: subject, from: (from ?? periodStart).map(\.description), to: to.map(\.description), asOf: asOf.description,
            asKnownAt: asKnownAt?.description, rulebookName: rulebook.name ?? "(unnamed)", rulebookHash: rulebook.hash,
            timeZone: rulebook.timeZone.identifier, logHead: logHead.hash, logEvents: logHead.count, command: command,
            masked: !unmask)
    }
}

/// The reproducibility header of every audit.
package struct AuditHeader: Codable, Sendable, Equatable {
    package let report: String
    /// `person`, `actor` or `principal`.
    package let subjectKind: String
    package let subject: String
    package let from: String?
    package let to: String?
    package let asOf: String
    package let asKnownAt: String?
    package let rulebookName: String
    package let rulebookHash: String
    package let timeZone: String
    package let logHead: String
    package let logEvents: Int64
    /// The command line that makes the report again (``AuditHeader/reproducible`` says whether it can).
    package var command: String
    package let masked: Bool
    /// False when the command holds a masked person, which no command can look up.
    package var reproducible = true
}
