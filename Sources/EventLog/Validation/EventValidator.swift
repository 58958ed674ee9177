/// Checks one JSON Lines line against the event contract and builds the event.
///
/// Messages name the field and the problem, never the value: a line may hold a personnummer
/// or free text about a person, and errors end up in terminals and cron mail.
/// Checks that need the log (references, conflicting duplicates) are the ingester's.
package enum EventValidator {
    static let topLevelFields = ["id", "type", "person", "at", "actor", "data"]

    /// Validates a line's bytes (without its line end). Returns the event, or every problem found.
    package static func validate<Bytes: Collection<UInt8>>(line: Bytes) -> Result<CareEvent, LineProblems> {
        Array(line).withUnsafeBufferPointer { validate(line: $0, validatedUTF8: false) }
    }

    /// Validates a line in place; `validatedUTF8`: the caller has checked it is UTF-8.
    package static func validate(line: UnsafeBufferPointer<UInt8>, validatedUTF8: Bool) -> Result<CareEvent, LineProblems> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line, validatedUTF8: validatedUTF8)
        } catch {
            return .failure(LineProblems(["invalid JSON: \(error.message) (column \(error.column))"]))
        }
        guard case .object(let object) = value else {
            return .failure(LineProblems(["expected a JSON object, found \(value.typeName)"]))
        }
        return validate(object: object)
    }

    /// The top-level fields of an event line, taken from its object in one pass.
    private struct Fields {
        var id, type, person, at, actor, data: JSONValue?
        /// Keys that are not fields of the contract.
        var unknown: [String] = []

        /// One walk over the members, comparing keys rather than hashing them: a lookup by key
        /// hashes the key, and six lookups an event were a tenth of an ingest's checking.
        init(_ object: [String: JSONValue]) {
            for (key, value) in object {
                switch key {
                case "id": id = value
                case "type": type = value
                case "person": person = value
                case "at": at = value
                case "actor": actor = value
                case "data": data = value
                default: unknown.append(key)
                }
            }
        }
    }

    /// Validates a parsed JSON object.
    package static func validate(object: [String: JSONValue]) -> Result<CareEvent, LineProblems> {
        var problems: [String] = []
        let fields = Fields(object)

        // The key itself is never quoted: a misplaced value (a personnummer) can stand there.
        for key in fields.unknown.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            problems.append("unknown top-level field\(suggestion(for: key, among: topLevelFields)) (the fields are \(topLevelFields.joined(separator: ", ")))")
        }

        let id = requiredString("id", fields.id, problems: &problems)
        if let id, !isValidID(id) {
            problems.append("field \"id\" must be 1–128 characters of A-Z a-z 0-9 . _ : -")
        }

        let type = requiredString("type", fields.type, problems: &problems)
        let rules = type.flatMap { EventType.fields[$0] }
        if let type, rules == nil, !EventType.isCustom(type) {
            problems.append("unknown event type\(suggestion(for: type, among: EventType.coded)) (custom types start with \"x-\")")
        }

        var person: String?
        if type == EventType.actorRegistered {
            if fields.person != nil { problems.append("actor.registered takes no \"person\" field") }
        } else if let type, EventType.personOptional.contains(type), fields.person == nil {
            person = nil
        } else if let raw = requiredString("person", fields.person, problems: &problems) {
            let text = PlainText(raw)
            if raw.isEmpty || text.scalars > 64 {
                problems.append("field \"person\" must be 1–64 characters")
            } else if text.hasControls {
                problems.append("field \"person\" must not contain control characters")
            } else {
                switch PersonID.read(raw) {
                case .personnummer(let canonical): person = canonical
                case .pseudonym(let pseudonym): person = pseudonym
                case .failsLuhn:
                    problems.append("field \"person\" is shaped like a personnummer but fails the Luhn check")
                case .withoutCentury:
                    problems.append("field \"person\" is a personnummer without its century; write it as YYYYMMDD-NNNN")
                }
            }
        }

        var at: Instant?
        if let text = requiredString("at", fields.at, problems: &problems) {
            at = timestamp(text, field: "at", problems: &problems)
        }

        let actor = requiredString("actor", fields.actor, problems: &problems)
        if let actor, !isValidActor(actor) {
            problems.append("field \"actor\" must be 1–200 characters without control characters")
        }

        var data: [String: JSONValue] = [:]
        if let raw = fields.data {
            if case .object(let members) = raw {
                data = members
            } else if raw != .null {
                problems.append("field \"data\" must be an object, found \(raw.typeName)")
            }
        }
        if let type, let rules {
            checkData(data, of: type, against: rules, problems: &problems)
        }

        guard problems.isEmpty, let id, let type, let at, let actor else {
            return .failure(LineProblems(problems))
        }
        return .success(CareEvent(id: id, type: type, person: person, at: at, actor: actor, data: data))
    }

    private static func checkData(_ data: [String: JSONValue], of type: String, against rules: [EventType.Field], problems: inout [String]) {
        for rule in rules {
            guard let value = data[rule.name], value != .null else {
                if rule.required { problems.append("\(type) requires data.\(rule.name)") }
                continue
            }
            let name = "data.\(rule.name)"
            switch rule.kind {
            case .string, .reference:
                if value.stringValue?.isEmpty ?? true { problems.append("\(name) must be a non-empty string") }
            case .timestamp:
                if let text = value.stringValue {
                    _ = timestamp(text, field: name, problems: &problems)
                } else {
                    problems.append("\(name) must be an RFC 3339 timestamp string")
                }
            case .stringList:
                let ok = value.arrayValue?.allSatisfy { !($0.stringValue?.isEmpty ?? true) } ?? false
                if !ok { problems.append("\(name) must be a list of non-empty strings") }
            case .email:
                if let text = value.stringValue, EmailAddress.isValid(text) { break }
                problems.append("\(name) must be one e-mail address, local@domain (no name, list or white space)")
            case .oneOf(let allowed):
                if let text = value.stringValue, allowed.contains(text) { break }
                problems.append("\(name) must be one of \(allowed.joined(separator: ", "))")
            }
        }
    }

    private static func requiredString(_ field: String, _ value: JSONValue?, problems: inout [String]) -> String? {
        guard let value else {
            problems.append("missing required field \"\(field)\"")
            return nil
        }
        guard case .string(let text) = value else {
            problems.append("field \"\(field)\" must be a string, found \(value.typeName)")
            return nil
        }
        return text
    }

    private static func timestamp(_ text: String, field: String, problems: inout [String]) -> Instant? {
        do {
            return try RFC3339.parse(text)
        } catch .noSuchDate {
            problems.append("field \"\(field)\" names a date or time that does not exist")
        } catch .missingOffset {
            problems.append("field \"\(field)\" needs an offset from UTC (Z or ±hh:mm)")
        } catch {
            problems.append("field \"\(field)\" is not an RFC 3339 timestamp (e.g. 2026-03-01T08:00:00+01:00)")
        }
        return nil
    }

    static func isValidID(_ id: String) -> Bool {
        var id = id
        return id.withUTF8 { bytes in (1...128).contains(bytes.count) && bytes.allSatisfy(isIDByte) }
    }

    private static func isIDByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b == UInt8(ascii: "-")
    }

    static func isValidActor(_ actor: String) -> Bool {
        let text = PlainText(actor)
        return (1...200).contains(text.scalars) && !text.hasControls
    }

    /// A string's length in Unicode scalars and whether it holds a control character (C0,
    /// DEL or C1), read from its UTF-8 bytes in one pass: a scalar begins at every byte that
    /// does not continue one, and a C1 control is the two bytes C2 80–C2 9F.
    private struct PlainText {
        private(set) var scalars = 0
        private(set) var hasControls = false

        init(_ text: String) {
            var afterC2 = false
            for byte in text.utf8 {
                if byte & 0xC0 != 0x80 { scalars += 1 }
                if byte < 0x20 || byte == 0x7F || (afterC2 && byte <= 0x9F) { hasControls = true }
                afterC2 = byte == 0xC2
            }
        }
    }

    /// `; did you mean "at"?` for a name from the contract's own list within two edits of the
    /// unknown one, which is never shown itself.
    private static func suggestion(for key: String, among names: [String]) -> String {
        NameSuggestion.closest(to: key, among: names).map { "; did you mean \"\($0)\"?" } ?? ""
    }
}

/// The problems found on one input line, each a complete message.
package struct LineProblems: Error, Sendable, Equatable {
    package let messages: [String]
    package init(_ messages: [String]) { self.messages = messages }
}
