import EventLog

extension Finding {
    /// `open` or `closed`.
    public var status: String { isOpen ? "open" : "closed" }

    /// One JSON Lines record with exactly the fields of the rules contract, in its order;
    /// timestamps as UTC `YYYY-MM-DDTHH:MM:SSZ`.
    public var jsonLine: String {
        var out = "{\"id\":"
        CanonicalJSON.writeString(id, to: &out)
        func field(_ name: String, _ value: String?) {
            out += ",\"\(name)\":"
            if let value { CanonicalJSON.writeString(value, to: &out) } else { out += "null" }
        }
        field("rule", rule)
        field("kind", kind)
        field("severity", severity.rawValue)
        field("title", title)
        field("person", person)
        field("scope", scope)
        field("start", start.description)
        field("due", due.description)
        field("end", end?.description)
        field("status", status)
        field("actor_before", actorBefore)
        field("actor_after", actorAfter)
        out += ",\"evidence\":["
        for (i, id) in evidence.enumerated() {
            if i > 0 { out += "," }
            CanonicalJSON.writeString(id, to: &out)
        }
        out += "]}"
        return out
    }
}

extension Upcoming {
    /// A JSON object with the fields of the finding it would become (no `end`, `status`
    /// `upcoming`), plus `expected_actor`.
    public var jsonLine: String {
        var out = "{\"id\":"
        CanonicalJSON.writeString(id, to: &out)
        func field(_ name: String, _ value: String?) {
            out += ",\"\(name)\":"
            if let value { CanonicalJSON.writeString(value, to: &out) } else { out += "null" }
        }
        field("rule", rule)
        field("kind", kind)
        field("severity", severity.rawValue)
        field("title", title)
        field("person", person)
        field("scope", scope)
        field("start", start.description)
        field("due", due.description)
        field("status", "upcoming")
        field("actor_before", actorBefore)
        field("expected_actor", expectedActor)
        return out + "}"
    }
}
