import ArgumentParser
import EventLog
import GapEngine

/// `--from`, `--to`: the period a report covers.
struct PeriodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Start of the period (RFC 3339 or a date).", valueName: "time"))
    var from: String?

    @Option(help: ArgumentHelp("End of the period (RFC 3339 or a date). Default: --as-of.", valueName: "time"))
    var to: String?

    /// The period's bounds in the rulebook's time zone; `--from` must come before `--to` (64).
    func resolve(in rulebook: Rulebook) throws -> (from: Instant?, to: Instant?) {
        let period = (from: try from.map { try parseTime($0, flag: "--from", in: rulebook) }, to: try to.map { try parseTime($0, flag: "--to", in: rulebook) })
        if let start = period.from, let end = period.to, start >= end { throw CLIError(Exit.usage, "--from must be earlier than --to") }
        return period
    }
}
