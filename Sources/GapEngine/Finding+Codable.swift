import EventLog
import Foundation

/// A finding as the JSON of the rules contract: what the ledger stores and other tools read.
/// Timestamps are RFC 3339 strings. An upcoming obligation's JSON (``Upcoming/jsonLine``) reads
/// as the open finding it would become, with its `expected_actor`; `status` is derived, so it
/// is written and not read. ``Finding/jsonLine`` writes the same fields faster, in the
/// contract's order, for output.
extension Finding: Codable {
    enum CodingKeys: String, CodingKey {
        case id, rule, kind, severity, title, person, scope, start, due, end, status, evidence
        case actorBefore = "actor_before", actorAfter = "actor_after", expectedActor = "expected_actor"
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func time(_ key: CodingKeys) throws -> Instant? {
            guard let text = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let instant = try? RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "not an RFC 3339 timestamp")
            }
            return instant
        }
        guard let start = try time(.start) else { throw DecodingError.keyNotFound(CodingKeys.start, .init(codingPath: c.codingPath, debugDescription: "no start")) }
        guard let due = try time(.due) else { throw DecodingError.keyNotFound(CodingKeys.due, .init(codingPath: c.codingPath, debugDescription: "no due")) }
        self.init(
            id: try c.decode(String.self, forKey: .id), rule: try c.decode(String.self, forKey: .rule),
            kind: try c.decode(String.self, forKey: .kind), severity: try c.decode(Severity.self, forKey: .severity),
            title: try c.decode(String.self, forKey: .title), person: try c.decode(String.self, forKey: .person),
            scope: try c.decodeIfPresent(String.self, forKey: .scope), start: start, due: due, end: try time(.end),
            actorBefore: try c.decodeIfPresent(String.self, forKey: .actorBefore),
            actorAfter: try c.decodeIfPresent(String.self, forKey: .actorAfter),
            evidence: try c.decodeIfPresent([String].self, forKey: .evidence) ?? [],
            expectedActor: try c.decodeIfPresent(String.self, forKey: .expectedActor))
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        func time(_ instant: Instant?) -> String? { instant.map { RFC3339.format($0, fraction: false) } }
        try c.encode(id, forKey: .id)
        try c.encode(rule, forKey: .rule)
        try c.encode(kind, forKey: .kind)
        try c.encode(severity, forKey: .severity)
        try c.encode(title, forKey: .title)
        try c.encode(person, forKey: .person)
        try c.encode(scope, forKey: .scope)
        try c.encode(time(start), forKey: .start)
        try c.encode(time(due), forKey: .due)
        try c.encode(time(end), forKey: .end)
        try c.encode(status, forKey: .status)
        try c.encode(actorBefore, forKey: .actorBefore)
        try c.encode(actorAfter, forKey: .actorAfter)
        try c.encode(evidence, forKey: .evidence)
        try c.encodeIfPresent(expectedActor, forKey: .expectedActor)
    }

    /// Reads a finding (or an upcoming obligation) from the JSON text the ledger keeps.
    package init(json: String) throws {
        self = try JSONDecoder().decode(Finding.self, from: Data(json.utf8))
    }
}
