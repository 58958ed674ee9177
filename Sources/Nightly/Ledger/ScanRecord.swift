import EventLog

/// One finished scan.
package struct ScanRecord: Sendable, Equatable {
    package enum Mode: String, Sendable { case full, incremental }

    package var id: Int64
    /// Wall-clock time the scan ran.
    package var ranAt: Instant
    package var asOf: Instant
    /// The log's newest `seq` when the scan ran: events after it are new to the next scan.
    package var logSeq: Int64
    package var rulebookHash: String
    package var mode: Mode
    package var persons = 0
    package var events = 0
    package var new = 0
    package var stillOpen = 0
    package var closed = 0
    package var withdrawn = 0
    /// Of `withdrawn`, those no longer produced after a change of rulebook.
    package var retired = 0

    package init(id: Int64, ranAt: Instant, asOf: Instant, logSeq: Int64, rulebookHash: String, mode: Mode) {
        self.id = id
        self.ranAt = ranAt
        self.asOf = asOf
        self.logSeq = logSeq
        self.rulebookHash = rulebookHash
        self.mode = mode
    }

    /// `scan (full): 120 persons replayed; 3 new, 41 still open, 2 closed, 1 withdrawn`, and
    /// `; 18 no longer checked (the rulebook changed)` when a new rulebook dropped findings.
    package var summary: String {
        "scan (\(mode.rawValue)): \(persons) persons replayed; \(new) new, \(stillOpen) still open, \(closed) closed, \(withdrawn - retired) withdrawn"
            + (retired > 0 ? "; \(retired) no longer checked (the rulebook changed)" : "")
    }
}
