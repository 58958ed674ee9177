import Foundation
import GRDB

/// An append session inside one IMMEDIATE transaction.
final class SQLiteAppendSession: AppendSession {
    private let db: Database
    private var nextSeq: Int64
    /// The `seq` this session's first event gets.
    private let firstSeq: Int64
    private var previousHash: [UInt8]
    private var latest: Instant?
    /// The hash chain's records at the last `recorded_at` (an ingest stamps all its events with one time).
    private var records: HashChain.Records?
    private let insert: EventInsert
    /// Per actor: events appended in this session (as the ingester counts them), and the latest recorded_at.
    private var activity: [String: (events: Int, lastRecordedAt: Int64)] = [:]
    /// Every actor's code, as stored and as given in this session.
    private var actorCodes: [String: Int64]

    init(db: Database) throws {
        self.db = db
        insert = try EventInsert(db)
        actorCodes = try ActorCodes.codes(db)
        if let row = try Row.fetchOne(db, sql: "SELECT seq, hash, recorded_at FROM events ORDER BY seq DESC LIMIT 1") {
            let seq: Int64 = row["seq"]
            let hash: Data = row["hash"]
            nextSeq = seq + 1
            previousHash = Array(hash)
            latest = Instant(microseconds: row["recorded_at"])
        } else {
            nextSeq = 1
            previousHash = HashChain.genesis
        }
        firstSeq = nextSeq
    }

    /// Whether this session appended an event.
    var appendedAny: Bool { nextSeq > firstSeq }

    /// The `recorded_at` of the newest event (this session's, once it appended one).
    var lastRecordedAt: Instant { latest ?? Instant(microseconds: 0) }

    func latestRecordedAt() throws -> Instant? { latest }

    func storedEvent(id: String) throws -> RecordedEvent? {
        let statement = try db.cachedStatement(sql: "\(EventReads.select) WHERE e.id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        return try EventReads.decode(row)
    }

    func keep(_ keys: [ExternalKey]) throws {
        let latest = try ExternalKeys.latest(db, keys: keys.map(\.key))
        for key in keys where latest[key.key] != key {
            try db.execute(sql: "INSERT OR IGNORE INTO external_keys (key, seq, kind, value) VALUES (?, ?, ?, ?)",
                           arguments: [key.key, nextSeq - 1, key.kind.rawValue, key.value])
        }
    }

    func chainPosition() -> ChainPosition { ChainPosition(nextSeq: nextSeq, previousHash: previousHash) }

    func append(_ event: EventColumns, recordedAt: Instant, hashedAhead: ChainLink?) throws -> Bool {
        if let latest, recordedAt < latest { throw StoreError.recordedAtDecreases(latest: latest, given: recordedAt) }
        if let link = hashedAhead, link.follows(seq: nextSeq, previous: previousHash, recordedAt: recordedAt) {
            return try insert(event, recordedAt: recordedAt, hash: link.hash)
        }
        if records?.recordedAt != recordedAt { records = HashChain.Records(recordedAt: recordedAt) }
        let hash = records!.hash(previous: previousHash, seq: nextSeq, canonicalEvent: event.json)
        return try hash.withUnsafeBytes { hash in try insert(event, recordedAt: recordedAt, hash: hash) }
    }

    /// Inserts the event at the next `seq` with its hash; `false` if its id is already stored.
    private func insert(_ event: EventColumns, recordedAt: Instant, hash: UnsafeRawBufferPointer) throws -> Bool {
        guard try insert.run(event, seq: nextSeq, recordedAt: recordedAt.microseconds, hash: hash) else { return false }
        previousHash.withUnsafeMutableBytes { $0.copyMemory(from: hash) }
        latest = recordedAt
        nextSeq += 1
        return true
    }

    func actorCode(_ actor: String) throws -> Int64 {
        if let code = actorCodes[actor] { return code }
        let code = try ActorCodes.add(actor, db)
        actorCodes[actor] = code
        return code
    }

    func recordActivity(actor: String, events: Int, recordedAt: Instant) {
        activity[actor, default: (0, 0)].events += events
        activity[actor]!.lastRecordedAt = recordedAt.microseconds
    }

    /// Adds this session's events to each actor's activity (for "no data" warnings).
    func recordActorActivity() throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO actor_activity (actor, events, last_recorded_at) VALUES (?, ?, ?)
            ON CONFLICT (actor) DO UPDATE SET events = events + excluded.events,
                last_recorded_at = max(last_recorded_at, excluded.last_recorded_at)
            """)
        for (actor, seen) in activity { try statement.execute(arguments: [actor, seen.events, seen.lastRecordedAt]) }
    }
}
