import ArgumentParser
import EventLog
import Foundation
import GapEngine

extension Gapwatch {
    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Acknowledge a finding: someone has taken it on, so the digest stops reminding of it.",
            discussion: "Recorded as an x-gapwatch.ack event in the log, audited like every other event. Needs a scan that flagged the finding.")

        @OptionGroup var store: StoreOptions

        @Argument(help: ArgumentHelp("The finding's id (from gaps --format json, or the digest).", valueName: "finding"))
        var finding: String

        @Option(help: ArgumentHelp("Who acknowledges (a person's role or unit, e.g. norrkoping/samordnare).", valueName: "who"))
        var by: String

        @Option(help: ArgumentHelp("A note for the record.", valueName: "text"))
        var note: String?

        func run() throws {
            try reportingErrors {
                let eventStore = try store.open(create: false)
                guard let entry = try eventStore.ledgerEntries().first(where: { $0.id == finding }) else {
                    throw CLIError(Exit.noInput, "no finding \(finding) in the store (run gapwatch scan first; ids come from gaps --format json)")
                }
                var data: [String: JSONValue] = ["finding": .string(finding)]
                if let note { data["note"] = .string(note) }
                let now = currentInstant()
                try appendControlEvent(
                    CareEvent(id: "ack-\(finding)-\(now.microseconds)", type: EventType.gapwatchAck, person: entry.person, at: now, actor: by, data: data),
                    to: eventStore, at: now)
                Console.out("acknowledged \(finding) (\(entry.rule), \(PersonID.masked(entry.person))) by \(by)")
            }
        }
    }

    struct Silence: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Silence a rule's alerts until a time, for one person, one actor, or all.",
            discussion: "Silenced findings leave the digest but never the log or an audit. Recorded as an x-gapwatch.silence event; the expiry is mandatory.")

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("A rulebook, to check the rule id against. Default: the built-in rulebook.", valueName: "file"))
        var rules: String?

        @Option(help: ArgumentHelp("The rule to silence.", valueName: "id"))
        var rule: String

        @Option(help: ArgumentHelp("Only this person.", valueName: "id"))
        var person: String?

        @Option(help: ArgumentHelp("Only findings that concern this actor.", valueName: "actor"))
        var actor: String?

        @Option(help: ArgumentHelp("When the silence ends (RFC 3339 or a date).", valueName: "time"))
        var until: String

        @Option(help: ArgumentHelp("Why (kept in the log).", valueName: "text"))
        var reason: String

        @Option(help: ArgumentHelp("Who silences. Default: the OS user.", valueName: "who"))
        var by: String?

        func run() throws {
            try reportingErrors {
                let rulebook = try rules.map(RulebookLoader.load) ?? Rulebook.standard
                guard rulebook.rules.contains(where: { $0.id == rule }) else {
                    throw CLIError(Exit.usage, "--rule: no rule \"\(rule)\" in the rulebook (see gapwatch rules show)")
                }
                let now = currentInstant()
                let end = try parseTime(until, flag: "--until", in: rulebook)
                guard end > now else { throw CLIError(Exit.usage, "--until must be in the future") }
                let who = by ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
                var data: [String: JSONValue] = [
                    "rule": .string(rule), "until": .string(RFC3339.format(end, fraction: false)), "reason": .string(reason),
                ]
                if let actor { data["actor"] = .string(actor) }
                let eventStore = try store.open(create: false)
                try appendControlEvent(
                    CareEvent(id: "silence-\(now.microseconds)", type: EventType.gapwatchSilence, person: try person.map(canonicalPerson),
                              at: now, actor: who, data: data),
                    to: eventStore, at: now)
                Console.out("silenced \(rule)\(person.map { " for \(PersonID.masked(try! canonicalPerson($0)))" } ?? "")"
                    + "\(actor.map { " concerning \($0)" } ?? "") until \(RFC3339.format(end, fraction: false))")
            }
        }
    }
}

/// Appends one of gapwatch's own events through the same validated, hash-chained path as ingest.
func appendControlEvent(_ event: CareEvent, to store: SQLiteEventStore, at now: Instant) throws {
    var problems: [String] = []
    let summary = try Ingester(store: store, recordedAt: .now({ now }), onProblem: { problems.append($0.message) })
        .ingest(sources: [InMemoryLines(name: event.type, lines: [event.canonicalJSON])])
    guard summary.committed, summary.new == 1 else {
        throw CLIError(Exit.dataError, "could not record the \(event.type) event: \(problems.joined(separator: "; "))")
    }
}
