import EventLog

/// A store that keeps, beside the event log, the scan ledger (each finding's lifecycle) and
/// the digest's notification log. Nightly and the command take this, not a backend, so that a
/// second backend plugs in by conforming.
package protocol LedgerStore: EventStore {
    /// Runs a scan in one write transaction: a scan that fails or is killed leaves no half
    /// state, and the next one starts from the last finished scan.
    func withScanSession<T>(_ body: (any ScanSession) throws -> T) throws -> T
    /// The finished scans, newest first, at most `limit`.
    func scans(limit: Int) throws -> [ScanRecord]
    /// The newest scan's id, if any scan has run.
    func latestScanID() throws -> Int64?
    /// Ledger findings in person and id order, only those in `states` when given.
    func ledgerEntries(states: Set<LedgerState>?) throws -> [LedgerEntry]
    /// The ledger's findings whose id starts with `prefix` (see ``FindingReference``).
    func ledgerEntries(idPrefix prefix: String) throws -> [LedgerEntry]
    /// The ledger ids just before and after `id` in order, for its ``FindingReference``.
    func neighbours(ofFinding id: String) throws -> [String]
    /// One finding's history: the scans that changed it, oldest first.
    func history(ofFinding id: String) throws -> [(scan: Int64, change: LedgerChange)]
    /// Upcoming obligations due in `(after, through]`, by due time.
    func upcoming(dueAfter after: Instant, through: Instant) throws -> [UpcomingEntry]
    /// Every person's next change by time alone.
    func watchList() throws -> [String: Instant]

    /// Findings a digest may report: every open one, and those closed or withdrawn by a scan
    /// after `horizon`.
    func digestCandidates(changedAfter horizon: Int64) throws -> [LedgerEntry]
    /// Per recipient, its last digest: the newest scan it reported on, and when it was made.
    func lastDigests() throws -> [String: (scan: Int64, at: Instant)]
    /// What earlier digests sent to `recipient`, by finding.
    func notices(sentTo recipient: String) throws -> [String: [SentNotice]]
    /// Records a delivered digest and its notices in one transaction: only after delivery, so a
    /// message that failed is sent again next time (at least once, never lost).
    func record(_ digest: DeliveredDigest) throws
}

extension LedgerStore {
    /// The last hundred scans, newest first.
    package func scans() throws -> [ScanRecord] { try scans(limit: 100) }
    /// Every ledger finding, in person and id order.
    package func ledgerEntries() throws -> [LedgerEntry] { try ledgerEntries(states: nil) }
    /// How people refer to the finding `id`: see ``FindingReference``.
    package func reference(ofFinding id: String) throws -> String {
        FindingReference.reference(of: id, neighbours: try neighbours(ofFinding: id))
    }
}
