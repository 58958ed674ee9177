import EventLog

/// Writes a JSON object with its fields in a given order (the contract's order for findings).
struct OrderedJSONObject {
    private(set) var text: String = {
        var text = "{"
        text.reserveCapacity(512)
        return text
    }()
    private var isEmpty = true

    /// Adds a string field, or null.
    mutating func field(_ name: String, _ value: String?) {
        text += isEmpty ? "\"" : ",\""
        text += name
        text += "\":"
        isEmpty = false
        if let value { CanonicalJSON.writeString(value, to: &text) } else { text += "null" }
    }

    /// Adds a list of strings.
    mutating func field(_ name: String, _ values: [String]) {
        text += ",\"\(name)\":["
        for (i, value) in values.enumerated() {
            if i > 0 { text += "," }
            CanonicalJSON.writeString(value, to: &text)
        }
        text += "]"
    }

    var closed: String { text + "}" }

    /// Opens a record with the fields that a finding and the upcoming obligation that would
    /// become it share, in the contract's order.
    init(leadingFieldsOf item: some FindingIdentity) {
        field("id", item.id)
        field("rule", item.rule)
        field("kind", item.kind)
        field("severity", item.severity.rawValue)
        field("title", item.title)
        field("person", item.person)
        field("scope", item.scope)
        field("start", item.start.description)
        field("due", item.due.description)
    }
}

/// What a finding and the upcoming obligation that would become it have in common.
protocol FindingIdentity {
    var id: String { get }
    var rule: String { get }
    var kind: String { get }
    var severity: Severity { get }
    var title: String { get }
    var person: String { get }
    var scope: String? { get }
    var start: Instant { get }
    var due: Instant { get }
}

extension Finding: FindingIdentity {}
extension Upcoming: FindingIdentity {}

extension Finding {
    /// `open` or `closed`.
    public var status: String { isOpen ? "open" : "closed" }

    /// One JSON Lines record with exactly the fields of the rules contract, in its order;
    /// timestamps as UTC `YYYY-MM-DDTHH:MM:SSZ`.
    public var jsonLine: String {
        var object = OrderedJSONObject(leadingFieldsOf: self)
        object.field("end", end?.description)
        object.field("status", status)
        object.field("actor_before", actorBefore)
        object.field("actor_after", actorAfter)
        object.field("evidence", evidence)
        return object.closed
    }
}

extension Upcoming {
    /// A JSON object with the fields of the finding it would become (no `end`, `status`
    /// `upcoming`), plus `expected_actor`.
    public var jsonLine: String {
        var object = OrderedJSONObject(leadingFieldsOf: self)
        object.field("status", "upcoming")
        object.field("actor_before", actorBefore)
        object.field("expected_actor", expectedActor)
        return object.closed
    }
}
