import Crypto
import Foundation

/// The log's hash chain: `hash = SHA-256(previous hash ‖ record)`, where the record is the
/// UTF-8 of `{"event":<canonical event>,"recorded_at":"<RFC 3339, UTC>","seq":<n>}`.
package enum HashChain {
    /// The "previous hash" of the first event: 32 zero bytes.
    package static let genesis = [UInt8](repeating: 0, count: 32)

    /// The hash of one event given the previous one.
    package static func hash(previous: [UInt8], seq: Int64, recordedAt: Instant, canonicalEvent: String) -> [UInt8] {
        var canonicalEvent = canonicalEvent, records = Records(recordedAt: recordedAt)
        return canonicalEvent.withUTF8 { Array(records.hash(previous: previous, seq: seq, canonicalEvent: $0)) }
    }

    /// Lays out and hashes the records of events recorded at one time, its storage reused from
    /// event to event. A record is laid out in one buffer and hashed in one call (fed to
    /// SHA-256 piece by piece, eight calls an event, the calls' own costs were half of the
    /// hashing), and what it repeats from event to event is made once.
    struct Records {
        let recordedAt: Instant
        /// `,"recorded_at":"<RFC 3339>","seq":`
        private let middle: [UInt8]
        private var record: [UInt8] = []
        private static let head = Array(#"{"event":"#.utf8)

        init(recordedAt: Instant) {
            self.recordedAt = recordedAt
            middle = Array(#","recorded_at":""#.utf8) + Array(RFC3339.format(recordedAt, fraction: true).utf8) + Array(#"","seq":"#.utf8)
        }

        /// The hash of the event at `seq`, from its canonical JSON's UTF-8 bytes.
        mutating func hash(previous: [UInt8], seq: Int64, canonicalEvent: UnsafeBufferPointer<UInt8>) -> SHA256Digest {
            record.removeAll(keepingCapacity: true)
            record.append(contentsOf: previous)
            record.append(contentsOf: Self.head)
            record.append(contentsOf: canonicalEvent)
            record.append(contentsOf: middle)
            if seq < 0 { record.append(UInt8(ascii: "-")) }
            let digits = record.count
            var rest = seq.magnitude
            repeat {
                record.append(UInt8(ascii: "0") + UInt8(rest % 10))
                rest /= 10
            } while rest > 0
            record[digits...].reverse()
            record.append(UInt8(ascii: "}"))
            var hasher = SHA256()
            record.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            return hasher.finalize()
        }
    }

    /// Lower-case hex.
    /// The bytes of lower- or upper-case hex text; `nil` for anything else.
    package static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    package static func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hex($0) }
    }

    /// Lower-case hex, written straight into the string's storage.
    package static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
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

/// Where the hash chain stands: the `seq` the next event takes and the hash it chains to.
package struct ChainPosition: Sendable, Equatable {
    package let nextSeq: Int64
    /// The newest event's hash (``HashChain/genesis`` for an empty log).
    package let previousHash: [UInt8]
}

/// One event's hash, computed before the event is appended (``ChainAhead``), and what it
/// assumed: that the event takes `seq`, at `recordedAt`, after the event whose hash is
/// `previous`. The two hashes are views (`previous`, then the event's own, 32 bytes each) valid
/// only during the call that receives them.
package struct ChainLink {
    let seq: Int64
    let recordedAt: Instant
    let previousAndHash: UnsafeRawBufferPointer

    /// The event's hash.
    var hash: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: previousAndHash[32..<64]) }

    /// Whether the link holds for an event appended at `seq`, at `recordedAt`, after `previous`.
    func follows(seq: Int64, previous: [UInt8], recordedAt: Instant) -> Bool {
        self.seq == seq && self.recordedAt == recordedAt && previous.count == 32 && memcmp(previousAndHash.baseAddress!, previous, 32) == 0
    }
}
