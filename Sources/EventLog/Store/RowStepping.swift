import GRDB
import GRDBSQLite

/// Stepping a statement through SQLite's C interface, for the reads that visit every row of
/// the log (a full scan, `verify`): GRDB's rows cost more than SQLite's own work there.
extension Statement {
    /// Steps to the next row; `false` when there is none.
    func stepRow() throws -> Bool {
        let code = sqlite3_step(sqliteStatement)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        let connection = sqlite3_db_handle(sqliteStatement)
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }

    /// The bytes of a text (or blob) column of the current row, valid until the statement steps on.
    func columnBytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let start = sqlite3_column_blob(sqliteStatement, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: Int(sqlite3_column_bytes(sqliteStatement, column)))
    }
}
