import EventLog

/// One read of the log that showed identifiable persons: one person's, or many at once.
package struct AccessRecord: Sendable, Equatable {
    package let at: Instant
    /// Who read (`--as`, default the OS user).
    package let who: String
    /// Canonical person id, or ``everyone`` for a read of many persons at once.
    package let person: String
    /// How many persons the read showed (1 for a person-level read).
    package let persons: Int
    /// Why (`--purpose`; required to see unmasked identities).
    package let purpose: String?
    /// What was run, e.g. `audit --person`.
    package let command: String
    /// Whether identities were shown unmasked.
    package let unmasked: Bool

    /// The `person` of a read that showed many persons at once.
    package static let everyone = "*"

    package init(at: Instant, who: String, person: String, persons: Int = 1, purpose: String?, command: String, unmasked: Bool) {
        self.at = at
        self.who = who
        self.person = person
        self.persons = persons
        self.purpose = purpose
        self.command = command
        self.unmasked = unmasked
    }
}

/// The append-only record of who read whose data (Patientdatalagen 4 kap. 3 §: access is
/// logged and checked), kept in the store beside the event log.
package protocol AccessLogStore {
    /// Appends access records, all or none.
    func logAccess(_ records: [AccessRecord]) throws
    /// Throws what writing the access log would throw now (a read-only store): a read that
    /// shows persons is refused before it is shown when it could not be logged.
    func checkAccessLogWritable() throws
    /// The access log, oldest first; one person's, or everyone's (`nil`).
    func accessLog(person: String?) throws -> [AccessRecord]
}
