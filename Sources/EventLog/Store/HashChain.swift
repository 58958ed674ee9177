import Crypto

/// The log's hash chain: `hash = SHA-256(previous hash ‖ record)`, where the record is the
/// UTF-8 of `{"event":<canonical event>,"recorded_at":"<RFC 3339, UTC>","seq":<n>}`.
public enum HashChain {
    /// The "previous hash" of the first event: 32 zero bytes.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// The hash of one event given the previous one.
    public static func hash(previous: [UInt8], seq: Int64, recordedAt: Instant, canonicalEvent: String) -> [UInt8] {
        hash(previous: previous, seq: seq, recordedAtText: RFC3339.format(recordedAt, fraction: true), canonicalEvent: canonicalEvent)
    }

    /// The same hash, with `recorded_at` already formatted (an ingest stamps every event with
    /// one time) and the record fed to SHA-256 piece by piece rather than built as a string.
    static func hash(previous: [UInt8], seq: Int64, recordedAtText: String, canonicalEvent: String) -> [UInt8] {
        var canonicalEvent = canonicalEvent
        return canonicalEvent.withUTF8 { Array(hash(previous: previous, seq: seq, recordedAtText: recordedAtText, canonicalEvent: $0)) }
    }

    /// The same hash from the canonical event's UTF-8 bytes, as a digest (no allocation).
    static func hash(previous: [UInt8], seq: Int64, recordedAtText: String, canonicalEvent: UnsafeBufferPointer<UInt8>) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(data: previous)
        update(&hasher, "{\"event\":")
        hasher.update(bufferPointer: UnsafeRawBufferPointer(canonicalEvent))
        update(&hasher, ",\"recorded_at\":\"")
        update(&hasher, recordedAtText)
        update(&hasher, "\",\"seq\":")
        update(&hasher, String(seq))
        update(&hasher, "}")
        return hasher.finalize()
    }

    private static func update(_ hasher: inout SHA256, _ text: String) {
        var text = text
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    /// Lower-case hex.
    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hex($0) }
    }

    /// Lower-case hex, written straight into the string's storage.
    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        func digit(_ value: UInt8) -> UInt8 { value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10 }
        return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for index in bytes.indices {
                out[2 * index] = digit(bytes[index] >> 4)
                out[2 * index + 1] = digit(bytes[index] & 0x0F)
            }
            return bytes.count * 2
        }
    }
}
