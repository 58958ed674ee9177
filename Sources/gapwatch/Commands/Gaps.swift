import ArgumentParser
import EventLog
import FHIR
import GapEngine
import Foundation
import Nightly
import Pipeline

extension Gapwatch {
    struct Gaps: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compute the findings from the log and print them.",
            discussion: """
                Replays every person's events (or one person's, with --person) against the rulebook. \
                --format json prints JSON Lines with exactly the fields of the rules contract; csv the \
                same fields; table (the default) is for reading in a terminal, with personnummer masked; \
                fhir is one FHIR R4 Bundle (collection) of a DetectedIssue per finding with the Patients \
                and Organizations it names (docs/fhir.md).

                With export files (gapwatch gaps FILE…), the files are evaluated as they are, with no \
                store: they are read and checked exactly as an ingest into an empty store would (any bad \
                line: exit 65, nothing evaluated), held in memory, and the output is the same bytes that \
                ingesting them and running gaps would print. Nothing is written; the access log belongs \
                to a store, so a read of files is not in it.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var evaluation: EvaluationOptions
        @OptionGroup var access: AccessOptions

        @Option(help: ArgumentHelp("Only this person (personnummer in either form, or pseudonym).", valueName: "id"))
        var person: String?

        @Option(help: ArgumentHelp("Only this finding: its reference from a digest or an audit (e.g. 6e0e-2389).", valueName: "ref"))
        var finding: String?

        @Option(help: ArgumentHelp("Only this rule id (repeatable).", valueName: "id"))
        var rule: [String] = []

        @Option(help: "Which findings: open, closed or all. Default: open; with --finding, all.")
        var status: StatusFilter?

        @Argument(help: ArgumentHelp("Export files (JSON Lines) to evaluate without a store, instead of --db.", valueName: "file"))
        var files: [String] = []

        @Option(help: "Output format: table, json, csv or fhir.")
        var format: OutputFormat = .table

        enum StatusFilter: String, ExpressibleByArgument, CaseIterable {
            case open, closed, all
            func accepts(_ finding: Finding) -> Bool {
                switch self {
                case .open: finding.isOpen
                case .closed: !finding.isOpen
                case .all: true
                }
            }
        }

        enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
            case table, json, csv, fhir
        }

        func validate() throws {
            if finding != nil && person != nil { throw ValidationError("choose one of --finding and --person") }
            if finding != nil && !files.isEmpty { throw ValidationError("--finding looks a finding up in a store's ledger: it does not go with export files") }
        }

        /// Where the findings come from: a store, or export files held in memory.
        private enum Source {
            case store(PopulationScan, oneFinding: LedgerEntry?)
            case files(InMemoryLog, Evaluation)

            var evaluation: Evaluation {
                switch self {
                case .store(let scan, _): scan.evaluation
                case .files(_, let evaluation): evaluation
                }
            }
        }

        private func readFiles(rulebook: Rulebook, asOf: Instant, asKnownAt: Instant?) throws -> Source {
            let (log, evaluation) = try ExportFiles.read(files, rulebook: rulebook, asOf: asOf, asKnownAt: asKnownAt, jobs: self.evaluation.jobs)
            return .files(log, evaluation)
        }

        func run() throws {
            try reportingErrors {
                var rulebook = try evaluation.loadRulebook()
                if !rule.isEmpty {
                    try requireRules(rule, in: rulebook)
                    rulebook = rulebook.selecting(ruleIDs: Set(rule))
                }
                let (asOf, asKnownAt) = try evaluation.times(in: rulebook, now: currentInstant())
                let typedPerson = try person.map(canonicalPerson)
                let source: Source
                if files.isEmpty {
                    let eventStore = try store.open(create: false)
                    let oneFinding = try finding.map { try ledgerEntry(referencedBy: $0, in: eventStore) }
                    let scan = try PopulationScan(store: eventStore, rulebook: rulebook, asOf: asOf, asKnownAt: asKnownAt)
                    if (oneFinding?.person ?? typedPerson) == nil { try access.checkWritable(scan.store) }
                    source = .store(scan, oneFinding: oneFinding)
                } else {
                    source = try readFiles(rulebook: rulebook, asOf: asOf, asKnownAt: asKnownAt)
                }
                let output = OutputBuffer()
                var tableRows: [Finding] = []
                var personsShown = 0
                if format == .csv { output.line(FindingCSV.header) }
                let bundle = FindingBundle(rulebook: rulebook, actors: source.evaluation.actors)
                if format == .fhir { output.write(Array(FindingBundle.opening.utf8)) }
                var implicated: Set<String> = []
                // Lines are formatted where the findings are made (on the worker cores), as the
                // bytes written; a table needs all rows at the end.
                let status = self.status ?? (finding == nil ? .open : .all)
                let prepare: @Sendable ([Finding]) -> (text: [UInt8], rows: [Finding]) = { [status, format, bundle] findings in
                    guard format != .table else { return ([], findings.filter(status.accepts)) }
                    if format == .fhir {
                        // The implicated actors go with the rows; the Organizations close the Bundle.
                        let shown = findings.filter(status.accepts)
                        return (Array(bundle.entries(person: shown.first?.person ?? "", findings: shown).joined(separator: ",").utf8), shown)
                    }
                    var text: [UInt8] = []
                    text.reserveCapacity(findings.count * 512)
                    // By index: each finding is read where it lies, not copied out.
                    for index in findings.indices where status.accepts(findings[index]) {
                        if format == .json { findings[index].writeJSONLine(to: &text) } else { text.append(contentsOf: FindingCSV.row(findings[index]).utf8) }
                        text.append(UInt8(ascii: "\n"))
                    }
                    return (text, [])
                }
                let emit = { (prepared: (text: [UInt8], rows: [Finding])) in
                    if !prepared.text.isEmpty || !prepared.rows.isEmpty { personsShown += 1 }
                    if format == .fhir {
                        if !prepared.text.isEmpty && personsShown > 1 { output.write([UInt8(ascii: ",")]) }
                        output.write(prepared.text)
                        for finding in prepared.rows { implicated.formUnion(FindingBundle.implicated(finding)) }
                        return
                    }
                    output.write(prepared.text)
                    tableRows += prepared.rows
                }
                switch source {
                case .files(let log, let evaluation):
                    let persons = typedPerson.map { one in log.persons.filter { $0.person == one } } ?? log.persons
                    try ExportFiles.forEachPerson(persons, evaluation: evaluation, jobs: self.evaluation.jobs, prepare: { prepare($1) }, consume: emit)
                case .store(let scan, let oneFinding) where (oneFinding?.person ?? typedPerson) != nil:
                    let onePerson = (oneFinding?.person ?? typedPerson)!
                    try access.log(persons: [onePerson], command: oneFinding == nil ? "gaps --person" : "gaps --finding", unmasked: format != .table, in: scan.store)
                    emit(prepare(try scan.findings(person: onePerson).filter { oneFinding == nil || $0.id == oneFinding?.id }))
                case .store(let scan, _):
                    let started = currentInstant()
                    var persons = 0
                    let totals = try scan.forEachPerson(workers: evaluation.jobs, prepare: prepare) { _, prepared in
                        emit(prepared)
                        persons += 1
                        if persons % 5000 == 0 { Console.progress("scanned \(persons) persons") }
                    }
                    Console.clearProgress()
                    Log.logger.info("scan finished", metadata: [
                        "persons": "\(totals.persons)", "events": "\(totals.events)",
                        "seconds": "\(Double(currentInstant().microseconds(since: started)) / 1e6)",
                    ])
                    try access.log(bulkRead: personsShown, command: "gaps --format \(format.rawValue)", unmasked: format != .table, in: scan.store)
                }
                if format == .table {
                    if tableRows.isEmpty {
                        Console.note("no \(status == .all ? "" : status.rawValue + " ")findings")
                    } else {
                        for line in FindingTable(timeZone: rulebook.timeZone, asOf: asOf).render(tableRows) { output.line(line) }
                    }
                }
                if format == .fhir { output.write(Array(bundle.closing(actors: implicated).utf8)) }
                output.flush()
            }
        }
    }
}

/// A `--person` argument in canonical form; a mistyped personnummer is a usage error.
func canonicalPerson(_ raw: String) throws -> String {
    if raw.hasSuffix("-****") {
        throw CLIError(Exit.usage, "--person: a masked personnummer names no one; look the finding up by its reference from the digest "
            + "(gapwatch gaps --finding REF, audit --finding REF), or give the personnummer in full")
    }
    switch PersonID.read(raw) {
    case .personnummer(let canonical): return canonical
    case .pseudonym(let pseudonym): return pseudonym
    case .failsLuhn: throw CLIError(Exit.usage, "--person: shaped like a personnummer but fails the Luhn check")
    case .withoutCentury: throw CLIError(Exit.usage, "--person: a personnummer without its century; write it as YYYYMMDD-NNNN")
    }
}
