/// What the store keeps about scans and the findings they flagged. Findings are stored as
/// their JSON Lines text: the store does not depend on the rule engine's types.

/// One finished scan.
public struct ScanRecord: Sendable, Equatable {
    public enum Mode: String, Sendable { case full, incremental }

    public var id: Int64
    /// Wall-clock time the scan ran.
    public var ranAt: Instant
    public var asOf: Instant
    /// The log's newest `seq` when the scan ran: events after it are new to the next scan.
    public var logSeq: Int64
    public var rulebookHash: String
    public var mode: Mode
    public var persons = 0
    public var events = 0
    public var new = 0
    public var stillOpen = 0
    public var closed = 0
    public var withdrawn = 0

    public init(id: Int64, ranAt: Instant, asOf: Instant, logSeq: Int64, rulebookHash: String, mode: Mode) {
        self.id = id
        self.ranAt = ranAt
        self.asOf = asOf
        self.logSeq = logSeq
        self.rulebookHash = rulebookHash
        self.mode = mode
    }

    /// `scan (full): 120 persons replayed; 3 new, 41 still open, 2 closed, 1 withdrawn`.
    public var summary: String {
        "scan (\(mode.rawValue)): \(persons) persons replayed; \(new) new, \(stillOpen) still open, \(closed) closed, \(withdrawn) withdrawn"
    }
}

/// A finding's state in the ledger.
public enum LedgerState: String, Sendable {
    case open, closed
    /// An earlier scan flagged it, but late-recorded evidence shows there was no gap.
    case withdrawn
}

/// What a scan changed about a finding.
public enum LedgerChange: String, Sendable {
    case new, closed, reopened, changed, withdrawn
}

/// A finding as the ledger holds it.
public struct LedgerEntry: Sendable, Equatable {
    public let id: String
    public let person: String
    public let rule: String
    public let state: LedgerState
    /// The finding's JSON line as last computed.
    public let body: String
    /// The actors concerned (before, after, expected), for choosing digest recipients.
    public let concerned: [String]
    public let firstScan: Int64
    public let changedScan: Int64

    public init(id: String, person: String, rule: String, state: LedgerState, body: String, concerned: [String], firstScan: Int64, changedScan: Int64) {
        self.id = id
        self.person = person
        self.rule = rule
        self.state = state
        self.body = body
        self.concerned = concerned
        self.firstScan = firstScan
        self.changedScan = changedScan
    }
}

/// An obligation or gap not yet due, as of its person's last scan.
public struct UpcomingEntry: Sendable, Equatable {
    public let id: String
    public let person: String
    public let due: Instant
    /// A JSON object with the fields of a finding that is not one yet.
    public let body: String
    public let concerned: [String]

    public init(id: String, person: String, due: Instant, body: String, concerned: [String]) {
        self.id = id
        self.person = person
        self.due = due
        self.body = body
        self.concerned = concerned
    }
}

/// Reads and writes of one scan, all in one write transaction.
public protocol ScanSession: AnyObject {
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
    /// Records a finding's new state, and the change in its history.
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
