import EventLog
import GRDB

extension SQLiteEventStore: AccessLogStore {
    package func logAccess(_ records: [AccessRecord]) throws {
        try queue.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO access_log (at, who, person, purpose, command, unmasked) VALUES (?, ?, ?, ?, ?, ?)")
            for r in records {
                try insert.execute(arguments: [r.at.microseconds, r.who, r.person, r.purpose, r.command, r.unmasked])
            }
        }
    }

    package func accessLog(person: String?) throws -> [AccessRecord] {
        try queue.read { db in
            let rows = if let person {
                try Row.fetchAll(db, sql: "SELECT * FROM access_log WHERE person = ? ORDER BY at, id", arguments: [person])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM access_log ORDER BY at, id")
            }
            return rows.map { row in
                AccessRecord(at: Instant(microseconds: row["at"]), who: row["who"], person: row["person"], purpose: row["purpose"],
                             command: row["command"], unmasked: row["unmasked"])
            }
        }
    }
}
