import Foundation
import GRDB

/// A notice a digest sent: which finding, in which section.
public struct SentNotice: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case new, closed, withdrawn, reminder
        case dueSoon = "due-soon"
    }

    public let finding: String
    public let kind: Kind
    public let sentAt: Instant

    public init(finding: String, kind: Kind, sentAt: Instant) {
        self.finding = finding
        self.kind = kind
        self.sentAt = sentAt
    }
}

/// One digest as delivered to one recipient.
public struct DeliveredDigest: Sendable {
    public let recipient: String
    public let messageID: String
    public let createdAt: Instant
    /// The newest scan the digest reported on.
    public let scan: Int64
    public let notices: [(finding: String, kind: SentNotice.Kind)]

    public init(recipient: String, messageID: String, createdAt: Instant, scan: Int64, notices: [(finding: String, kind: SentNotice.Kind)]) {
        self.recipient = recipient
        self.messageID = messageID
        self.createdAt = createdAt
        self.scan = scan
        self.notices = notices
    }
}

/// An actor's traffic into the log.
public struct ActorActivity: Sendable, Equatable {
    public let events: Int
    public let lastRecordedAt: Instant
}

extension SQLiteEventStore {
    /// The newest scan's id, if any scan has run.
    public func latestScanID() throws -> Int64? {
        try queue.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM scans") }
    }

    /// Findings a digest may report: every open one, and those closed or withdrawn by a scan
    /// after `horizon`.
    public func digestCandidates(changedAfter horizon: Int64) throws -> [LedgerEntry] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM findings WHERE state = 'open' OR changed_scan > ? ORDER BY person, id", arguments: [horizon])
                .map(SQLiteScanSession.ledgerEntry)
        }
    }

    /// Per recipient, its last digest: the newest scan it reported on, and when it was made.
    public func lastDigests() throws -> [String: (scan: Int64, at: Instant)] {
        try queue.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT recipient, max(scan) AS scan, max(created_at) AS at FROM digests GROUP BY recipient")
            return Dictionary(uniqueKeysWithValues: rows.map {
                ($0["recipient"] as String, (scan: $0["scan"] as Int64, at: Instant(microseconds: $0["at"])))
            })
        }
    }

    /// What earlier digests sent to `recipient`, by finding.
    public func notices(sentTo recipient: String) throws -> [String: [SentNotice]] {
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

    /// Records a delivered digest and its notices, in one transaction: only after delivery, so a
    /// message that failed is sent again next time (at least once, never lost).
    public func record(_ digest: DeliveredDigest) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO digests (created_at, recipient, message_id, scan) VALUES (?, ?, ?, ?)",
                           arguments: [digest.createdAt.microseconds, digest.recipient, digest.messageID, digest.scan])
            let id = db.lastInsertedRowID
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO notifications (digest, finding, kind) VALUES (?, ?, ?)")
            for notice in digest.notices { try insert.execute(arguments: [id, notice.finding, notice.kind.rawValue]) }
        }
    }

    /// gapwatch's own events (acknowledgements, silences), in log order.
    public func controlEvents() throws -> [RecordedEvent] {
        try queue.read { db in
            let rows = try Row.fetchAll(db, sql: """
                \(EventReads.select) WHERE e.type >= 'x-gapwatch.' AND e.type < 'x-gapwatch/' ORDER BY e.seq
                """)
            return try rows.map(EventReads.decode)
        }
    }

    /// Every actor's traffic into the log.
    public func actorActivity() throws -> [String: ActorActivity] {
        try queue.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT * FROM actor_activity").map {
                ($0["actor"] as String, ActorActivity(events: $0["events"], lastRecordedAt: Instant(microseconds: $0["last_recorded_at"])))
            })
        }
    }
}
