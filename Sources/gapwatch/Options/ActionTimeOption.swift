import ArgumentParser
import EventLog
import GapEngine

/// `--at`: when an action that gapwatch records as an event (an acknowledgement, a silence)
/// happened, for backfills, training and tests; by default now.
struct ActionTimeOption: ParsableArguments {
    @Option(name: .customLong("at"), help: ArgumentHelp(
        "When it happened, also its recorded_at (RFC 3339, or a date). Default: now.",
        discussion: "Never earlier than the log's latest recorded_at.",
        valueName: "time"))
    var time: String?

    /// The action's time, and the `recorded_at` of its event: a given time as given, else the
    /// clock (clamped by the ingest to the log's latest).
    func resolve(in rulebook: Rulebook) throws -> (at: Instant, recordedAt: Ingester.RecordedAt) {
        guard let time else {
            let now = currentInstant()
            return (now, .now({ now }))
        }
        let at = try parseTime(time, flag: "--at", in: rulebook)
        return (at, .given(at))
    }
}
