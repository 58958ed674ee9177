import EventLog

/// One person-level read of the log.
package struct AccessRecord: Sendable, Equatable {
    package let at: Instant
    /// Who read (`--as`, default the OS user).
    package let who: String
    /// Canonical person id.
    package let person: String
    /// Why (`--purpose`; required to see unmasked identities).
    package let purpose: String?
    /// What was run, e.g. `audit --person`.
    package let command: String
    /// Whether identities were shown unmasked.
    package let unmasked: Bool

    package init(at: Instant, who: String, person: String, purpose: String?, command: String, unmasked: Bool) {
        self.at = at
        self.who = who
        self.person = person
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
    /// The access log, oldest first; one person's, or everyone's (`nil`).
    func accessLog(person: String?) throws -> [AccessRecord]
}
