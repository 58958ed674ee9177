import ArgumentParser
import EventLog
import Foundation
import Reports

/// `--as`, `--purpose`: who reads a person's data, and why (every person-level read is logged).
struct AccessOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("Who is reading, for the access log. Default: the OS user.", valueName: "who"))
    var reader: String?

    @Option(help: ArgumentHelp("Why, for the access log (required with --unmask).", valueName: "text"))
    var purpose: String?

    /// The reader's name: `--as`, else the OS user.
    var who: String {
        if let reader { return reader }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    /// Appends one access record per person read.
    func log(persons: [String], command: String, unmasked: Bool, in store: any AccessLogStore) throws {
        let now = currentInstant()
        try store.logAccess(persons.map {
            AccessRecord(at: now, who: who, person: $0, purpose: purpose, command: command, unmasked: unmasked)
        })
    }
}
