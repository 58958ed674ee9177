import Foundation
import TestSupport
@testable import EventLog

/// A fresh store in its own temporary folder, removed when the test ends.
final class TestStore {
    private let temporary: TemporaryFolder
    let store: SQLiteEventStore
    var folder: String { temporary.path }

    init() throws {
        temporary = try TemporaryFolder()
        store = try SQLiteEventStore(path: temporary.path + "/events.sqlite", create: true)
    }

    /// Writes lines to a file in the folder; returns its path.
    func file(_ name: String, _ lines: [String]) throws -> String { try temporary.write(name, lines: lines) }

    /// Ingests files; returns the summary and every problem as `FILE:LINE: message` without the folder.
    @discardableResult
    func ingest(_ paths: [String], at recordedAt: String = "2026-04-01T00:00:00Z", rejects: String? = nil) throws -> (Ingester.Summary, [String]) {
        var problems: [String] = []
        let ingester = Ingester(
            store: store, recordedAt: .given(try RFC3339.parse(recordedAt)), rejects: try rejects.map { path throws(FileOutputError) in try PrivateFile(path: path, replacing: false) },
            onProblem: { problems.append($0.description.replacingOccurrences(of: self.folder + "/", with: "")) })
        return (try ingester.ingest(paths: paths), problems)
    }
}

/// A contract event line.
func eventLine(_ id: String, _ type: String, person: String? = "p-1", at: String = "2026-03-01T08:00:00Z", actor: String = "vc-ljura", data: String? = nil) -> String {
    var fields = ["\"id\":\"\(id)\"", "\"type\":\"\(type)\""]
    if let person { fields.append("\"person\":\"\(person)\"") }
    fields += ["\"at\":\"\(at)\"", "\"actor\":\"\(actor)\""]
    if let data { fields.append("\"data\":\(data)") }
    return "{" + fields.joined(separator: ",") + "}"
}
