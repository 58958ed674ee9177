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
}

extension Finding {
    /// `open` or `closed`.
    public var status: String { isOpen ? "open" : "closed" }

    /// One JSON Lines record with exactly the fields of the rules contract, in its order;
    /// timestamps as UTC `YYYY-MM-DDTHH:MM:SSZ`.
    public var jsonLine: String {
        var object = OrderedJSONObject()
        object.field("id", id)
        object.field("rule", rule)
        object.field("kind", kind)
        object.field("severity", severity.rawValue)
        object.field("title", title)
        object.field("person", person)
        object.field("scope", scope)
        object.field("start", start.description)
        object.field("due", due.description)
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
        var object = OrderedJSONObject()
        object.field("id", id)
        object.field("rule", rule)
        object.field("kind", kind)
        object.field("severity", severity.rawValue)
        object.field("title", title)
        object.field("person", person)
        object.field("scope", scope)
        object.field("start", start.description)
        object.field("due", due.description)
        object.field("status", "upcoming")
        object.field("actor_before", actorBefore)
        object.field("expected_actor", expectedActor)
        return object.closed
    }
}
