import GRDB

/// `verify`: walks the log in `seq` order, recomputes every row's hash from its columns and
/// the previous row's hash, and names the first row that does not match.
///
/// It reads every row of the log, so it steps SQLite's C interface, formats each ingest's
/// `recorded_at` once, and checks a row's `data` by parsing and re-serialising that column
/// alone.
enum ChainVerifier {
    static func verify(_ db: Database) throws -> VerifyResult {
        let statement = try db.makeStatement(sql: """
            SELECT e.seq, e.at, e.recorded_at, e.id, e.type, e.person, a.name, e.data, e.hash
            FROM events e LEFT JOIN actors a ON a.code = e.actor ORDER BY e.seq
            """)
        defer { statement.rewind() }
        var previous = HashChain.genesis
        var expectedSeq: Int64 = 1
        var lastRecordedAt = Int64.min
        var records: HashChain.Records?
        func text(_ column: Int32) -> String { String(decoding: statement.columnBytes(column), as: UTF8.self) }
        while try statement.stepRow() {
            let seq = statement.columnInt64(0)
            guard seq == expectedSeq else { return .broken(seq: expectedSeq, reason: "missing from the log") }
            let recordedAt = statement.columnInt64(2)
            if records?.recordedAt.microseconds != recordedAt { records = HashChain.Records(recordedAt: Instant(microseconds: recordedAt)) }
            guard !statement.columnIsNull(6) else { return .broken(seq: seq, reason: "its actor code names no actor") }
            let person = text(5)
            let data = statement.columnIsNull(7) ? nil : text(7)
            var body = CareEvent.canonicalJSON(
                actor: text(6), at: Instant(microseconds: statement.columnInt64(1)), data: data,
                id: text(3), person: person.isEmpty ? nil : person, type: text(4))
            let computed = body.withUTF8 {
                Array(records!.hash(previous: previous, seq: seq, canonicalEvent: $0))
            }
            guard statement.columnBytes(8).elementsEqual(computed) else { return .broken(seq: seq, reason: "hash does not match the chain") }
            guard recordedAt >= lastRecordedAt else { return .broken(seq: seq, reason: "recorded_at goes back in time") }
            guard data.map(isCanonicalData) ?? true else { return .broken(seq: seq, reason: "row does not match its stored event") }
            previous = computed
            lastRecordedAt = recordedAt
            expectedSeq += 1
        }
        return .ok(try EventReads.head(db))
    }

    /// Whether a `data` column holds what ingest stores there: the canonical JSON of a
    /// non-empty object.
    private static func isCanonicalData(_ data: String) -> Bool {
        guard case .object(let members)? = try? JSONParser.parse(data), !members.isEmpty else { return false }
        return CanonicalJSON.string(.object(members)) == data
    }
}
