/// How the log stores an event: its fields in columns, `data` as canonical JSON text, and no
/// copy of the whole event. The canonical JSON that the hash chain covers is composed from
/// the columns whenever it is needed (`verify`, duplicates).
extension CareEvent {
    /// The canonical text of `data`, `nil` when it is empty: what the log's `data` column holds.
    package var canonicalData: String? {
        var out: [UInt8] = []
        writeCanonicalData(to: &out)
        return out.isEmpty ? nil : String(decoding: out, as: UTF8.self)
    }

    /// Appends the canonical text of `data` to `out`; nothing when it is empty.
    func writeCanonicalData(to out: inout [UInt8]) {
        switch payload {
        case .stored(let stored):
            stored.withBytes { out.append(contentsOf: $0) }
        case .members(let data):
            if !data.isEmpty { CanonicalJSON.writeObject(data, to: &out) }
        }
    }

    /// Appends the event's canonical JSON to `out` and returns where its canonical `data` lies
    /// there (an empty range when it has none): an ingest stores that part as the `data`
    /// column, without making either as a string.
    func writeCanonicalJSON(to out: inout [UInt8]) -> Range<Int> {
        Self.writeCanonicalJSON(actor: actor, at: at, id: id, person: person, type: type, to: &out, data: writeCanonicalData)
    }

    /// The canonical JSON of an event from its parts, `data` already canonical (`nil` when the
    /// event has none): keys in byte order, no white space, `at` in UTC.
    package static func canonicalJSON(actor: String, at: Instant, data: String?, id: String, person: String?, type: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(96 + actor.utf8.count + id.utf8.count + (data?.utf8.count ?? 0))
        _ = writeCanonicalJSON(actor: actor, at: at, id: id, person: person, type: type, to: &out) { out in
            if let data { out.append(contentsOf: data.utf8) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func writeCanonicalJSON(actor: String, at: Instant, id: String, person: String?, type: String, to out: inout [UInt8],
                                           data writeData: (inout [UInt8]) -> Void) -> Range<Int> {
        out.append(contentsOf: #"{"actor":"#.utf8)
        CanonicalJSON.writeString(actor, to: &out)
        out.append(contentsOf: #","at":""#.utf8)
        RFC3339.write(at, fraction: true, to: &out)
        out.append(UInt8(ascii: "\""))
        let dataKey = #","data":"#.utf8
        out.append(contentsOf: dataKey)
        let dataStart = out.count
        writeData(&out)
        let data = dataStart..<out.count
        if data.isEmpty { out.removeLast(dataKey.count) }
        out.append(contentsOf: #","id":"#.utf8)
        CanonicalJSON.writeString(id, to: &out)
        if let person {
            out.append(contentsOf: #","person":"#.utf8)
            CanonicalJSON.writeString(person, to: &out)
        }
        out.append(contentsOf: #","type":"#.utf8)
        CanonicalJSON.writeString(type, to: &out)
        out.append(UInt8(ascii: "}"))
        return data.isEmpty ? out.startIndex..<out.startIndex : data
    }

    /// Errors reading back a stored event.
    struct StoredDataError: Error {}

    /// Reads an event back from its stored columns (validated at ingest): `data` is
    /// `texts[dataRange]`, UTF-8 canonical JSON (empty for none), kept there and read a member at
    /// a time (``StoredData``). A known type's name and code are found by its bytes.
    static func stored(id: String, type: UnsafeBufferPointer<UInt8>, person: String?, at: Instant, actor: String,
                       texts: [UInt8], dataRange: Range<Int>) throws -> CareEvent {
        let (typeName, typeCode): (String, UInt8)
        if let known = EventType.known(utf8: type) {
            (typeName, typeCode) = known
        } else {
            typeName = String(decoding: type, as: UTF8.self)
            typeCode = EventType.code(of: typeName)
        }
        guard let data = StoredData(texts, range: dataRange) else { throw StoredDataError() }
        return CareEvent(id: id, type: typeName, typeCode: typeCode, person: person, at: at, actor: actor, storedData: data)
    }
}
