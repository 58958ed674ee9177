import EventLog
import Nightly

/// The ledger finding that a reference from a digest or an audit (or a full id) names: exactly
/// one, or an error that says what to do.
func ledgerEntry(referencedBy typed: String, in store: any LedgerStore) throws -> LedgerEntry {
    guard let prefix = FindingReference.idPrefix(typed) else {
        throw CLIError(Exit.usage, "\(typed) is not a finding reference (hex digits, as in 6e0e-2389 from a digest or an audit)")
    }
    let matches = try store.ledgerEntries(idPrefix: prefix)
    switch matches.count {
    case 0: throw CLIError(Exit.noInput, "no finding \(typed) in the store (references come from the digest and the audits, after gapwatch scan)")
    case 1: return matches[0]
    default: throw CLIError(Exit.usage, "\(typed) names \(matches.count < 10 ? "\(matches.count)" : "10 or more") findings: give more of its digits")
    }
}
