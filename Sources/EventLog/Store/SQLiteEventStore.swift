import Foundation
import GRDB
import SQLiteThreading

/// The event log in one SQLite file (WAL mode), through GRDB.
///
/// The database itself refuses UPDATE and DELETE (triggers); unique indexes guard `seq` and
/// `id`. The one writer holding the write lock appends in `seq` order with non-decreasing
/// `recorded_at`, and `verify` checks both along the hash chain. Two processes on one store
/// wait for each other (busy timeout) instead of failing. New store files are created with
/// mode 0600.
public final class SQLiteEventStore: EventStore {
    /// Path of the database file.
    public let path: String
    let queue: DatabaseQueue

    /// SQLite's multi-thread mode, set once, before the process's first connection. GRDB uses
    /// each connection on one thread at a time, so SQLite's serialized mode (the default of
    /// Debian's build), which takes a lock in every call, locks for nothing: 11 calls an event
    /// in an ingest, and 6% of the writing thread's time. Memory statistics, which take a lock
    /// in every allocation, are off too. Ingesting 10M events into 10M took 39.5 and 38.3 s
    /// against 42.2 and 40.3 s.
    private static let multiThreadMode: Void = { _ = gapwatch_sqlite_use_multithread_mode() }()

    /// How long a process waits for another one's write lock before giving up.
    public static let busyTimeout: TimeInterval = 600

    /// Opens the store at `path`; with `create`, makes a new one (mode 0600) if there is none.
    /// A store made by an earlier gapwatch is brought up to this one's schema first, and
    /// `onUpgrade` is told so beforehand.
    public init(path: String, create: Bool, onUpgrade: (String) -> Void = { _ in }) throws {
        _ = Self.multiThreadMode
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            guard create else { throw StoreError.notFound(path: path) }
            try Self.createPrivateFile(at: path)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "gapwatch.events"
        configuration.prepareDatabase { db in
            // For a new store only (SQLite keeps an existing file's page size): SQLite's largest
            // pages make the B-trees shallower, a long ingest's WAL shorter to search and a
            // page split rarer. At 10M events into 10M, SQLite's own inserts (`bench/sqlite-floor`)
            // took 41 s with 64 KiB pages, 47 s with 16 KiB; 16 KiB had been 1.5× faster than 4 KiB.
            // With the table in log order (v9) gapwatch's ingest took 41.9 s against 45.9 s.
            try db.execute(sql: "PRAGMA page_size = 65536")
            // WAL, so that readers and one writer do not wait for each other. Set here rather
            // than by GRDB's `journalMode = .wal`, which also writes a table into the store (and
            // drops it) whenever the WAL file is missing, as it is after every clean close: a
            // read-only command would write, sync and checkpoint the store at each start.
            guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                throw DatabaseError(message: "could not switch the store to WAL mode")
            }
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // An ingest is one transaction: with SQLite's default 2 MB cache it would spill
            // dirty pages to the WAL again and again. 64 MiB keeps the hot index pages.
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        queue = try Self.retryingWhileBusy(path: path) {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try Migrations.migrate(queue, path: path, announce: onUpgrade)
            return queue
        }
    }

