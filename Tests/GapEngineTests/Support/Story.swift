import EventLog
@testable import GapEngine

/// Builds one person's events for engine tests, with `seq` in the order they are added.
struct Story {
    var person = "p-1"
    private(set) var events: [RecordedEvent] = []

    /// Adds an event; `at` and `recorded` are RFC 3339. Returns the event id.
    @discardableResult
    mutating func add(_ type: String, _ at: String, _ actor: String, _ data: [String: JSONValue] = [:],
                      id: String? = nil, recorded: String = "2020-01-01T00:00:00Z") -> String {
        let seq = Int64(events.count + 1)
        let id = id ?? "e\(seq)"
        let event = CareEvent(id: id, type: type, person: person, at: try! RFC3339.parse(at), actor: actor, data: data)
        events.append(RecordedEvent(seq: seq, recordedAt: try! RFC3339.parse(recorded), event: event))
        return id
    }
}

/// Registrations: `region/*` actors belong to one region, `kommun/*` to one municipality,
/// `ngo/*` to a non-profit.
func registry(_ actors: [String]) -> ActorDirectory {
    let events = actors.enumerated().map { i, actor in
        let principal = actor.hasPrefix("region/") ? ("region", "Region Test") : actor.hasPrefix("kommun/") ? ("municipality", "Test kommun") : ("ngo", "Test NGO")
        return RecordedEvent(seq: Int64(i + 1), recordedAt: Instant(microseconds: 0), event: CareEvent(
            id: "reg-\(i)", type: EventType.actorRegistered, person: nil, at: Instant(microseconds: 0), actor: actor,
            data: ["name": .string(actor), "principal": .string(principal.0), "principal_name": .string(principal.1), "kind": "unit"]))
    }
    return ActorDirectory(registrations: events, asOf: Instant(microseconds: .max), asKnownAt: nil)
}

/// Evaluates a story with the given rules (default: the whole default rulebook).
func evaluate(_ story: Story, rules: [String]? = nil, rulebook: Rulebook = .standard, asOf: String, asKnownAt: String? = nil,
              actors: ActorDirectory = registry(["region/vc", "region/ward", "kommun/hemtjanst", "kommun/boende", "ngo/coord"])) -> [Finding] {
    let book = rules.map { rulebook.selecting(ruleIDs: Set($0)) } ?? rulebook
    let evaluation = Evaluation(rulebook: book, asOf: try! RFC3339.parse(asOf), asKnownAt: asKnownAt.map { try! RFC3339.parse($0) }, actors: actors)
    return evaluation.findings(person: story.person, events: story.events)
}

/// Parses a one-rule rulebook in Europe/Stockholm.
func rulebook(_ rule: String) -> Rulebook {
    try! RulebookParser.parse("timezone: Europe/Stockholm\nrules:\n" + rule.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
}

extension Finding {
    /// The fields a test compares, compactly.
    var summary: String {
        "\(rule) \(scope ?? "-") \(start) \(due) \(end?.description ?? "open") \(actorBefore ?? "-")→\(actorAfter ?? "-")"
    }
}
