/// Reads an event body as the log stores it, canonical JSON: members in key order `actor`,
/// `at`, `data`, `id`, `person`, `type` (`data` and `person` optional), no white space.
///
/// Scans read millions of bodies, so this reader takes the layout as given: it matches each
/// key's bytes instead of building key strings, and steps over the values of `at` and
/// `person` when the caller has them from their columns. A body in any other layout yields
/// `nil` (the caller then reads it the general way).
struct StoredEventReader {
    /// The members read; `at` and `person` are `nil` when skipped or absent.
    struct Members {
        var actor = ""
        var at: Instant?
        var data: [String: JSONValue] = [:]
        var id = ""
        var person: String?
        var type = ""
    }

    /// Reads `body` (UTF-8); `skipAt`/`skipPerson` step over those values without reading them.
    static func read(_ body: UnsafeBufferPointer<UInt8>, skipAt: Bool, skipPerson: Bool) -> Members? {
        var reader = StoredEventReader(parser: JSONParser(body))
        return try? reader.members(skipAt: skipAt, skipPerson: skipPerson)
    }

    private struct LayoutMismatch: Error {}

    private var parser: JSONParser

    private mutating func members(skipAt: Bool, skipPerson: Bool) throws -> Members {
        var members = Members()
        try expect("{\"actor\":")
        members.actor = try string()
        try expect(",\"at\":")
        if skipAt { try skipString() } else { members.at = try RFC3339.parse(string()) }
        if next(",\"data\":") { members.data = try parser.parseValue().objectValue ?? [:] }
        try expect(",\"id\":")
        members.id = try string()
        if next(",\"person\":") {
            if skipPerson { try skipString() } else { members.person = try string() }
        }
        try expect(",\"type\":")
        members.type = try string()
        try expect("}")
        guard parser.index == parser.bytes.count else { throw LayoutMismatch() }
        return members
    }

    /// Consumes `literal` if the bytes at the current position are exactly it.
    private mutating func next(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard parser.index + count <= parser.bytes.count else { return false }
        let bytes = parser.bytes, start = parser.index
        let matches = literal.withUTF8Buffer { expected in
            for offset in 0..<count where expected[offset] != bytes[start + offset] { return false }
            return true
        }
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
