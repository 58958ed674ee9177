import Foundation
import GRDB

/// The heads that ingests and scans ended at (the `heads` table), and the checks that the log
/// and the access log still reach them. A hash chain cannot see its own tail cut off; a head
/// kept elsewhere can. These are kept in the store itself, so they catch a tail cut off by
/// someone who did not also edit this table; a head kept outside the store (`verify
/// --expect-head`, a signed ``Checkpoint``) catches that too.
package enum Anchors {
    /// Who noted a head.
    package enum Source: String, Sendable {
        case ingest, scan
        /// A read written to the access log.
        case read
    }

    /// Notes where the log and the access log end now, inside the caller's transaction.
    package static func record(_ db: Database, source: Source, at: Instant) throws {
        let log = try EventReads.head(db)
        let access = try AccessLogChain.head(db)
        try db.execute(sql: "INSERT INTO heads (seq, hash, access_count, access_hash, noted_at, source) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [log.count, Data(HashChain.bytes(hex: log.hash) ?? HashChain.genesis), access.count, Data(access.hash), at.microseconds, source.rawValue])
    }

    /// The first recorded head that the log or the access log no longer reaches, as a verify result.
    static func check(_ db: Database) throws -> VerifyResult? {
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, hash, access_count, access_hash, noted_at, source FROM heads ORDER BY id")
        while let row = try rows.next() {
            let seq: Int64 = row["seq"], hash: Data = row["hash"]
            let accessCount: Int64 = row["access_count"], accessHash: Data = row["access_hash"]
            let noted = "the \(row["source"] as String) of \(RFC3339.format(Instant(microseconds: row["noted_at"]), fraction: false))"
            if let problem = try reaches(db, seq: seq, hash: Array(hash)) {
                return .broken(seq: seq, reason: "\(problem), where \(noted) ended")
            }
            if let problem = try accessLogReaches(db, count: accessCount, hash: Array(accessHash)) {
                return .brokenAccessLog(entry: accessCount, reason: "\(problem), where \(noted) ended")
            }
        }
        return nil
    }

    /// Why the access log does not reach the head (`count` entries, the last with `hash`), or
    /// `nil` if it does. Entries are numbered from 1 in `id` order and nothing is ever deleted,
    /// so the `count`th is the one with that `id` (a gap is the chain's to report).
    static func accessLogReaches(_ db: Database, count: Int64, hash: [UInt8]) throws -> String? {
        guard count > 0 else { return nil }
        guard let stored = try Data.fetchOne(db, sql: "SELECT hash FROM access_log WHERE id = ?", arguments: [count]) else {
            return "missing from the access log (its end was cut off)"
        }
        return Array(stored) == hash ? nil : "not the entry the chain had there"
    }

    /// Why the log does not reach the head (`seq`, `hash`), or `nil` if it does.
    package static func reaches(_ db: Database, seq: Int64, hash: [UInt8]) throws -> String? {
        guard seq > 0 else { return nil }
        guard let stored = try Data.fetchOne(db, sql: "SELECT hash FROM events WHERE seq = ?", arguments: [seq]) else {
            return "missing from the log (its end was cut off)"
        }
        return Array(stored) == hash ? nil : "not the event the chain had there"
    }
}
