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

        @OptionGroup var time: ActionTimeOption

        func run() throws {
            try reportingErrors {
                let eventStore = try store.open(create: false)
                guard let entry = try eventStore.ledgerEntries().first(where: { $0.id == finding }) else {
                    throw CLIError(Exit.noInput, "no finding \(finding) in the store (run gapwatch scan first; ids come from gaps --format json)")
                }
                var data: [String: JSONValue] = ["finding": .string(finding)]
                if let note { data["note"] = .string(note) }
                let (at, recordedAt) = try time.resolve(in: Rulebook.standard)
                try appendControlEvent(
                    CareEvent(id: "ack-\(finding)-\(at.microseconds)", type: EventType.gapwatchAck, person: entry.person, at: at, actor: by, data: data),
                    to: eventStore, recordedAt: recordedAt)
                Console.out("acknowledged \(finding) (\(entry.rule), \(PersonID.masked(entry.person))) by \(by)")
            }
        }
    }
}

/// Appends one of gapwatch's own events through the same validated, hash-chained path as ingest.
func appendControlEvent(_ event: CareEvent, to store: any EventStore, recordedAt: Ingester.RecordedAt) throws {
    var problems: [String] = []
    let summary = try Ingester(store: store, recordedAt: recordedAt, onProblem: { problems.append($0.message) })
        .ingest(sources: [InMemoryLines(name: event.type, lines: [event.canonicalJSON])])
    guard summary.committed, summary.new == 1 else {
        throw CLIError(Exit.dataError, "could not record the \(event.type) event: \(problems.joined(separator: "; "))")
    }
}
