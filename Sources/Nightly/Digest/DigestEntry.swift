import EventLog
import GapEngine

/// A line of a digest: a finding from the ledger, or the finding that an obligation about to
/// fall due would become.
package struct DigestEntry: Sendable, Equatable {
    package let finding: Finding
    /// Actors the entry concerns (digest recipients are chosen by them).
    package let concerned: [String]

    /// Who closed it, or (for what is not closed) who was expected to act.
    package var actorAfter: String? { finding.actorAfter ?? finding.expectedActor }

    /// Reads a finding's JSON line (or an upcoming obligation's JSON object) as the ledger keeps it.
    init?(json: String, concerned: [String]) {
        guard let finding = try? Finding(json: json) else { return nil }
        self.finding = finding
        self.concerned = concerned
    }
}
