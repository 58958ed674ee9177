import ArgumentParser
import EventLog
import FHIR
import Foundation
import GapEngine
import Reports
import Synthetic

extension Gapwatch {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Supervision audit (IVO-style): a person's timeline with evidence, or where gaps concentrate.",
            discussion: """
                --person P: who held responsibility when (an inline SVG timeline), every finding with its \
                rule, source and evidence events, what was known when (detection latency, findings \
                withdrawn by later records), and the person's own reports quoted in full.

                --actor A or --principal NAME: counts per rule, median and 90th-percentile durations, a \
                monthly trend, and the interface matrix (before × after) of where the gaps concentrate; \
                --sample N --seed S adds the person audits of a reproducible random sample of persons.

                Reproducible: the same log head, rulebook, --as-of and --as-known-at give the same bytes; \
                the header names all of them and the command line that makes the report again. Persons \
                are masked unless --unmask (which needs --purpose). Every person read is logged (see \
                gapwatch access-log).
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var evaluation: EvaluationOptions
        @OptionGroup var access: AccessOptions
        @OptionGroup var lang: LanguageOption

        @Option(help: ArgumentHelp("Audit one person (personnummer or pseudonym).", valueName: "id"))
        var person: String?

        @Option(help: ArgumentHelp("Audit the person of one finding: its reference from a digest (e.g. 6e0e-2389).", valueName: "ref"))
        var finding: String?

        @Option(help: ArgumentHelp("Audit the findings that concern one actor.", valueName: "actor"))
        var actor: String?

        @Option(help: ArgumentHelp("Audit the findings that concern any actor of one principal (its principal_name).", valueName: "name"))
        var principal: String?

        @OptionGroup var period: PeriodOptions

        @Option(help: "Output format: html, md, json, or fhir (a person's findings as a FHIR Bundle; needs --unmask).")
        var format: Format = .html

        @OptionGroup var output: ReportFileOptions

        @Flag(help: "Show identities in full (needs --purpose; logged).")
        var unmask = false

        @Option(help: ArgumentHelp("With --actor/--principal: add the person audits of N randomly chosen persons.", valueName: "n"))
        var sample: Int?

        @Option(help: "Random seed of --sample: the same seed chooses the same persons.")
        var seed: UInt64 = 1

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case html, md, json, fhir
        }

        func validate() throws {
            let subjects = [person, finding, actor, principal].compactMap { $0 }
            if subjects.count != 1 { throw ValidationError("name exactly one of --person, --finding, --actor and --principal") }
            if unmask && (access.purpose ?? "").isEmpty { throw ValidationError("--unmask needs --purpose (it is logged)") }
            if sample != nil && (person != nil || finding != nil) { throw ValidationError("--sample goes with --actor or --principal") }
            if let sample, sample < 1 { throw ValidationError("--sample must be at least 1") }
            if format == .fhir && (person == nil && finding == nil) { throw ValidationError("--format fhir goes with --person or --finding") }
            if format == .fhir && !unmask { throw ValidationError("--format fhir names the person in full: it needs --unmask --purpose") }
        }

        func run() throws {
            try reportingErrors {
                let outFile = try output.open()
                let rulebook = try evaluation.loadRulebook()
                let (asOf, asKnownAt) = try evaluation.times(in: rulebook, now: currentInstant())
                let period = try self.period.resolve(in: rulebook)
                let eventStore = try store.open(create: false)
                try requireSubjectInLog(eventStore)
                let subjectPerson = try finding.map { try ledgerEntry(referencedBy: $0, in: eventStore).person } ?? person.map(canonicalPerson)
                let actors = ActorDirectory(registrations: try eventStore.actorRegistrations(knownAt: asKnownAt), asOf: asOf, asKnownAt: asKnownAt)
                let context = AuditContext(
                    rulebook: rulebook, asOf: asOf, asKnownAt: asKnownAt, from: period.from, to: period.to, logHead: try eventStore.head(),
                    command: reproduction(asOf: asOf, asKnownAt: asKnownAt, period: period), unmask: unmask)
                let rendering = AuditFormat(rawValue: format.rawValue)
                let text: String
                if let id = subjectPerson {
                    let events = try eventStore.events(ofPerson: id, knownAt: nil)
                    if events.isEmpty {
                        throw CLIError(Exit.noInput, "no events about this person in the log (give the personnummer in full, or the pseudonym of the exports)")
                    }
                    try access.log(persons: [id], command: finding == nil ? "audit --person" : "audit --finding", unmasked: unmask, in: eventStore)
                    guard let rendering else {
                        try output.write(fhirBundle(person: id, events: events, rulebook: rulebook, actors: actors, times: (asOf, asKnownAt), period: period), to: outFile)
                        return
                    }
                    var audit = PersonAudit(person: id, events: events, actors: actors, context: context)
                    try audit.setReferences(references(of: audit, in: eventStore))
                    if person != nil && !unmask {
                        // A masked person cannot be looked up: the line names the person by one of their findings instead.
                        let reference = audit.findings.lazy.compactMap(\.reference).first
                        audit.header.command = reproduction(asOf: asOf, asKnownAt: asKnownAt, period: period, byFinding: reference)
                        audit.header.reproducible = reference != nil
                    }
                    text = rendering.render(audit, timeZone: rulebook.timeZone, language: lang.language)
                } else {
                    let subject: OrganisationAudit.Subject = actor.map { .actor($0) } ?? .principal(principal!)
                    var builder = OrganisationAuditBuilder(subject: subject, actors: actors, context: context)
                    let population = Evaluation(rulebook: rulebook, asOf: asOf, asKnownAt: asKnownAt, actors: actors)
                    var concerned: [String] = []
                    let contributionOf = { @Sendable [builder] (events: [RecordedEvent], findings: [Finding]) in builder.contribution(events: events, findings: findings) }
                    try population.evaluate(
                        workers: evaluation.jobs, batches: { emit in try eventStore.forEachBatch(knownAt: asKnownAt, emit) },
                        prepare: { stored, result in (result.findings, (try? stored.decode()).map { contributionOf($0, result.findings) }) },
                        consume: { stored, prepared in
                            guard let contribution = prepared.1 else { throw CLIError(Exit.software, "a person's stored events could not be read; run gapwatch verify") }
                            builder.add(contribution)
                            if !builder.add(person: stored.person, findings: prepared.0).isEmpty { concerned.append(stored.person) }
                        })
                    var rng = SplitMix64(seed: seed)
                    let chosen = sample.map { Array(concerned.shuffled(using: &rng).prefix($0)).sorted() } ?? []
                    try access.log(persons: chosen, command: "audit --sample", unmasked: unmask, in: eventStore)
                    let audits = try chosen.map { id in
                        var audit = PersonAudit(person: id, events: try eventStore.events(ofPerson: id, knownAt: nil), actors: actors, context: context)
                        try audit.setReferences(references(of: audit, in: eventStore))
                        return audit
                    }
                    text = rendering!.render(builder.build(), sample: audits, timeZone: rulebook.timeZone, language: lang.language)
                }
                try output.write(text, to: outFile)
            }
        }

        /// The person's findings in the period as a FHIR Bundle (``FindingBundle``).
        private func fhirBundle(person: String, events: [RecordedEvent], rulebook: Rulebook, actors: ActorDirectory,
                                times: (asOf: Instant, asKnownAt: Instant?), period: (from: Instant?, to: Instant?)) -> String {
            let evaluation = Evaluation(rulebook: rulebook, asOf: times.asOf, asKnownAt: times.asKnownAt, actors: actors)
            let findings = evaluation.findings(person: person, events: events).filter { finding in
                (period.to.map { finding.start < $0 } ?? true) && (period.from.map { (finding.end ?? times.asOf) >= $0 } ?? true)
            }
            let bundle = FindingBundle(rulebook: rulebook, actors: actors)
            let implicated = Set(findings.flatMap(FindingBundle.implicated))
            return FindingBundle.opening + bundle.entries(person: person, findings: findings).joined(separator: ",") + bundle.closing(actors: implicated)
        }

        /// The references of an audit's findings that the ledger holds.
        private func references(of audit: PersonAudit, in store: any GapwatchStore) throws -> [String: String] {
            var references: [String: String] = [:]
            for finding in audit.findings where try !store.ledgerEntries(idPrefix: finding.id).isEmpty {
                references[finding.id] = try store.reference(ofFinding: finding.id)
            }
            return references
        }

        /// An audit of a subject the log does not hold would report no gaps, and an inspector
        /// would take that for none: an unknown actor or principal is refused (66), with the
        /// closest known name where one is near (a person without events is refused where the
        /// audit reads them).
        private func requireSubjectInLog(_ store: any GapwatchStore) throws {
            func suggestion(_ typed: String, _ known: Set<String>) -> String {
                NameSuggestion.closest(to: typed, among: known.sorted(), maxEdits: 3).map { "; did you mean \"\($0)\"?" } ?? ""
            }
            let everyRegistration = ActorDirectory(registrations: try store.actorRegistrations(knownAt: nil), asOf: .distantFuture, asKnownAt: nil)
            if let actor {
                let known = Set(everyRegistration.actors).union(try store.actorActivity().keys)
                guard known.contains(actor) else { throw CLIError(Exit.noInput, "no actor \"\(actor)\" in the log\(suggestion(actor, known))") }
            }
            if let principal {
                let known = Set(everyRegistration.actors.compactMap(everyRegistration.principal(of:)))
                guard known.contains(principal) else {
                    throw CLIError(Exit.noInput, "no principal \"\(principal)\" among the actors registered in the log\(suggestion(principal, known))")
                }
            }
        }

        /// The command line that makes this report again, with every default made explicit;
        /// `byFinding` names a masked person's audit by the reference of one of their findings.
        private func reproduction(asOf: Instant, asKnownAt: Instant?, period: (from: Instant?, to: Instant?), byFinding: String? = nil) -> String {
            var parts = ["gapwatch", "audit", "--db", store.path]
            if let byFinding {
                parts += ["--finding", byFinding]
            } else if let person {
                let shown = unmask ? ((try? canonicalPerson(person)) ?? person) : PersonID.masked((try? canonicalPerson(person)) ?? person)
                parts += ["--person", shown]
            }
            if let finding { parts += ["--finding", finding] }
            if let actor { parts += ["--actor", actor] }
            if let principal { parts += ["--principal", principal] }
            if let from = period.from { parts += ["--from", from.description] }
            if let to = period.to { parts += ["--to", to.description] }
            parts += ["--as-of", asOf.description]
            if let asKnownAt { parts += ["--as-known-at", asKnownAt.description] }
            if let rules = evaluation.rules { parts += ["--rules", rules] }
            if let sample { parts += ["--sample", String(sample), "--seed", String(seed)] }
            if unmask { parts += ["--unmask", "--purpose", access.purpose ?? ""] }
            parts += ["--format", format.rawValue]
            if lang.language != .sv { parts += ["--lang", lang.language.rawValue] }
            return parts.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        }
    }
}
