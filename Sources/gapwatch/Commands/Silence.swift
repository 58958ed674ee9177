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

        @OptionGroup var time: ActionTimeOption

        func run() throws {
            try reportingErrors {
                let rulebook = try RulebookLoader.rulebook(at: rules)
                try requireRules([rule], in: rulebook)
                let onePerson = try person.map(canonicalPerson)
                let (at, recordedAt) = try time.resolve(in: rulebook)
                let end = try parseTime(until, flag: "--until", in: rulebook)
                let eventStore = try store.open(create: false)
                if let actor { try warnIfUnregistered(actor, in: eventStore) }
                // Last, so that every other mistake of the command line is told first.
                guard end > at else { throw CLIError(Exit.usage, "--until must be later than the silence starts (\(time.time == nil ? "now" : "--at"))") }
                let who = by ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
                var data: [String: JSONValue] = [
                    "rule": .string(rule), "until": .string(RFC3339.format(end, fraction: false)), "reason": .string(reason),
                ]
                if let actor { data["actor"] = .string(actor) }
                try appendControlEvent(
                    CareEvent(id: "silence-\(at.microseconds)", type: EventType.gapwatchSilence, person: onePerson, at: at, actor: who, data: data),
                    to: eventStore, recordedAt: recordedAt)
                Console.out("silenced \(rule)\(onePerson.map { " for \(PersonID.masked($0))" } ?? "")"
                    + "\(actor.map { " concerning \($0)" } ?? "") until \(RFC3339.format(end, fraction: false))")
            }
        }

        /// A silence of an actor no registration names silences nothing: most likely a typo.
        private func warnIfUnregistered(_ actor: String, in store: any EventStore) throws {
            let registered = Set(try store.actorRegistrations(knownAt: nil).map(\.event.actor))
            guard !registered.contains(actor) else { return }
            let suggestion = NameSuggestion.closest(to: actor, among: registered.sorted(), maxEdits: 3).map { "; did you mean \($0)?" } ?? ""
            Console.error("warning: no actor \(actor) is registered in the log\(suggestion) (the silence is recorded as given)")
        }
    }
}
