import ArgumentParser
import EventLog
import Foundation
import GapEngine

extension Gapwatch {
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
                let rulebook = try RulebookLoader.rulebook(at: rules)
                try requireRules([rule], in: rulebook)
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
