import ArgumentParser
import EventLog
import FHIR
import GapEngine
import Synthetic

extension Gapwatch {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a deterministic synthetic population's events as JSON Lines (or FHIR) to stdout.",
            discussion: """
                A municipality and its region: hospital stays with notices and handovers, home care, \
                residential care, coordinators, referrals, SIPs, dementia follow-ups, reports from \
                relatives, deaths and corrected records, with a realistic minority of gaps of every \
                kind. Same arguments, same bytes. About 40 events per person and year.

                --format fhir writes the same population as FHIR R4 NDJSON, for gapwatch ingest \
                --from fhir (docs/fhir.md): the import's mappings run backwards. Events the import has \
                no FHIR form for (assessments, plan reviews, resolved needs, retractions) are left out, \
                and standard error says how many.
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

        @Option(help: "jsonl (care events, the events contract) or fhir (FHIR R4 NDJSON).")
        var format: OutputFormat = .jsonl

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case jsonl, fhir
        }

        func validate() throws {
            if persons < 0 { throw ValidationError("--persons must be 0 or more") }
            if days < 1 { throw ValidationError("--days must be at least 1") }
            if RFC3339.parseDate(start) == nil { throw ValidationError("--start must be a date YYYY-MM-DD") }
        }

        func run() throws {
            let generator = PopulationGenerator(persons: persons, seed: seed, start: try! RFC3339.parse(start + "T00:00:00Z"), days: days)
            let output = OutputBuffer()
            var lines = 0
            var fhir = format == .fhir ? FHIRWriter(output: output) : nil
            generator.generate { line in
                if fhir != nil { fhir!.add(line) } else { output.line(line) }
                lines += 1
                if lines % 100_000 == 0 { Console.progress("generated \(lines) events") }
            }
            fhir?.finish()
            output.flush()
            Console.clearProgress()
        }

        /// Writes the population as FHIR NDJSON, a person at a time (the generator writes each
        /// person's events together).
        struct FHIRWriter {
            let output: OutputBuffer
            var converter = EventsAsFHIR()
            var person: [CareEvent] = []

            mutating func add(_ line: String) {
                guard case .success(let event) = EventValidator.validate(line: Array(line.utf8)) else { return }
                if event.person != person.first?.person { flush() }
                if event.person == nil {
                    write(converter.registration(event))
                } else {
                    person.append(event)
                }
            }

            mutating func finish() {
                flush()
                let left = converter.leftOut.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
                if !left.isEmpty { Console.note("generate --format fhir: left out events with no FHIR form in the import: " + left.joined(separator: ", ")) }
            }

            private mutating func flush() {
                guard !person.isEmpty else { return }
                // In time order, as a source system's resources describe them.
                let ordered = person.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
                write(converter.person(ordered))
                person = []
            }

            private func write(_ resources: [JSONValue]) {
                for resource in resources { output.line(CanonicalJSON.string(resource)) }
            }
        }
    }
}
