import ArgumentParser
import EventLog
import GapEngine

extension Gapwatch {
    struct Ingest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append care events from JSON Lines or FHIR R4 files (or - for stdin) to the log.",
            discussion: """
                One call is atomic: it stores every valid new event of all its inputs, or none. \
                Any invalid line refuses the whole input (exit 65) and every problem is printed as \
                FILE:LINE: message. With --skip-invalid --rejects FILE the valid events are stored \
                and the invalid lines are written, verbatim, to FILE. Events already stored with \
                the same content are counted as duplicates. Prints one summary line on stderr.

                --from fhir reads FHIR R4 JSON instead (Bulk Data NDJSON, Bundles, or single \
                resources; the import contract, docs/spec/fhir.md): Patients, Organizations, \
                Encounters, CarePlans and the resources of docs/fhir.md become care events, and a \
                second summary line says what was made of each type and what was skipped. With \
                --skip-invalid, FILE receives the resources that made no event, one JSON a line.
                """)

        @OptionGroup var store: StoreOptions

        @Option(name: .customLong("recorded-at"), help: ArgumentHelp(
            "The transaction time of these events (for backfills and tests). Default: now. Never earlier than the log's latest.",
            valueName: "time"))
        var recordedAt: String?

        @Flag(name: .customLong("skip-invalid"), help: "Store the valid events and set the invalid lines aside (needs --rejects).")
        var skipInvalid = false

        @Option(help: ArgumentHelp("Where --skip-invalid writes the invalid lines, verbatim.", valueName: "file"))
        var rejects: String?

        @Flag(help: "Replace an existing --rejects file (without it, an existing file is refused before anything is read).")
        var force = false

        @Option(help: "What the files hold: jsonl (care events, the events contract) or fhir (FHIR R4 JSON).")
        var from: InputFormat = .jsonl

        @Option(help: ArgumentHelp("With --from fhir: the kind of principal of actors or principal names (YAML).", valueName: "file"))
        var principals: String?

        @Option(name: .customLong("fhir-map"), help: ArgumentHelp(
            "With --from fhir: codings to scopes, plan kinds, notices and tasks (YAML). Default: gapwatch fhir map show.", valueName: "file"))
        var fhirMap: String?

        @Option(help: ArgumentHelp("With --from fhir: the time zone of FHIR dates without a time.", valueName: "zone"))
        var timezone: String?

        @Argument(help: ArgumentHelp("JSON Lines (or FHIR) files; - reads standard input.", valueName: "file"))
        var files: [String]

        enum InputFormat: String, ExpressibleByArgument, CaseIterable {
            case jsonl, fhir
        }

        func validate() throws {
            if files.isEmpty { throw ValidationError("name at least one file, or - for standard input") }
            if skipInvalid && rejects == nil { throw ValidationError("--skip-invalid needs --rejects FILE") }
            if rejects != nil && !skipInvalid { throw ValidationError("--rejects goes with --skip-invalid") }
            if force && rejects == nil { throw ValidationError("--force goes with --rejects") }
            if from != .fhir, principals != nil || fhirMap != nil || timezone != nil {
                throw ValidationError("--principals, --fhir-map and --timezone go with --from fhir")
            }
        }

        func run() throws {
            if from == .fhir { return try runFHIR() }
            try reportingErrors {
                let at = try recordedAt.map { .given(try parseTime($0, flag: "--recorded-at", in: Rulebook.standard)) }
                    ?? Ingester.RecordedAt.now(currentInstant)
                // Inputs and the rejects file first: a command that cannot start makes no store.
                let readers = try files.map { path throws(IngestError) in try LineReader(path: path) }
                let rejectsFile = try rejects.map { path throws(FileOutputError) in try PrivateFile(path: path, replacing: force) }
                let eventStore = try store.open(create: true)
                let ingester = Ingester(
                    store: eventStore, recordedAt: at, rejects: rejectsFile,
                    onProblem: { problem in
                        Console.clearProgress()
                        Console.error(problem.description)
                    },
                    progress: { progress in
                        var text = "ingesting \(progress.file): \(progress.lines) lines"
                        if let total = progress.bytesTotal, total > 0 { text += " (\(progress.bytesRead * 100 / total)%)" }
                        Console.progress(text)
                    })
                let started = currentInstant()
                let summary = try ingester.ingest(files: readers)
                Log.logger.info("ingest finished", metadata: [
                    "store": "\(store.path)", "new": "\(summary.new)", "duplicate": "\(summary.duplicate)",
                    "rejected": "\(summary.rejected)", "committed": "\(summary.committed)",
                    "seconds": "\(Double(currentInstant().microseconds(since: started)) / 1e6)",
                ])
                Console.note(summary.line)
                if let rejects, summary.rejected > 0 {
                    // A line of its own, for cron's mail and for log watchers: the run succeeded,
                    // and someone must still look at what it set aside.
                    Console.error("warning: \(summary.rejected) lines were set aside in \(rejects), not stored: fix them and ingest that file again")
                }
                if !summary.committed {
                    throw CLIError(Exit.dataError, "nothing was stored: fix the lines above, or use --skip-invalid --rejects FILE")
                }
            }
        }
    }
}
