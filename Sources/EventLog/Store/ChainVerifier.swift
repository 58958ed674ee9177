import GRDB
import GRDBSQLite

/// `verify`: walks the log in `seq` order, recomputes every row's hash from its columns and
/// the previous row's hash, and names the first row that does not match.
///
/// It reads every row of the log, so it steps SQLite's C interface, formats each ingest's
/// `recorded_at` once, and checks a row's `data` by parsing and re-serialising that column
/// alone.
enum ChainVerifier {
    static func verify(_ db: Database) throws -> VerifyResult {
        let statement = try db.makeStatement(sql: "SELECT seq, at, recorded_at, id, type, person, actor, data, hash FROM events ORDER BY seq")
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        var previous = HashChain.genesis
        var expectedSeq: Int64 = 1
        var lastRecordedAt = Int64.min
        var stamp: (recordedAt: Int64, text: String)?
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
            }
            let seq = sqlite3_column_int64(handle, 0)
            guard seq == expectedSeq else { return .broken(seq: expectedSeq, reason: "missing from the log") }
            let recordedAt = sqlite3_column_int64(handle, 2)
            if stamp?.recordedAt != recordedAt { stamp = (recordedAt, RFC3339.format(Instant(microseconds: recordedAt), fraction: true)) }
            let person = text(handle, 5)
            let data = sqlite3_column_type(handle, 7) == SQLITE_NULL ? nil : text(handle, 7)
            let body = CareEvent.canonicalJSON(
                actor: text(handle, 6), at: Instant(microseconds: sqlite3_column_int64(handle, 1)), data: data,
                id: text(handle, 3), person: person.isEmpty ? nil : person, type: text(handle, 4))
            let computed = HashChain.hash(previous: previous, seq: seq, recordedAtText: stamp!.text, canonicalEvent: body)
            guard hash(handle, 8).elementsEqual(computed) else { return .broken(seq: seq, reason: "hash does not match the chain") }
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

    private static func text(_ handle: OpaquePointer, _ column: Int32) -> String {
        guard let start = sqlite3_column_text(handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    private static func hash(_ handle: OpaquePointer, _ column: Int32) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: sqlite3_column_blob(handle, column), count: Int(sqlite3_column_bytes(handle, column)))
    }
}
