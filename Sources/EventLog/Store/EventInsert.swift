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
    func run(person: String, at: Int64, seq: Int64, id: String, type: String, recordedAt: Int64, actor: String, data: String?,
             hash: [UInt8]) throws -> Bool {
        let handle = statement.sqliteStatement
        // Every parameter is bound anew below; a reset is all the next row needs.
        defer { sqlite3_reset(handle) }
        bind(person, at: 1)
        sqlite3_bind_int64(handle, 2, at)
        sqlite3_bind_int64(handle, 3, seq)
        bind(id, at: 4)
        bind(type, at: 5)
        sqlite3_bind_int64(handle, 6, recordedAt)
        bind(actor, at: 7)
        if let data { bind(data, at: 8) } else { sqlite3_bind_null(handle, 8) }
        hash.withUnsafeBytes { _ = sqlite3_bind_blob(handle, 9, $0.baseAddress, Int32($0.count), Self.transient) }
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return true }
        let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
        let extended = ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection))
        if extended == .SQLITE_CONSTRAINT_UNIQUE, message.contains("events.id") { return false }
        throw DatabaseError(resultCode: extended, message: message, sql: statement.sql)
    }

    private func bind(_ text: String, at index: Int32) {
        let handle = statement.sqliteStatement
        var text = text
        text.withUTF8 { utf8 in
            guard let start = utf8.baseAddress, !utf8.isEmpty else {
                // No address would bind NULL: an empty text is bound as "".
                _ = sqlite3_bind_text(handle, index, "", 0, Self.transient)
                return
            }
            _ = start.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite3_bind_text(handle, index, $0, Int32(utf8.count), Self.transient)
            }
        }
    }

    /// SQLite copies what is bound (the buffers live only during the call).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
