import EventLog
import Foundation
import GapEngine
import Nightly

/// A store in a temporary folder, with helpers to ingest lines and run scans.
final class NightlyStore {
    let folder = NSTemporaryDirectory() + "gapwatch-nightly-" + UUID().uuidString
    let store: SQLiteEventStore

    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        store = try SQLiteEventStore(path: folder + "/s.sqlite", create: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Ingests lines recorded at `recordedAt`; fails the test on any problem.
    func ingest(_ lines: [String], at recordedAt: Instant) throws {
        guard !lines.isEmpty else { return }
        let path = folder + "/in-\(UUID().uuidString).jsonl"
        try lines.map { $0 + "\n" }.joined().write(toFile: path, atomically: true, encoding: .utf8)
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
