import EventLog
import Foundation
import GapEngine
import Nightly
import TestSupport

/// A store in a temporary folder, with helpers to ingest lines and run scans.
final class NightlyStore {
    private let temporary: TemporaryFolder
    let store: SQLiteEventStore
    var folder: String { temporary.path }

    init() throws {
        temporary = try TemporaryFolder("gapwatch-nightly")
        store = try SQLiteEventStore(path: temporary.path + "/s.sqlite", create: true)
    }

    /// Ingests lines recorded at `recordedAt`; fails the test on any problem.
    func ingest(_ lines: [String], at recordedAt: Instant) throws {
        guard !lines.isEmpty else { return }
        let path = try temporary.write("in-\(UUID().uuidString).jsonl", lines: lines)
        var problems: [String] = []
        let summary = try Ingester(store: store, recordedAt: .given(recordedAt), onProblem: { problems.append($0.description) }).ingest(paths: [path])
        precondition(problems.isEmpty && summary.committed, "\(problems.prefix(3))")
    }

    @discardableResult
    func scan(_ asOf: Instant, full: Bool = false) throws -> ScanRecord {
        try NightlyScan(store: store, rulebook: .standard).run(asOf: asOf, ranAt: asOf, full: full)
    }

    /// The ledger as comparable text: id, state and body of every finding.
    func ledger() throws -> [String] {
        try store.ledgerEntries().map { "\($0.id) \($0.state.rawValue) \($0.body)" }
    }
}

func instant(_ text: String) -> Instant { try! RFC3339.parse(text) }
