import GRDB
import GRDBSQLite

/// Stepping a statement through SQLite's C interface, for the reads that visit every row of
/// the log (a full scan, `verify`): GRDB's rows cost more than SQLite's own work there. This
/// folder is the only place outside the migrations that calls SQLite's C functions.
extension Statement {
    /// Steps to the next row; `false` when there is none.
    func stepRow() throws -> Bool {
        let code = sqlite3_step(sqliteStatement)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        let connection = sqlite3_db_handle(sqliteStatement)
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }

    /// Resets the statement so that it can be stepped again (its bindings stay).
    func rewind() { sqlite3_reset(sqliteStatement) }

    /// The bytes of a text (or blob) column of the current row, valid until the statement steps on.
    func columnBytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let start = sqlite3_column_blob(sqliteStatement, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: Int(sqlite3_column_bytes(sqliteStatement, column)))
    }

    /// An integer column of the current row.
    func columnInt64(_ column: Int32) -> Int64 { sqlite3_column_int64(sqliteStatement, column) }

    /// Whether a column of the current row is `NULL`.
    func columnIsNull(_ column: Int32) -> Bool { sqlite3_column_type(sqliteStatement, column) == SQLITE_NULL }

    /// Binds an integer to a parameter (numbered from 1).
    func bind(_ value: Int64, at parameter: Int32) { sqlite3_bind_int64(sqliteStatement, parameter, value) }

    /// Binds a NUL-terminated text to a parameter for as long as `text` stays valid (SQLite
    /// does not copy it): the caller steps and resets within that time.
    func bind(borrowedText text: UnsafePointer<CChar>, at parameter: Int32) {
        _ = sqlite3_bind_text(sqliteStatement, parameter, text, -1, nil)
    }
}
