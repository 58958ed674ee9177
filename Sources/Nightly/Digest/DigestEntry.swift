import EventLog

/// A line of a digest: a finding (or an obligation about to become one), read back from the
/// JSON the ledger keeps.
public struct DigestEntry: Sendable, Equatable {
    public let id: String
    public let rule: String
    public let title: String
    public let severity: String
    /// Canonical person id: mask it before it leaves the program.
    public let person: String
    public let scope: String?
    public let start: Instant
    public let due: Instant
    public let end: Instant?
    public let actorBefore: String?
    /// Who closed it, or (for what is not closed) who was expected to act.
    public let actorAfter: String?
    /// Actors the entry concerns (digest recipients are chosen by them).
    public let concerned: [String]

    /// Reads a finding's JSON line (or an upcoming obligation's JSON object).
    init?(json: String, concerned: [String]) {
        guard case .object(let o)? = try? JSONParser.parse(json.utf8),
              let id = o["id"]?.stringValue, let rule = o["rule"]?.stringValue, let person = o["person"]?.stringValue,
              let start = o["start"]?.stringValue.flatMap({ try? RFC3339.parse($0) }),
              let due = o["due"]?.stringValue.flatMap({ try? RFC3339.parse($0) })
        else { return nil }
        self.id = id
        self.rule = rule
        self.title = o["title"]?.stringValue ?? rule
        self.severity = o["severity"]?.stringValue ?? ""
        self.person = person
        self.scope = o["scope"]?.stringValue
        self.start = start
        self.due = due
        self.end = o["end"]?.stringValue.flatMap { try? RFC3339.parse($0) }
        self.actorBefore = o["actor_before"]?.stringValue
        self.actorAfter = o["actor_after"]?.stringValue ?? o["expected_actor"]?.stringValue
        self.concerned = concerned
    }
}
