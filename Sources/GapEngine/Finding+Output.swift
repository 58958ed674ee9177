import EventLog

/// Writes a JSON object with its fields in a given order (the contract's order for findings),
/// as UTF-8 bytes appended to a buffer that may hold records before it.
struct OrderedJSONObject: ~Copyable {
    private var out: [UInt8]
    private var isEmpty = true

    /// Adds a string field, or null.
    mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { CanonicalJSON.writeString(value, to: &out) } else { out.append(contentsOf: "null".utf8) }
    }

    /// Adds a timestamp field (`YYYY-MM-DDTHH:MM:SSZ`), or null.
    mutating func field(_ name: StaticString, _ value: Instant?) {
        key(name)
        guard let value else { return out.append(contentsOf: "null".utf8) }
        out.append(UInt8(ascii: "\""))
        RFC3339.write(value, fraction: false, to: &out)
        out.append(UInt8(ascii: "\""))
    }

    /// Adds a list of strings.
    mutating func field(_ name: StaticString, _ values: [String]) {
        key(name)
        out.append(UInt8(ascii: "["))
        for (i, value) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            CanonicalJSON.writeString(value, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private mutating func key(_ name: StaticString) {
        out.append(UInt8(ascii: isEmpty ? "{" : ","))
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        out.append(contentsOf: "\":".utf8)
        isEmpty = false
    }

    /// The buffer with the object closed.
    consuming func closed() -> [UInt8] {
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// Opens a record, after what `buffer` holds, with the fields that a finding and the
    /// upcoming obligation that would become it share, in the contract's order.
    init(appendingTo buffer: consuming [UInt8], leadingFieldsOf item: borrowing Finding) {
        out = buffer
        field("id", item.id)
        field("rule", item.rule)
        field("kind", item.kind)
        field("severity", item.severity.rawValue)
        field("title", item.title)
        field("person", item.person)
        field("scope", item.scope)
        field("start", item.start)
        field("due", item.due)
    }
}

extension Finding {
    /// `open` or `closed`.
    package var status: String { isOpen ? "open" : "closed" }

    /// One JSON Lines record with exactly the fields of the rules contract, in its order;
    /// timestamps as UTC `YYYY-MM-DDTHH:MM:SSZ`.
    package var jsonLine: String {
        var line: [UInt8] = []
        writeJSONLine(to: &line)
        return String(decoding: line, as: UTF8.self)
    }

    /// Appends ``jsonLine`` to `out` as UTF-8 (no newline): for writing many findings.
    package func writeJSONLine(to out: inout [UInt8]) {
        // The object appends to `out`'s own storage (moved in and back), not to a copy of it.
        var buffer: [UInt8] = []
        swap(&buffer, &out)
        var object = OrderedJSONObject(appendingTo: consume buffer, leadingFieldsOf: self)
        object.field("end", end)
        object.field("status", status)
        object.field("actor_before", actorBefore)
        object.field("actor_after", actorAfter)
        object.field("evidence", evidence)
        out = object.closed()
    }
}

extension Upcoming {
    /// A JSON object with the fields of the finding it would become (no `end`, `status`
    /// `upcoming`), plus `expected_actor`.
    package var jsonLine: String {
        var object = OrderedJSONObject(appendingTo: [], leadingFieldsOf: finding)
        object.field("status", "upcoming")
        object.field("actor_before", finding.actorBefore)
        object.field("expected_actor", finding.expectedActor)
        return String(decoding: object.closed(), as: UTF8.self)
    }
}
