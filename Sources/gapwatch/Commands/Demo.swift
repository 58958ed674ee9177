import ArgumentParser
import EventLog
import Foundation
import GapEngine
import Pipeline
import Synthetic

extension Gapwatch {
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "See gapwatch work: generate a small municipality, ingest two years of its care, scan it, and explain what it finds.",
            discussion: "Everything is written to a new folder (--dir, default ./gapwatch-demo, -2, -3 … if taken).")

        @Option(help: ArgumentHelp("Folder for the demo's store and reports (created; must not hold a store yet).", valueName: "dir"))
        var dir: String?

        @Option(help: "How many persons.")
        var persons: Int = 300

        @Option(help: "Random seed of the population.")
        var seed: UInt64 = 2026

        @OptionGroup var lang: LanguageOption

        func run() throws {
            try reportingErrors {
                let folder = try makeFolder()
                let rulebook = Rulebook.standard
                let period = (start: rulebook.instant(parsing: "2025-01-01")!, days: 730)
                let asOf = rulebook.instant(parsing: "2027-01-01")!
                let generator = PopulationGenerator(persons: persons, seed: seed, start: period.start, days: period.days)

                let eventsPath = folder + "/events.jsonl"
                var text = ""
                generator.generate { text += $0 + "\n" }
                try PrivateFile.write(text.utf8, to: eventsPath, replacing: false)

                umask(0o077)
                let store = try SQLiteEventStore(path: folder + "/gapwatch.sqlite", create: true)
                let ingester = Ingester(store: store, recordedAt: .given(asOf), onProblem: { Console.error($0.description) })
                let summary = try ingester.ingest(paths: [eventsPath])
                guard summary.committed else { throw CLIError(Exit.software, "the generated events did not ingest") }
                guard case .ok(let head) = try store.verify() else { throw CLIError(Exit.software, "the new log does not verify") }

                let scan = try PopulationScan(store: store, rulebook: rulebook, asOf: asOf, asKnownAt: nil)
                var findings: [Finding] = []
                try scan.forEachPerson(workers: Parallel.defaultWorkers, prepare: { $0 }) { _, personFindings in findings += personFindings }
                try writeReports(findings, to: folder)

                let report = DemoReport(
                    folder: folder, persons: persons, events: summary.new, actors: SyntheticActors.all.count, head: head,
                    rulebook: rulebook, asOf: asOf, findings: findings,
                    // Built in a checkout (`swift run gapwatch demo`), it is not on the PATH yet. `swift run`
                    // passes the bare name as argv[0], so the executable's own path tells.
                    command: (Bundle.main.executablePath ?? CommandLine.arguments[0]).contains("/.build") ? "swift run gapwatch" : "gapwatch",
                    language: lang.language)
                for line in report.lines() { Console.out(line) }
            }
        }

        /// The demo folder: the one given (which must not hold a store), or a fresh one.
        private func makeFolder() throws -> String {
            let files = FileManager.default
            if let dir {
                if files.fileExists(atPath: dir + "/gapwatch.sqlite") {
                    throw CLIError(Exit.usage, "--dir \(dir) already holds a demo store; name another folder")
                }
                try files.createDirectory(atPath: dir, withIntermediateDirectories: true)
                return dir
            }
            var candidate = "gapwatch-demo", n = 1
            while files.fileExists(atPath: candidate) {
                n += 1
                candidate = "gapwatch-demo-\(n)"
            }
            try files.createDirectory(atPath: candidate, withIntermediateDirectories: true)
            return candidate
        }

        private func writeReports(_ findings: [Finding], to folder: String) throws {
            let json = findings.map { $0.jsonLine + "\n" }.joined()
            let csv = ([FindingCSV.header] + findings.map(FindingCSV.row)).map { $0 + "\n" }.joined()
            for (name, content) in [("findings.jsonl", json), ("findings.csv", csv)] {
                try PrivateFile.write(content.utf8, to: folder + "/" + name, replacing: false)
            }
        }
    }
}
