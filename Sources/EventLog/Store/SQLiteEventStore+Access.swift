import GRDB

/// One person-level read of the log.
public struct AccessRecord: Sendable, Equatable {
    public let at: Instant
    /// Who read (`--as`, default the OS user).
    public let who: String
    /// Canonical person id.
    public let person: String
    /// Why (`--purpose`; required to see unmasked identities).
    public let purpose: String?
    /// What was run, e.g. `audit --person`.
    public let command: String
    /// Whether identities were shown unmasked.
    public let unmasked: Bool

    public init(at: Instant, who: String, person: String, purpose: String?, command: String, unmasked: Bool) {
        self.at = at
        self.who = who
        self.person = person
        self.purpose = purpose
        self.command = command
        self.unmasked = unmasked
    }
}

extension SQLiteEventStore {
    /// Appends access records (Patientdatalagen 4 kap. 3 §: access is logged and checked).
    public func logAccess(_ records: [AccessRecord]) throws {
        try queue.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO access_log (at, who, person, purpose, command, unmasked) VALUES (?, ?, ?, ?, ?, ?)")
            for r in records {
                try insert.execute(arguments: [r.at.microseconds, r.who, r.person, r.purpose, r.command, r.unmasked])
            }
        }
    }

    /// The access log, oldest first; one person's, or everyone's.
    public func accessLog(person: String? = nil) throws -> [AccessRecord] {
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
