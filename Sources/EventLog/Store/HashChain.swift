import Crypto

/// The log's hash chain: `hash = SHA-256(previous hash ‖ canonical bytes of (seq, recorded_at, event))`.
public enum HashChain {
    /// The "previous hash" of the first event: 32 zero bytes.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// The canonical bytes hashed for one stored event:
    /// `{"event":<canonical event>,"recorded_at":"<UTC>","seq":<n>}`.
    public static func canonicalRecord(seq: Int64, recordedAt: Instant, canonicalEvent: String) -> String {
        "{\"event\":" + canonicalEvent + ",\"recorded_at\":\"" + RFC3339.format(recordedAt, fraction: true)
            + "\",\"seq\":" + String(seq) + "}"
    }

    /// The hash of one event given the previous one.
    public static func hash(previous: [UInt8], seq: Int64, recordedAt: Instant, canonicalEvent: String) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: Array(canonicalRecord(seq: seq, recordedAt: recordedAt, canonicalEvent: canonicalEvent).utf8))
        return Array(hasher.finalize())
    }

    /// Lower-case hex.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
