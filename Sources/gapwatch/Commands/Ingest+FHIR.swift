import EventLog
import FHIR
import Foundation
import GapEngine

extension Gapwatch.Ingest {
    /// `ingest --from fhir`: the resources become care events (``FHIRImport``), which are then
    /// ingested like any others, in one transaction with the keys later imports resolve by.
    func runFHIR() throws {
        try reportingErrors {
            let at = try recordedAt.map { .given(try parseTime($0, flag: "--recorded-at", in: Rulebook.standard)) }
                ?? Ingester.RecordedAt.now(currentInstant)
            let zone = try timezone.map { name in
                guard let zone = TimeZone(identifier: name) else { throw CLIError(Exit.usage, "--timezone: unknown time zone") }
                return zone
            } ?? TimeZone(identifier: "Europe/Stockholm")!
            let map = try fhirMap.map { path in try loadYAMLFile(path) { text throws(RulebookErrors) in try asRulebookErrors { () throws(ConfigurationErrors) in try FHIRMap.parse(text) } } }
                ?? FHIRMap.standard
            let principalKinds = try principals.map { path in try loadYAMLFile(path) { text throws(RulebookErrors) in try asRulebookErrors { () throws(ConfigurationErrors) in try Principals.parse(text) } } }
                ?? Principals()
            try FHIRImport.requireInputs(files)
            let rejectsFile = try rejects.map { path throws(FileOutputError) in try PrivateFile(path: path, replacing: force) }
            let eventStore = try store.open(create: true)
            let prepared = try FHIRImport(store: eventStore, map: map, principals: principalKinds, timeZone: zone).prepare(paths: files)
            for problem in prepared.problems {
                Console.error("\(problem.file):\(problem.line): \(problem.message)")
                if let resource = problem.resource { try rejectsFile?.write(Array((resource + "\n").utf8)) }
            }
            let refused = !prepared.problems.isEmpty && rejectsFile == nil
            var summary = Ingester.Summary()
            if !refused {
                let ingester = Ingester(
                    store: eventStore, recordedAt: at, rejects: nil,
                    onProblem: { problem in
                        // A made event the log refuses: name the resource it came from.
                        let origin = prepared.origins[problem.line - 1]
                        Console.error("\(origin.file):\(origin.line): \(problem.message)")
                    },
                    beforeCommit: { session in try session.keep(prepared.keys) })
                summary = try ingester.ingest(sources: [InMemoryLines(name: "fhir", lines: prepared.lines)])
            }
            summary.rejected += prepared.problems.count
            if refused || !summary.committed {
                summary.new = 0
                summary.duplicate = 0
            }
            Console.note(summary.line)
            Console.note(prepared.report.line)
            if let rejects, !prepared.problems.isEmpty, summary.committed {
                try rejectsFile?.commit()
                Console.error("warning: \(prepared.problems.count) resources were set aside in \(rejects), not stored: fix them and import that file again")
            }
            if refused || !summary.committed {
                throw CLIError(Exit.dataError, "nothing was stored: fix the resources above, or use --skip-invalid --rejects FILE")
            }
        }
    }
}

/// A principals or map file's problems in the form ``loadYAMLFile(_:_:)`` prints as `FILE:LINE`.
func asRulebookErrors<T>(_ parse: () throws(ConfigurationErrors) -> T) throws(RulebookErrors) -> T {
    do {
        return try parse()
    } catch {
        throw RulebookErrors(problems: error.problems.map { RulebookError(line: $0.line, message: $0.message) })
    }
}