    /// Opening a store that another process is creating or migrating can meet SQLITE_BUSY
    /// where SQLite does not wait by itself (switching to WAL, upgrading a read to a write):
    /// wait and try again, up to the busy timeout.
    private static func retryingWhileBusy<T>(path: String, _ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(busyTimeout)
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && Date() < deadline {
                usleep(50_000)
            } catch let error as DatabaseError {
                throw StoreError.cannotOpen(path: path, reason: error.message ?? "SQLite error \(error.resultCode)")
            } catch let error as StoreError {
                throw error
            }
        }
    }

    /// Creates an empty file readable and writable by its owner only; SQLite gives its WAL and
    /// shared-memory files the same mode.
    private static func createPrivateFile(at path: String) throws {
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        if fd < 0 {
            if errno == EEXIST { return }
            throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        close(fd)
    }

    public func head() throws -> LogHead {
        try queue.read { db in try EventReads.head(db) }
    }

    public func withAppendSession<T>(_ body: (any AppendSession) throws -> (commit: Bool, result: T)) throws -> T {
        try queue.writeWithoutTransaction { db in
            var result: T?
            // An ingest is one transaction: with a small cache its dirty pages would spill to the
            // WAL again and again. 384 MiB while it holds the write lock, 64 MiB otherwise; the
            // ingest's other buffers take under 64 MiB, so it peaks below 512 MiB. (10M events
            // into the 11M store: 400 MiB took 73.1 s against 77.2 s with 256 MiB, median of 3;
            // with the table in log order, 42.3 and 42.5 s against 43.2 and 44.5 s.)
            try db.execute(sql: "PRAGMA cache_size = -393216")
            defer { try? db.execute(sql: "PRAGMA cache_size = -65536") }
            try db.inTransaction(.immediate) {
                let session = try SQLiteAppendSession(db: db)
                let outcome = try body(session)
                result = outcome.result
                guard outcome.commit else { return .rollback }
                try session.recordActorActivity()
                return .commit
            }
            return result!
        }
    }

    public func events(ofPerson person: String, knownAt: Instant?) throws -> [RecordedEvent] {
        try queue.read { db in try EventReads.events(db, person: person, knownAt: knownAt) }
    }

    public func forEachPerson(knownAt: Instant?, _ body: (String, [RecordedEvent]) throws -> Void) throws {
        try queue.read { db in try EventReads.forEachPerson(db, knownAt: knownAt, body) }
    }

    /// Streams the population in batches of whole persons, undecoded (see ``StoredPerson``), so
    /// that a caller can decode and evaluate a batch on several cores. `eventsPerBatch` is for
    /// tests; by default, ``EventReads/eventsPerBatch``.
    public func forEachBatch(knownAt: Instant?, eventsPerBatch: Int? = nil, _ body: ([StoredPerson]) throws -> Void) throws {
        try queue.read { db in
            // Every page is read once, in order: a small cache reuses a few buffers where the
            // usual 64 MiB would fault fresh memory in for each page read, then free it at the
            // end (1.1M events: 28k page faults against 13–19k, 15–30 ms of the 270).
            try db.execute(sql: "PRAGMA cache_size = -2048")
            defer { try? db.execute(sql: "PRAGMA cache_size = -65536") }
            try EventReads.forEachBatch(db, knownAt: knownAt, eventsPerBatch: eventsPerBatch ?? EventReads.eventsPerBatch, body)
        }
    }

    public func persons(recordedAfter seq: Int64) throws -> [String] {
        try queue.read { db in try EventReads.persons(db, recordedAfter: seq) }
    }

    public func actorRegistrations(knownAt: Instant?) throws -> [RecordedEvent] {
        try queue.read { db in
            try EventReads.globalEvents(db, knownAt: knownAt).filter { $0.event.type == EventType.actorRegistered }
        }
    }

    public func verify() throws -> VerifyResult {
        try queue.read { db in
            let chain = try ChainVerifier.verify(db)
            guard case .ok = chain else { return chain }
            return try PersonPacks.check(db) ?? chain
        }
    }

}

/// An append session inside one IMMEDIATE transaction.
final class SQLiteAppendSession: AppendSession {
    private let db: Database
    private var nextSeq: Int64
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
    }

    func latestRecordedAt() throws -> Instant? { latest }

    func storedEvent(id: String) throws -> RecordedEvent? {
        let statement = try db.cachedStatement(sql: "\(EventReads.select) WHERE e.id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
        return try EventReads.decode(row)
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

extension Instant {
    /// Later than any event's time; used as "everything known".
    public static let distantFuture = Instant(microseconds: Int64.max)
}
