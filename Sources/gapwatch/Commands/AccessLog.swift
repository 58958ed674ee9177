import ArgumentParser
import EventLog
import GapEngine

extension Gapwatch {
    struct AccessLog: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "access-log",
            abstract: "List who read whose data, when and why (Patientdatalagen 4 kap. 3 §).")

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("Only reads of this person.", valueName: "id"))
        var person: String?

        @Option(help: "Output format: table or json.")
        var format: Format = .table

        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

        func run() throws {
            try reportingErrors {
                let records = try store.open(create: false).accessLog(person: try person.map(canonicalPerson))
                let time = TimeText(timeZone: Rulebook.standard.timeZone)
                let output = OutputBuffer()
                switch format {
                case .json:
                    for r in records {
                        var object: [String: JSONValue] = [
                            "at": .string(RFC3339.format(r.at, fraction: false)), "who": .string(r.who), "person": .string(r.person),
                            "command": .string(r.command), "unmasked": .bool(r.unmasked),
                        ]
                        object["purpose"] = r.purpose.map(JSONValue.string) ?? .null
                        output.line(CanonicalJSON.string(.object(object)))
                    }
                case .table:
                    output.line("WHEN              WHO                 PERSON         COMMAND          UNMASKED  PURPOSE")
                    for r in records {
                        output.line([time.local(r.at), pad(r.who, 18), pad(PersonID.masked(r.person), 13), pad(r.command, 15),
                                     pad(r.unmasked ? "yes" : "no", 8), r.purpose ?? "–"].joined(separator: "  "))
                    }
                }
                output.flush()
            }
        }

        private func pad(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }
    }
}
