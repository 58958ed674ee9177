import ArgumentParser
import EventLog

/// The gapwatch command: finds the gaps between care actors where no one holds
/// responsibility for a person.
@main
struct Gapwatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gapwatch",
        abstract: "Find the gaps (mellanrum) between care actors where no one holds responsibility for a person.",
        discussion: """
            gapwatch keeps an append-only, tamper-evident log of care events from every actor \
            (hospital wards, primary care, home care, psychiatry, social services, …) and replays \
            each person's events against a rulebook to find needs without a responsible actor, \
            missed deadlines, silent coordinators, overdue reviews, missing joint plans (SIP) and \
            the person's own reports.

            Start with `gapwatch demo`. Exit codes: 0 success, 1 verify found a broken chain, \
            64 usage error, 65 invalid input data (nothing stored), 66 input or store not found, \
            70 internal error, 74 I/O error.
            """,
        version: "0.1.0",
        subcommands: [
            Ingest.self, Verify.self, SignCheckpoint.self, Gaps.self, Scan.self, Digest.self, Ack.self, Silence.self, Audit.self, Stats.self, AccessLog.self,
            Rules.self, Fhir.self, Generate.self, Demo.self,
        ])

    /// As swift-argument-parser's, except that `help` with a command that does not exist is a
    /// usage error (exit 64), where it would print the overview and exit 0.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let commands = configuration.subcommands.map { $0._commandName } + ["help"]
        if arguments.count > 1, arguments[0] == "help", !commands.contains(arguments[1]) {
            let suggestion = NameSuggestion.closest(to: arguments[1], among: commands).map { "did you mean \($0)? " } ?? ""
            Console.error("help: no command \(arguments[1]); \(suggestion)the commands are \(commands.dropLast().joined(separator: ", "))")
            exit(withError: ExitCode(Exit.usage))
        }
        main(arguments)
    }
}
