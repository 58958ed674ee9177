import EventLog

/// Reads and writes of one scan, all in one write transaction.
package protocol ScanSession: AnyObject {
    /// The log's newest position.
    func head() throws -> LogHead
    /// Registrations and other events about no person, known by `knownAt`.
    func globalEvents(knownAt: Instant?) throws -> [RecordedEvent]
    /// Whether any registration was recorded after `seq`.
    func registrationsRecorded(after seq: Int64) throws -> Bool
    /// Streams every person's stored rows in batches of whole persons, persons in order, for
    /// decoding and evaluation on several cores (see ``StoredPerson``).
    func forEachBatch(_ body: ([StoredPerson]) throws -> Void) throws
    /// The given persons' stored rows, in the order given, in batches as ``forEachBatch(_:)``
    /// makes them: each from their pack and the rows stored after it.
    func forEachBatch(persons: [String], _ body: ([StoredPerson]) throws -> Void) throws
    /// Persons with events stored after `seq`.
    func persons(recordedAfter seq: Int64) throws -> [String]
    /// Persons whose next change by time alone is at or before `instant`.
    func personsDue(by instant: Instant) throws -> [String]

    /// The newest finished scan, if any.
    func lastScan() throws -> ScanRecord?
    /// The id the scan being run will have.
    func nextScanID() throws -> Int64
    /// The ledger's findings of one person (every state).
    func ledger(ofPerson person: String) throws -> [LedgerEntry]
    /// Records a finding's new state, and the change in its history; a withdrawn entry that is
    /// `retired` is also recorded as no longer produced by the changed rulebook.
    func record(_ entry: LedgerEntry, change: LedgerChange) throws
    /// Replaces a person's upcoming obligations and next change.
    func setWatch(person: String, nextChange: Instant?, upcoming: [UpcomingEntry]) throws
    /// Open findings that this scan did not flag as new.
    func countStillOpen(scan: Int64) throws -> Int
    /// Brings the persons' packs up to date with the log (``PersonPacks``); every one anew
    /// when `all`.
    func refreshPacks(all: Bool) throws
    /// Writes the scan's record; the last step of a scan.
    func finish(_ scan: ScanRecord) throws
}
