import ArgumentParser
import EventLog
import Foundation
import Nightly
import Reports

/// `--db`: where the event store is.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The event store (SQLite file).",
        discussion: "Default: $GAPWATCH_DB, else ./gapwatch.sqlite. Created on first write, with mode 0600.",
        valueName: "path"))
    var db: String?

    /// The store path after defaults.
    var path: String {
        db ?? ProcessInfo.processInfo.environment["GAPWATCH_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "gapwatch.sqlite"
    }

    /// Opens the store; `create` makes it if missing (only ingest and demo write).
    func open(create: Bool) throws -> any GapwatchStore {
        umask(0o077)
        return try SQLiteEventStore(path: path, create: create) { Console.note("gapwatch: " + $0) }
    }
}

/// Everything the commands keep in a store: the event log, the ledger and the access log.
typealias GapwatchStore = LedgerStore & AccessLogStore
