/// Reads an event body as the log stores it, canonical JSON: members in key order `actor`,
/// `at`, `data`, `id`, `person`, `type` (`data` and `person` optional), no white space.
///
/// Scans read millions of bodies, so this reader takes the layout as given: it matches each
/// key's bytes instead of building key strings, steps over `at` and `person` when the caller
/// has them from their columns, takes a known type's name and code from ``EventType`` by its
/// bytes, shares repeated actor names (``RepeatedStrings``), and reads `data` only for the
/// types asked for. A body in any other layout yields `nil` (the caller then reads it the
/// general way).
struct StoredEventReader {
    /// Reads `body` (UTF-8). `at` and `person`, when given, are used instead of the body's.
    /// `data` is read for the types in `dataTypes` (bits of type codes, bit 0 every custom
    /// type) and left empty for the others.
    static func event(_ body: UnsafeBufferPointer<UInt8>, at: Instant?, person: String?, dataTypes: UInt64 = .max,
                      names: inout RepeatedStrings) -> CareEvent? {
        var reader = StoredEventReader(parser: JSONParser(body))
        return try? reader.event(at: at, person: person, dataTypes: dataTypes, names: &names)
    }

    private struct LayoutMismatch: Error {}

    private var parser: JSONParser

    private mutating func event(at storedAt: Instant?, person storedPerson: String?, dataTypes: UInt64, names: inout RepeatedStrings) throws -> CareEvent {
        try expect("{\"actor\":")
        let actor = try plainString().map { names.string($0) } ?? string()
        try expect(",\"at\":")
        let at: Instant
        if let storedAt {
            try skipString()
            at = storedAt
        } else {
            at = try RFC3339.parse(string())
        }
        // `data` comes before `type`: note where it is, read it once the type is known.
        var dataStart: Int?
        if next(",\"data\":") {
            dataStart = parser.index
            try skipObject()
        }
        try expect(",\"id\":")
        let id = try string()
        var person = storedPerson
        if next(",\"person\":") {
            if storedPerson != nil { try skipString() } else { person = try string() }
        }
        try expect(",\"type\":")
        let type: (name: String, code: UInt8)
        let typeStart = parser.index
        if let bytes = try plainString(), let known = EventType.known(utf8: bytes) {
            type = known
        } else {
            parser.index = typeStart
            let name = try string()
            type = (name, EventType.code(of: name))
        }
        try expect("}")
        guard parser.index == parser.bytes.count else { throw LayoutMismatch() }
        var data: [String: JSONValue] = [:]
        if let dataStart, dataTypes & (1 << UInt64(type.code)) != 0 {
            parser.index = dataStart
            guard case .object(let members) = try parser.parseValue() else { throw LayoutMismatch() }
            data = members
        }
        return CareEvent(id: id, type: type.name, typeCode: type.code, person: person, at: at, actor: actor, data: data)
    }

    /// Consumes `literal` if the bytes at the current position are exactly it.
    private mutating func next(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard parser.index + count <= parser.bytes.count else { return false }
        let rest = UnsafeBufferPointer(rebasing: parser.bytes[parser.index..<(parser.index + count)])
        let matches = literal.withUTF8Buffer { $0.hasSameBytes(as: rest) }
        if matches { parser.index += count }
        return matches
    }

    private mutating func expect(_ literal: StaticString) throws {
        guard next(literal) else { throw LayoutMismatch() }
    }

    private mutating func string() throws -> String {
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else { throw LayoutMismatch() }
        return try parser.parseString()
    }

    /// A string value without escapes, as its bytes (consumed); `nil` if it has escapes (not
    /// consumed: read it with `string()`).
    private mutating func plainString() throws -> UnsafeBufferPointer<UInt8>? {
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else { throw LayoutMismatch() }
        var index = parser.index + 1
        while index < parser.bytes.count {
            switch parser.bytes[index] {
            case UInt8(ascii: "\""):
                let value = UnsafeBufferPointer(rebasing: parser.bytes[(parser.index + 1)..<index])
                parser.index = index + 1
                return value
            case UInt8(ascii: "\\"): return nil
            default: index += 1
            }
        }
        throw LayoutMismatch()
    }

    /// Steps over an object value: to its closing brace, minding strings.
    private mutating func skipObject() throws {
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "{") else { throw LayoutMismatch() }
        var depth = 0
        var inString = false
        var index = parser.index
        while index < parser.bytes.count {
            let byte = parser.bytes[index]
            index += 1
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    parser.index = index
                    return
                }
            default: break
            }
        }
        throw LayoutMismatch()
    }

    /// Steps over a string value: to the first quote not escaped.
    private mutating func skipString() throws {
        guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else { throw LayoutMismatch() }
        var index = parser.index + 1
        while index < parser.bytes.count {
            switch parser.bytes[index] {
            case UInt8(ascii: "\""):
                parser.index = index + 1
                return
            case UInt8(ascii: "\\"): index += 2
            default: index += 1
            }
        }
        throw LayoutMismatch()
    }
}
