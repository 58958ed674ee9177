import EventLog

/// A finding's state in the ledger.
package enum LedgerState: String, Sendable {
    case open, closed
    /// An earlier scan flagged it, but late-recorded evidence shows there was no gap.
    case withdrawn
}

/// What a scan changed about a finding.
package enum LedgerChange: String, Sendable {
    case new, closed, reopened, changed, withdrawn
}

/// A finding as the ledger holds it.
package struct LedgerEntry: Sendable, Equatable {
    package let id: String
    package let person: String
    package let rule: String
    package let state: LedgerState
    /// The finding's JSON line as last computed.
    package let body: String
    /// The actors concerned (before, after, expected), for choosing digest recipients.
    package let concerned: [String]
    package let firstScan: Int64
    package let changedScan: Int64
    /// Withdrawn by a scan with a changed rulebook: no longer checked, not shown to be no gap.
    package var retired = false

    package init(id: String, person: String, rule: String, state: LedgerState, body: String, concerned: [String], firstScan: Int64, changedScan: Int64) {
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
package struct UpcomingEntry: Sendable, Equatable {
    package let id: String
    package let person: String
    package let due: Instant
    /// A JSON object with the fields of a finding that is not one yet.
    package let body: String
    package let concerned: [String]

    package init(id: String, person: String, due: Instant, body: String, concerned: [String]) {
        self.id = id
        self.person = person
        self.due = due
        self.body = body
        self.concerned = concerned
    }
}
