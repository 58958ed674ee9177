/// An event's `data` as the log stores it: canonical JSON text (``CanonicalJSON``), left in the
/// buffer it was read into and read one member at a time.
///
/// A replay asks an event for a field or two (`scope`, `handover`, `next_due`), and most events
/// are asked for none. Building the whole object for each cost a scan a quarter of its time in
/// allocations and hashing; finding one member in a few dozen bytes costs a short walk. The
/// buffer holds one person's texts, shared by their events: each holds a reference and a range.
struct StoredData: Sendable {
    private let buffer: [UInt8]
    private let start: Int
    private let end: Int

    /// The data in `buffer[range]`, if it has the shape of a JSON object; `nil` if it does not
    /// (a damaged row). An empty range is an event without data.
    init?(_ buffer: [UInt8], range: Range<Int>) {
        guard buffer.withUnsafeBufferPointer({ Self.isWellFormed(UnsafeBufferPointer(rebasing: $0[range])) }) else { return nil }
        self.init(checked: buffer, range: range)
    }

    /// Data already found well formed (``isWellFormed(_:)``).
    init(checked buffer: [UInt8], range: Range<Int>) {
        self.buffer = buffer
        (start, end) = (range.lowerBound, range.upperBound)
    }

    /// Whether stored data has the shape of a JSON object, or is empty (no data).
    static func isWellFormed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.isEmpty || Members(bytes: bytes).areWellFormed
    }

    /// Whether the event has no data.
    var isEmpty: Bool { start == end }

    /// The canonical text, as stored.
    var text: String { String(decoding: buffer[start..<end], as: UTF8.self) }

    /// The whole object.
    var members: [String: JSONValue] {
        guard !isEmpty, case .object(let members) = withBytes({ try? JSONParser.parse($0, validatedUTF8: true) }) else { return [:] }
        return members
    }

    /// The value of member `name`, parsed alone.
    func value(_ name: String) -> JSONValue? {
        guard !isEmpty else { return nil }
        return withBytes { bytes in
            guard let range = Members(bytes: bytes).valueRange(of: name) else { return nil }
            if let inner = Self.plainString(bytes, range) { return .string(String(decoding: inner, as: UTF8.self)) }
            return try? JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[range]), validatedUTF8: true)
        }
    }

    /// The value of member `name` when it is a string.
    func string(_ name: String) -> String? { value(name)?.stringValue }

    /// The value of member `name` when it is a string holding an RFC 3339 timestamp, read from
    /// its bytes.
    func instant(_ name: String) -> Instant? {
        guard !isEmpty else { return nil }
        let plain: Instant?? = withBytes { bytes in
            guard let range = Members(bytes: bytes).valueRange(of: name), let inner = Self.plainString(bytes, range) else { return nil }
            return .some(try? RFC3339.parse(utf8: inner))
        }
        // A string with escapes, or another value: decoded first.
        return plain ?? string(name).flatMap { try? RFC3339.parse($0) }
    }

    /// Calls `body` with the stored canonical text's bytes.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// The bytes between the quotes of a string value with no escapes; `nil` for any other value.
    private static func plainString(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UnsafeBufferPointer<UInt8>? {
        guard bytes[range.lowerBound] == UInt8(ascii: "\"") else { return nil }
        let inner = UnsafeBufferPointer(rebasing: bytes[(range.lowerBound + 1)..<(range.upperBound - 1)])
        return inner.contains(UInt8(ascii: "\\")) ? nil : inner
    }
}

/// A walk over the members of a JSON object without white space (as canonical JSON is),
/// skipping values by their brackets and quotes. It checks the object's shape, not the values'
/// grammar: the log validated them at ingest and its hash chain guards them since.
private struct Members {
    let bytes: UnsafeBufferPointer<UInt8>

    /// Whether the bytes are one object of quoted keys and values, nothing after it.
    var areWellFormed: Bool { walk { _, _ in false } }

    /// Where the value of member `name` lies.
    func valueRange(of name: String) -> Range<Int>? {
        var found: Range<Int>?
        _ = walk { key, value in
            guard keyEquals(key, name) else { return false }
            found = value
            return true
        }
        return found
    }

    /// Calls `visit` with each member's key (inside its quotes) and value until it returns
    /// true; false when the object is malformed.
    private func walk(_ visit: (Range<Int>, Range<Int>) -> Bool) -> Bool {
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "{"), bytes[bytes.count - 1] == UInt8(ascii: "}") else { return false }
        var index = 1
        if bytes.count == 2 { return true }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\""), let keyEnd = stringEnd(after: index),
                  keyEnd + 1 < bytes.count, bytes[keyEnd + 1] == UInt8(ascii: ":"),
                  let valueEnd = valueEnd(from: keyEnd + 2)
            else { return false }
            if visit((index + 1)..<keyEnd, (keyEnd + 2)..<valueEnd) { return true }
            guard valueEnd < bytes.count else { return false }
            switch bytes[valueEnd] {
            case UInt8(ascii: ","): index = valueEnd + 1
            case UInt8(ascii: "}"): return valueEnd == bytes.count - 1
            default: return false
            }
        }
        return false
    }

    /// The index of the quote that closes the string opening at `quote`.
    private func stringEnd(after quote: Int) -> Int? {
        var index = quote + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index
            default: index += 1
            }
        }
        return nil
    }

    /// Just past the value that starts at `start`.
    private func valueEnd(from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return stringEnd(after: start).map { $0 + 1 }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard let end = stringEnd(after: index) else { return nil }
                    index = end
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return nil
        default:
            var index = start
            while index < bytes.count, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "}") { index += 1 }
            return index > start ? index : nil
        }
    }

    /// Whether a key (the bytes inside its quotes) is `name`; an escaped key is decoded first.
    private func keyEquals(_ key: Range<Int>, _ name: String) -> Bool {
        let raw = UnsafeBufferPointer(rebasing: bytes[key])
        guard raw.contains(UInt8(ascii: "\\")) else { return raw.elementsEqual(name.utf8) }
        let quoted = UnsafeBufferPointer(rebasing: bytes[(key.lowerBound - 1)..<(key.upperBound + 1)])
        guard case .string(let decoded) = try? JSONParser.parse(quoted, validatedUTF8: true) else { return false }
        return decoded.utf8.elementsEqual(name.utf8)
    }
}
