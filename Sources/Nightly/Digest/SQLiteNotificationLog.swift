import EventLog
import GRDB

/// The notification log of ``LedgerStore`` in SQLite.
extension SQLiteEventStore {
    package func latestScanID() throws -> Int64? {
        try queue.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM scans") }
    }

    package func digestCandidates(changedAfter horizon: Int64) throws -> [LedgerEntry] {
        try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(SQLiteScanSession.ledgerColumns) FROM findings f WHERE f.state = 'open' OR f.changed_scan > ? ORDER BY f.person, f.id
                """, arguments: [horizon])
                .map(SQLiteScanSession.ledgerEntry)
        }
    }

    package func lastDigests() throws -> [String: (scan: Int64, at: Instant)] {
        try queue.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT recipient, max(scan) AS scan, max(created_at) AS at FROM digests GROUP BY recipient")
            return Dictionary(uniqueKeysWithValues: rows.map {
                ($0["recipient"] as String, (scan: $0["scan"] as Int64, at: Instant(microseconds: $0["at"])))
            })
        }
    }

    package func notices(sentTo recipient: String) throws -> [String: [SentNotice]] {
        try queue.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT n.finding, n.kind, d.created_at FROM notifications n JOIN digests d ON d.id = n.digest WHERE d.recipient = ?
                """, arguments: [recipient])
            var byFinding: [String: [SentNotice]] = [:]
            for row in rows {
                guard let kind = SentNotice.Kind(rawValue: row["kind"]) else { continue }
                let finding: String = row["finding"]
                byFinding[finding, default: []].append(SentNotice(finding: finding, kind: kind, sentAt: Instant(microseconds: row["created_at"])))
            }
            return byFinding
        }
    }

    package func record(_ digest: DeliveredDigest) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO digests (created_at, recipient, message_id, scan) VALUES (?, ?, ?, ?)",
                           arguments: [digest.createdAt.microseconds, digest.recipient, digest.messageID, digest.scan])
            let id = db.lastInsertedRowID
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO notifications (digest, finding, kind) VALUES (?, ?, ?)")
            for notice in digest.notices { try insert.execute(arguments: [id, notice.finding, notice.kind.rawValue]) }
        }
    }
}
