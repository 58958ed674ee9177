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

        @Argument(help: ArgumentHelp("The finding's reference (from the digest or an audit, e.g. 6e0e-2389) or its id.", valueName: "finding"))
        var finding: String

        @Option(help: ArgumentHelp("Who acknowledges (a person's role or unit, e.g. norrkoping/samordnare).", valueName: "who"))
        var by: String

        @Option(help: ArgumentHelp("A note for the record.", valueName: "text"))
        var note: String?

        @OptionGroup var time: ActionTimeOption

        func run() throws {
            try reportingErrors {
                let eventStore = try store.open(create: false)
                let entry = try ledgerEntry(referencedBy: finding, in: eventStore)
                var data: [String: JSONValue] = ["finding": .string(entry.id)]
                if let note { data["note"] = .string(note) }
                let (at, recordedAt) = try time.resolve(in: Rulebook.standard)
                try appendControlEvent(
                    CareEvent(id: "ack-\(entry.id)-\(at.microseconds)", type: EventType.gapwatchAck, person: entry.person, at: at, actor: by, data: data),
                    to: eventStore, recordedAt: recordedAt)
                Console.out("acknowledged \(try eventStore.reference(ofFinding: entry.id)) (\(entry.rule), \(PersonID.masked(entry.person))) by \(by)")
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
