import ArgumentParser
import EventLog
import GapEngine
import Synthetic

extension Gapwatch {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a deterministic synthetic population's events as JSON Lines to stdout.",
            discussion: """
                A municipality and its region: hospital stays with notices and handovers, home care, \
                residential care, coordinators, referrals, SIPs, dementia follow-ups, reports from \
                relatives, deaths and corrected records, with a realistic minority of gaps of every \
                kind. Same arguments, same bytes. About 40 events per person and year.
                """)

        // Unconditional, so that `--persons -5` is refused as a count rather than read as a flag.
        @Option(parsing: .unconditional, help: "How many persons.")
        var persons: Int

        @Option(help: "Random seed: the same seed gives the same bytes.")
        var seed: UInt64 = 1

        @Option(help: ArgumentHelp("First day of the period (UTC).", valueName: "YYYY-MM-DD"))
        var start: String = "2026-01-01"

        @Option(help: "Length of the period in days.")
        var days: Int = 365

        func validate() throws {
            if persons < 0 { throw ValidationError("--persons must be 0 or more") }
            if days < 1 { throw ValidationError("--days must be at least 1") }
            if RFC3339.parseDate(start) == nil { throw ValidationError("--start must be a date YYYY-MM-DD") }
        }

        func run() throws {
            let generator = PopulationGenerator(persons: persons, seed: seed, start: try! RFC3339.parse(start + "T00:00:00Z"), days: days)
            let output = OutputBuffer()
            var lines = 0
            generator.generate { line in
                output.line(line)
                lines += 1
                if lines % 100_000 == 0 { Console.progress("generated \(lines) events") }
            }
            output.flush()
            Console.clearProgress()
        }
    }
}
