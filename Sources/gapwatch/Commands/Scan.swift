import ArgumentParser
import EventLog
import GapEngine
import Nightly

extension Gapwatch {
    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The nightly batch run: evaluate the population and record each finding's lifecycle.",
            discussion: """
                Records in the store when a scan first flagged each finding, when it closed, and when it \
                was withdrawn (an earlier scan flagged it, but late-recorded evidence shows there was no \
                gap); history is kept. Incremental: replays only persons with new events and those whose \
                findings can change with time; --full replays everyone (the result is the same). At its \
                end a scan packs each person with new events into one blob, which full reads (gaps, \
                audits, the next full scan) take instead of the person's rows; --full packs everyone anew. \
                A scan is one transaction: one that is killed leaves nothing behind. Prints one summary \
                line and exits 0 whether or not there are findings.
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("A rulebook (YAML). Default: the built-in rulebook.", valueName: "file"))
        var rules: String?

        @Option(name: .customLong("as-of"), help: ArgumentHelp(
            "Evaluate as of this time (RFC 3339, or a date); never earlier than the last scan's. Default: now.", valueName: "time"))
        var asOf: String?

        @Flag(help: "Replay and pack every person, not only those that can have changed.")
        var full = false

        @OptionGroup var parallelism: JobsOption

        func run() throws {
            try reportingErrors {
                let rulebook = try RulebookLoader.rulebook(at: rules)
                let now = currentInstant()
                let at = try asOf.map { try parseTime($0, flag: "--as-of", in: rulebook) } ?? now
                let scan: ScanRecord
                do {
                    scan = try NightlyScan(store: store.open(create: false), rulebook: rulebook, workers: parallelism.jobs)
                        .run(asOf: at, ranAt: now, full: full) { persons in
                            Console.progress("scanned \(persons) persons")
                            Log.logger.debug("scan progress", metadata: ["persons": "\(persons)"])
                        }
                } catch let failure as NightlyScan.Failure {
                    throw CLIError(Exit.usage, failure.description)
                }
                Console.clearProgress()
                Log.logger.info("scan finished", metadata: [
                    "scan": "\(scan.id)", "mode": "\(scan.mode.rawValue)", "persons": "\(scan.persons)", "events": "\(scan.events)",
                    "seconds": "\(Double(currentInstant().microseconds(since: now)) / 1e6)",
                ])
                Console.out(scan.summary)
            }
        }
    }
}
