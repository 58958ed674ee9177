import Foundation
import GRDB
import GRDBSQLite

/// The log's one INSERT, bound and stepped through SQLite's C interface: an ingest runs it
/// for every event, and GRDB's general argument binding (an array of boxed values per row)
/// cost more than SQLite's own work here.
struct EventInsert {
    private let db: Database
    private let statement: Statement

    init(_ db: Database) throws {
        self.db = db
        statement = try db.cachedStatement(
            sql: "INSERT INTO events (person, at, seq, id, type, recorded_at, actor, data, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
    }

    /// Inserts one row; `false` when an event with this `id` is already stored.
    ///
    /// The columns' bytes are bound where they lie (`SQLITE_STATIC`, a `nil` destructor): they
    /// outlive the step, and every parameter is bound anew before the next one.
    func run(_ event: EventColumns, seq: Int64, recordedAt: Int64, hash: UnsafeRawBufferPointer) throws -> Bool {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        bind(event.person, at: 1)
        sqlite3_bind_int64(handle, 2, event.at)
        sqlite3_bind_int64(handle, 3, seq)
        bind(event.id, at: 4)
        bind(event.type, at: 5)
        sqlite3_bind_int64(handle, 6, recordedAt)
        sqlite3_bind_int64(handle, 7, event.actorCode)
        if let data = event.data { bind(data, at: 8) } else { sqlite3_bind_null(handle, 8) }
        sqlite3_bind_blob(handle, 9, hash.baseAddress, Int32(hash.count), nil)
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return true }
        let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
        let extended = ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection))
        if extended == .SQLITE_CONSTRAINT_UNIQUE, message.contains("events.id") { return false }
        throw DatabaseError(resultCode: extended, message: message, sql: statement.sql)
    }

    private func bind(_ text: UnsafeBufferPointer<UInt8>, at index: Int32) {
        let handle = statement.sqliteStatement
        guard let start = text.baseAddress, !text.isEmpty else {
            // No address would bind NULL: an empty text is bound as "".
            _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
            return
        }
        _ = start.withMemoryRebound(to: CChar.self, capacity: text.count) {
            sqlite3_bind_text(handle, index, $0, Int32(text.count), nil)
        }
    }

    /// SQLite copies what is bound with this destructor (`nil`, SQLITE_STATIC, leaves it where it is).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
