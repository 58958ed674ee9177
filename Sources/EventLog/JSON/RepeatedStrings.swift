/// Strings that recur while decoding (one person's actors), kept by their bytes so that each
/// recurrence shares one `String` instead of allocating and copying another.
///
/// A short list searched from the front: a person deals with a handful of actors. When it is
/// full, further values are made as usual.
struct RepeatedStrings {
    private var entries: [(bytes: [UInt8], string: String)] = []
    private static let capacity = 16

    /// The string of these UTF-8 bytes (already known to be valid).
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        for entry in entries where entry.bytes.hasSameBytes(as: bytes) {
            return entry.string
        }
        let string = String(decoding: bytes, as: UTF8.self)
        if entries.count < Self.capacity { entries.append((Array(bytes), string)) }
        return string
    }
}
