import Foundation
import GRDB
import GRDBSQLite
import SQLiteThreading

/// The event log in one SQLite file (WAL mode), through GRDB.
///
/// The database itself refuses UPDATE and DELETE (triggers); unique indexes guard `seq` and
/// `id`. The one writer holding the write lock appends in `seq` order with non-decreasing
/// `recorded_at`, and `verify` checks both along the hash chain. Two processes on one store
/// wait for each other (busy timeout) instead of failing. New store files are created with
/// mode 0600.
package final class SQLiteEventStore: EventStore {
    /// Path of the database file.
    package let path: String
    package let queue: DatabaseQueue

    /// SQLite's multi-thread mode, set once, before the process's first connection. GRDB uses
    /// each connection on one thread at a time, so SQLite's serialized mode (the default of
    /// Debian's build), which takes a lock in every call, locks for nothing: 11 calls an event
    /// in an ingest. Memory statistics, which take a lock in every allocation, are off too
    /// (figures in docs/performance-notes.md). File names may be `file:` URIs, which a store on
    /// a read-only file system is opened by.
    private static let configured: Void = { _ = gapwatch_sqlite_configure() }()

    /// How long a process waits for another one's write lock before giving up.
    package static let busyTimeout: TimeInterval = 600

    /// Opens the store at `path`; with `create`, makes a new one (mode 0600) if there is none.
    /// A store made by an earlier gapwatch is brought up to this one's schema first, and
    /// `onUpgrade` is told so beforehand.
    package init(path: String, create: Bool, onUpgrade: (String) -> Void = { _ in }) throws {
        _ = Self.configured
        self.path = path
        let configuration = Self.configuration(path: path)
        var status = stat()
        if lstat(path, &status) != 0 {
            guard create else { throw StoreError.notFound(path: path) }
            try Self.createStore(at: path, configuration: configuration)
        }
        try Self.requireSQLiteFile(at: path)
        let readOnly = Self.isOnReadOnlyFileSystem(path)
        queue = try Self.retryingWhileBusy(path: path) {
            let queue = readOnly
                ? try DatabaseQueue(path: Self.immutableURI(path), configuration: Self.readOnlyConfiguration(path: path))
                : try DatabaseQueue(path: path, configuration: configuration)
            try Migrations.migrate(queue, path: path, announce: onUpgrade)
            return queue
        }
    }

    /// Whether `path` lies on a file system mounted read-only (a snapshot, an inspector's copy).
    private static func isOnReadOnlyFileSystem(_ path: String) -> Bool {
        var info = statvfs()
        return statvfs(path, &info) == 0 && info.f_flag & UInt(ST_RDONLY) != 0
    }

    /// A WAL store on a read-only file system cannot be opened as usual (SQLite would make its
    /// shared-memory file beside it); nothing can change it there, so it is opened immutable:
    /// read without locks.
    private static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    private static func readOnlyConfiguration(path: String) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "gapwatch.events"
        configuration.prepareDatabase { db in
            if try Int.fetchOne(db, sql: "PRAGMA user_version") == 0 { throw StoreError.notAStore(path: path) }
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            try CachePolicy.standard.apply(to: db)
        }
        return configuration
    }

    /// How every connection to the store at `path` is set up.
    private static func configuration(path: String) -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "gapwatch.events"
        configuration.prepareDatabase { db in
            // Another application's database (tables, no schema version of ours) is left as it is,
            // before the switch to WAL below would change its file.
            if try Int.fetchOne(db, sql: "PRAGMA user_version") == 0,
               try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master)") == true {
                throw StoreError.notAStore(path: path)
            }
            // For a new store only (SQLite keeps an existing file's page size): SQLite's largest
            // pages make the B-trees shallower, a long ingest's WAL shorter to search and a
            // page split rarer (measured in docs/performance-notes.md).
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
            try CachePolicy.standard.apply(to: db)
        }
        return configuration
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

    /// Makes a new store at `path`: complete, with its schema, in a file of mode 0600 made beside
    /// it, then linked into place, so that no process ever opens a store half made, and an empty
    /// file at `path` is never one gapwatch made. Another process that made the store first wins.
    private static func createStore(at path: String, configuration: Configuration) throws {
        let draft: PrivateFile
        do { draft = try PrivateFile(path: path, replacing: false) } catch { throw StoreError.cannotOpen(path: path, reason: error.description) }
        defer { draft.discard() }
        try retryingWhileBusy(path: path) {
            let queue = try DatabaseQueue(path: draft.temporaryPath, configuration: configuration)
            try Migrations.migrate(queue, path: path)
            try queue.close()
        }
        do {
            try draft.commit()
        } catch .exists {
            return
        } catch {
            throw StoreError.cannotOpen(path: path, reason: error.description)
        }
    }

    /// Refuses a file that is not an SQLite database (an empty file among them) rather than
    /// making a store of it, which would keep the file's old mode and write into another's file.
    private static func requireSQLiteFile(at path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw StoreError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 16)
        let count = read(fd, &header, 16)
        guard count == 16, header == Array("SQLite format 3\u{0}".utf8) else {
            throw StoreError.notAStore(path: path)
        }
    }

    /// Whether the store's file can only be read (its mode, a read-only file system): SQLite
    /// then opens it for reading and refuses the first write.
    package func isReadOnly() throws -> Bool {
        try queue.read { db in sqlite3_db_readonly(db.sqliteConnection, "main") == 1 }
    }

    package func head() throws -> LogHead {
        try queue.read { db in try EventReads.head(db) }
    }

    package func withAppendSession<T>(_ body: (any AppendSession) throws -> (commit: Bool, result: T)) throws -> T {
        try queue.writeWithoutTransaction { db in
            var result: T?
            try CachePolicy.ingest.during(db) {
                try db.inTransaction(.immediate) {
                    let session = try SQLiteAppendSession(db: db)
                    let outcome = try body(session)
                    result = outcome.result
                    guard outcome.commit else { return .rollback }
                    try session.recordActorActivity()
                    if session.appendedAny { try Anchors.record(db, source: .ingest, at: session.lastRecordedAt) }
                    return .commit
                }
            }
            return result!
        }
    }

    package func storedEvent(id: String) throws -> RecordedEvent? {
        try queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "\(EventReads.select) WHERE e.id = ?", arguments: [id]) else { return nil }
            return try EventReads.decode(row)
        }
    }

    package func storedEvents(ids: [String]) throws -> [String: RecordedEvent] {
        try queue.read { db in
            var found: [String: RecordedEvent] = [:]
            for start in stride(from: 0, to: ids.count, by: 500) {
                let slice = Array(ids[start..<min(start + 500, ids.count)])
                let rows = try Row.fetchAll(db, sql: "\(EventReads.select) WHERE e.id IN (\(slice.map { _ in "?" }.joined(separator: ",")))",
                                            arguments: StatementArguments(slice))
                for row in rows {
                    let event = try EventReads.decode(row)
                    found[event.event.id] = event
                }
            }
            return found
        }
    }

    package func hasEvents(idPrefix: String) throws -> Bool {
        // The id index answers a range: every id with the prefix sorts between it and the prefix with its last byte raised.
        guard let last = idPrefix.unicodeScalars.last, let raised = Unicode.Scalar(last.value + 1) else { return true }
        let upper = String(idPrefix.unicodeScalars.dropLast()) + String(raised)
        return try queue.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM events WHERE id >= ? AND id < ?)", arguments: [idPrefix, upper]) ?? false
        }
    }

    package func externalKeys(_ keys: [String]) throws -> [String: ExternalKey] {
        try queue.read { db in try ExternalKeys.latest(db, keys: keys) }
    }

    package func events(ofPerson person: String, knownAt: Instant?) throws -> [RecordedEvent] {
        try queue.read { db in try EventReads.events(db, person: person, knownAt: knownAt) }
    }

    package func forEachPerson(knownAt: Instant?, _ body: (String, [RecordedEvent]) throws -> Void) throws {
        try queue.read { db in try EventReads.forEachPerson(db, knownAt: knownAt, body) }
    }

    /// Streams the population in batches of whole persons, undecoded (see ``StoredPerson``), so
    /// that a caller can decode and evaluate a batch on several cores. `eventsPerBatch` is for
    /// tests; by default, ``EventReads/eventsPerBatch``.
    package func forEachBatch(knownAt: Instant?, eventsPerBatch: Int?, _ body: ([StoredPerson]) throws -> Void) throws {
        try queue.read { db in
            try CachePolicy.streamingRead.during(db) {
                try EventReads.forEachBatch(db, knownAt: knownAt, eventsPerBatch: eventsPerBatch ?? EventReads.eventsPerBatch, body)
            }
        }
    }

    package func persons(recordedAfter seq: Int64) throws -> [String] {
        try queue.read { db in try EventReads.persons(db, recordedAfter: seq) }
    }

    package func actorRegistrations(knownAt: Instant?) throws -> [RecordedEvent] {
        try queue.read { db in
            try EventReads.globalEvents(db, knownAt: knownAt).filter { $0.event.type == EventType.actorRegistered }
        }
    }

    package func verify() throws -> VerifyResult {
        try queue.read { db in
            let chain = try ChainVerifier.verify(db)
            guard case .ok = chain else { return chain }
            if let broken = try AccessLogChain.verify(db) ?? Anchors.check(db) { return broken }
            return try PersonPacks.check(db) ?? chain
        }
    }

    /// Where the log and the access log end now, as a checkpoint to sign.
    package func checkpoint(made: Instant) throws -> Checkpoint {
        try queue.read { db in try Checkpoint.current(db, made: made) }
    }

    /// Whether the log and the access log still reach `checkpoint` (and the log `expectedHead`,
    /// a `seq` and its hash kept elsewhere): `nil`, or what is broken.
    package func check(reaching checkpoint: Checkpoint?, expectedHead: (seq: Int64, hash: [UInt8])?) throws -> VerifyResult? {
        try queue.read { db in
            if let expectedHead, let problem = try Anchors.reaches(db, seq: expectedHead.seq, hash: expectedHead.hash) {
                return .broken(seq: expectedHead.seq, reason: "\(problem), where --expect-head says the log reached")
            }
            return try checkpoint?.check(db)
        }
    }

    /// gapwatch's own events (acknowledgements, silences), in log order.
    package func controlEvents() throws -> [RecordedEvent] {
        try queue.read { db in
            let rows = try Row.fetchAll(db, sql: """
                \(EventReads.select) WHERE e.type >= 'x-gapwatch.' AND e.type < 'x-gapwatch/' ORDER BY e.seq
                """)
            return try rows.map(EventReads.decode)
        }
    }

    /// Every actor's traffic into the log.
    package func actorActivity() throws -> [String: ActorActivity] {
        try queue.read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT * FROM actor_activity").map {
                ($0["actor"] as String, ActorActivity(events: $0["events"], lastRecordedAt: Instant(microseconds: $0["last_recorded_at"])))
            })
        }
    }
}
