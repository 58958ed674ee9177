import ArgumentParser
import EventLog
import Foundation
import GRDB
import Reports

/// `--as`, `--purpose`: who reads a person's data, and why (every person-level read is logged).
struct AccessOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("Who is reading, for the access log. Default: the OS user.", valueName: "who"))
    var reader: String?

    @Option(help: ArgumentHelp("Why you read, for the access log (e.g. a diarienummer).", valueName: "text"))
    var purpose: String?

    /// The reader's name: `--as`, else the OS user.
    var who: String {
        if let reader { return reader }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    /// Appends one access record per person read, before the read is shown.
    func log(persons: [String], command: String, unmasked: Bool, in store: any AccessLogStore) throws {
        let now = currentInstant()
        try explainingReadOnly {
            try store.logAccess(persons.map {
                AccessRecord(at: now, who: who, person: $0, purpose: purpose, command: command, unmasked: unmasked)
            })
        }
    }

    /// Appends one record for a read of many persons at once (`count` of them were shown). It
    /// is written after the read, when the count is known: ``checkWritable(_:)`` first refuses
    /// a read that could not be logged.
    func log(bulkRead count: Int, command: String, unmasked: Bool, in store: any AccessLogStore) throws {
        guard count > 0 else { return }
        try explainingReadOnly {
            try store.logAccess([AccessRecord(at: currentInstant(), who: who, person: AccessRecord.everyone, persons: count, purpose: purpose,
                                              command: command, unmasked: unmasked)])
        }
    }

    /// Refuses, before anything is shown, a read whose access log entry could not be written.
    func checkWritable(_ store: any AccessLogStore) throws {
        try explainingReadOnly { try store.checkAccessLogWritable() }
    }

    /// A store that cannot be written is told as such (74): the reading command needs the
    /// access log, which is in the store.
    private func explainingReadOnly(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as DatabaseError where error.resultCode.primaryResultCode == .SQLITE_READONLY {
            throw CLIError(Exit.ioError, "the store is read-only, and a read that shows persons is written to the access log in the store "
                + "first; nothing was shown (verify and reads that show no person work on a read-only store)")
        }
    }
}
