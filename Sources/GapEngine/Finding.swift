import Crypto
import EventLog

/// An interval in one person's life where a rule is broken.
package struct Finding: Sendable, Hashable {
    /// Stable id: the same finding keeps it across runs (rule, person, scope and the event that
    /// anchors the finding); unrelated events do not change it.
    package let id: String
    package let rule: String
    /// The rule's kind name (`coverage`, `deadline`, …).
    package let kind: String
    package let severity: Severity
    package let title: String
    /// Canonical person id.
    package let person: String
    package let scope: String?
    /// When the gap or the obligation began.
    package let start: Instant
    /// When it became a finding (start + allowance, or the deadline).
    package let due: Instant
    /// When it ended; `nil` while open.
    package let end: Instant?
    /// The actor whose act opened it, if any.
    package let actorBefore: String?
    /// The actor whose act closed it, if any.
    package let actorAfter: String?
    /// Ids of the events that opened and closed it.
    package let evidence: [String]
    /// The actor that was expected to act (a deadline's addressee, a silent holder), if any.
    /// Not part of the contract's output; digests use it to choose recipients.
    package let expectedActor: String?

    /// For a finding that no act opened (a joint plan missing, a need no one took): the actors
    /// that held a scope for the person when it opened, who should hear of it. Not part of the
    /// contract's output; the scan routes digests and silences by it.
    package var involved: [String] = []

    /// `open` while `end` is nil, else `closed`.
    package var isOpen: Bool { end == nil }

    package init(rule: Rule, person: String, scope: String?, anchor: String, start: Instant, due: Instant, end: Instant?,
                actorBefore: String?, actorAfter: String?, expectedActor: String? = nil, evidence: [String]) {
        self.id = Self.stableID(rule: rule.id, person: person, scope: scope, anchor: anchor)
        self.rule = rule.id
        self.kind = rule.kind.name
        self.severity = rule.severity
        self.title = rule.title
        self.person = person
        self.scope = scope
        self.start = start
        self.due = due
        self.end = end
        self.actorBefore = actorBefore
        self.actorAfter = actorAfter
        self.evidence = evidence
        self.expectedActor = expectedActor
    }

    /// A finding read back from its JSON (``Finding+Codable``), every field as it was written.
    init(id: String, rule: String, kind: String, severity: Severity, title: String, person: String, scope: String?,
         start: Instant, due: Instant, end: Instant?, actorBefore: String?, actorAfter: String?, evidence: [String],
         expectedActor: String?) {
        (self.id, self.rule, self.kind, self.severity, self.title, self.person, self.scope) = (id, rule, kind, severity, title, person, scope)
        (self.start, self.due, self.end) = (start, due, end)
        (self.actorBefore, self.actorAfter, self.evidence, self.expectedActor) = (actorBefore, actorAfter, evidence, expectedActor)
    }

    /// 20 hex digits of SHA-256 over the finding's identity: its parts joined by U+001F, fed
    /// to the hash one by one.
    static func stableID(rule: String, person: String, scope: String?, anchor: String) -> String {
        var hasher = SHA256()
        feed(rule, separated: true, to: &hasher)
        feed(person, separated: true, to: &hasher)
        feed(scope ?? "", separated: true, to: &hasher)
        feed(anchor, separated: false, to: &hasher)
        return hasher.finalize().withUnsafeBytes { HashChain.hex(UnsafeRawBufferPointer(rebasing: $0.prefix(10))) }
    }

    private static func feed(_ part: String, separated: Bool, to hasher: inout SHA256) {
        var part = part
        part.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        if separated { withUnsafeBytes(of: UInt8(0x1F)) { hasher.update(bufferPointer: $0) } }
    }

    /// The contract's output order: person, start, rule, scope (null first); then due and id so
    /// that equal findings still print in one reproducible order.
    package static func outputOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.person != b.person { return a.person.utf8.lexicographicallyPrecedes(b.person.utf8) }
        if a.start != b.start { return a.start < b.start }
        if a.rule != b.rule { return a.rule.utf8.lexicographicallyPrecedes(b.rule.utf8) }
        if a.scope != b.scope {
            guard let sa = a.scope else { return true }
            guard let sb = b.scope else { return false }
            return sa.utf8.lexicographicallyPrecedes(sb.utf8)
        }
        if a.due != b.due { return a.due < b.due }
        return a.id < b.id
    }
}

/// Something that becomes a finding at `due` unless it ends first: an obligation not yet met,
/// a gap or silence not yet longer than its allowance. Digests warn of those due soon.
package struct Upcoming: Sendable, Hashable {
    /// The finding it becomes at `due` unless something ends it first: open, with no actor
    /// after it and no evidence yet, and the actor expected to act.
    package internal(set) var finding: Finding

    init(rule: Rule, person: String, scope: String?, anchor: String, start: Instant, due: Instant,
         actorBefore: String?, expectedActor: String?) {
        finding = Finding(rule: rule, person: person, scope: scope, anchor: anchor, start: start, due: due, end: nil,
                          actorBefore: actorBefore, actorAfter: nil, expectedActor: expectedActor, evidence: [])
    }
}
