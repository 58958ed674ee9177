import Foundation
import EventLog
import GRDB

extension SQLiteEventStore: AccessLogStore {
    /// Appends the records to the access log's hash chain, in one IMMEDIATE transaction so that
    /// the chain's end read first is still its end when the records are appended.
    package func logAccess(_ records: [AccessRecord]) throws {
        guard let last = records.last else { return }
        try queue.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO access_log (id, at, who, person, purpose, command, unmasked, persons, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let head = try AccessLogChain.head(db)
                var previous = head.hash
                var id = head.count + 1
                for r in records {
                    let entry = AccessLogChain.Entry(id: id, at: r.at.microseconds, who: r.who, person: r.person, purpose: r.purpose,
                                                     command: r.command, unmasked: r.unmasked, persons: Int64(r.persons))
                    previous = AccessLogChain.hash(previous: previous, entry: entry)
                    try insert.execute(arguments: [id, entry.at, entry.who, entry.person, entry.purpose, entry.command, entry.unmasked,
                                                   entry.persons, Data(previous)])
                    id += 1
                }
                try Anchors.record(db, source: .read, at: last.at)
                return .commit
            }
        }
    }

    package func checkAccessLogWritable() throws {
        if try isReadOnly() { throw DatabaseError(resultCode: .SQLITE_READONLY, message: "attempt to write a readonly database") }
    }

    package func accessLog(person: String?) throws -> [AccessRecord] {
        try queue.read { db in
            let rows = if let person {
                try Row.fetchAll(db, sql: "SELECT * FROM access_log WHERE person = ? ORDER BY at, id", arguments: [person])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM access_log ORDER BY at, id")
            }
            return rows.map { row in
                AccessRecord(at: Instant(microseconds: row["at"]), who: row["who"], person: row["person"], persons: row["persons"],
                             purpose: row["purpose"], command: row["command"], unmasked: row["unmasked"])
            }
        }
    }
}
