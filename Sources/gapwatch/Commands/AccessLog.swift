import ArgumentParser
import EventLog
import GapEngine
import Reports

extension Gapwatch {
    struct AccessLog: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "access-log",
            abstract: "List who read whose data, when and why (Patientdatalagen 4 kap. 3 §).")

        @OptionGroup var store: StoreOptions
        @OptionGroup var access: AccessOptions

        @Option(help: ArgumentHelp("Only reads of this person.", valueName: "id"))
        var person: String?

        @Option(help: "Output format: table or json.")
        var format: Format = .table

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

        func run() throws {
            try reportingErrors {
                let onePerson = try person.map(canonicalPerson)
                let eventStore = try store.open(create: false)
                let records = try eventStore.accessLog(person: onePerson)
                // The access log names whom staff read: reading it is a read of those persons.
                if let onePerson {
                    try access.log(persons: [onePerson], command: "access-log --person", unmasked: format == .json, in: eventStore)
                } else {
                    let shown = Set(records.map(\.person)).subtracting([AccessRecord.everyone])
                    try access.log(bulkRead: shown.count, command: "access-log --format \(format.rawValue)", unmasked: format == .json, in: eventStore)
                }
                let time = TimeText(timeZone: Rulebook.standard.timeZone)
                let output = OutputBuffer()
                switch format {
                case .json:
                    for r in records {
                        var object: [String: JSONValue] = [
                            "at": .string(RFC3339.format(r.at, fraction: false)), "who": .string(r.who), "person": .string(r.person),
                            "command": .string(r.command), "unmasked": .bool(r.unmasked), "persons": .number(String(r.persons)),
                        ]
                        object["purpose"] = r.purpose.map(JSONValue.string) ?? .null
                        output.line(CanonicalJSON.string(.object(object)))
                    }
                case .table:
                    output.line("WHEN              WHO                 PERSON            COMMAND          UNMASKED  PURPOSE")
                    for r in records {
                        let person = r.person == AccessRecord.everyone ? "\(r.persons) persons" : PersonID.masked(r.person)
                        output.line([time.local(r.at), pad(r.who, 18), pad(person, 16), pad(r.command, 15),
                                     pad(r.unmasked ? "yes" : "no", 8), r.purpose ?? "–"].joined(separator: "  "))
                    }
                }
                output.flush()
            }
        }

        private func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
    }
}
