/// One person's stored rows in one blob: what a full read takes from `person_packs` in place
/// of the person's rows (``PersonPacks``).
///
/// Reading a row of the events table costs SQLite's virtual machine a step and eight column
/// calls; a person's pack is one step and one copy, decoded here by a loop over varints. The
/// pack keeps exactly what a read hands on (``StoredRows/Row`` and the text columns) and not
/// the hash, which only `verify` reads.
///
/// Layout: a version byte, then per row, in replay order, seven varints (zigzag deltas of
/// `seq`, `at` and `recorded_at` from the row before; the actor code; the lengths of `id`,
/// `type` and `data`) followed by those three texts.
enum PersonPack {
    static let version: UInt8 = 1

    /// A pack that does not decode (it was damaged).
    struct Damaged: Error {}

    /// The pack of `batch.rows[range]`, leaving out rows recorded after `throughSeq`.
    static func encode(_ batch: StoredRows, range: Range<Int>, throughSeq: Int64 = .max) -> [UInt8] {
        var out: [UInt8] = [version]
        out.reserveCapacity(1 + range.count * 40)
        var previous = (seq: Int64(0), at: Int64(0), recordedAt: Int64(0))
        for index in range {
            let row = batch.rows[index]
            guard row.seq <= throughSeq else { continue }
            let start = Int(row.idStart)
            writeVarint(zigzag(row.seq &- previous.seq), to: &out)
            writeVarint(zigzag(row.at &- previous.at), to: &out)
            writeVarint(zigzag(row.recordedAt &- previous.recordedAt), to: &out)
            writeVarint(zigzag(row.actor), to: &out)
            writeVarint(UInt64(Int(row.idEnd) - start), to: &out)
            writeVarint(UInt64(row.typeEnd - row.idEnd), to: &out)
            writeVarint(UInt64(row.dataEnd - row.typeEnd), to: &out)
            out.append(contentsOf: batch.texts[start..<Int(row.dataEnd)])
            previous = (row.seq, row.at, row.recordedAt)
        }
        return out
    }

    /// Appends the pack's rows recorded at or before `knownAt` to a batch being read. The pack
    /// is copied to `texts` whole, in one go: its rows' texts are where the rows say, and its
    /// varints lie between them, unread.
    static func append(_ pack: UnsafeBufferPointer<UInt8>, knownAt: Int64, to rows: inout [StoredRows.Row], texts: inout [UInt8]) throws {
        guard pack.first == version, let bytes = pack.baseAddress else { throw Damaged() }
        let count = pack.count
        // Pack position `p` is `texts[base + p]`.
        let base = texts.count - 1
        guard base + count <= UInt32.max else { throw Damaged() }
        texts.append(contentsOf: UnsafeBufferPointer(rebasing: pack[1...]))
        var position = 1
        func varint() throws -> UInt64 {
            // Most are one byte: deltas of a few seconds' microseconds are not, lengths are.
            if position < count, bytes[position] < 0x80 {
                position += 1
                return UInt64(bytes[position - 1])
            }
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while position < count, shift < 64 {
                let byte = bytes[position]
                position += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            throw Damaged()
        }
        var previous = (seq: Int64(0), at: Int64(0), recordedAt: Int64(0))
        while position < count {
            let seq = previous.seq &+ unzigzag(try varint())
            let at = previous.at &+ unzigzag(try varint())
            let recordedAt = previous.recordedAt &+ unzigzag(try varint())
            let actor = unzigzag(try varint())
            let (idCount, typeCount, dataCount) = (try varint(), try varint(), try varint())
            guard idCount <= UInt64(count), typeCount <= UInt64(count), dataCount <= UInt64(count) else { throw Damaged() }
            let idStart = position, idEnd = idStart + Int(idCount), typeEnd = idEnd + Int(typeCount), end = typeEnd + Int(dataCount)
            guard end <= count else { throw Damaged() }
            previous = (seq, at, recordedAt)
            position = end
            guard recordedAt <= knownAt else { continue }
            rows.append(StoredRows.Row(
                seq: seq, at: at, recordedAt: recordedAt, actor: actor, idStart: UInt32(base + idStart),
                idEnd: UInt32(base + idEnd), typeEnd: UInt32(base + typeEnd), dataEnd: UInt32(base + end)))
        }
    }

    private static func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }

    private static func unzigzag(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }

    private static func writeVarint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }
}
