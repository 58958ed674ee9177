import Foundation
import GRDB
import Testing
@testable import EventLog

/// An ingest checks lines on worker threads, a batch at a time, while one writer appends them:
/// what it stores, in which order, and what it reports must not depend on that.
@Suite struct BatchedIngestTests {
    static let lineCount = 10_000
    /// Lines that are not JSON.
    static let broken = Set(stride(from: 997, through: lineCount, by: 997))
    /// The last line of the first batch opens a handover; the first of the second accepts it.
    static let handoverLine = Ingester.linesPerChunk * Ingester.chunksPerBatch
    /// Repeats line 10 exactly (a duplicate), and reuses line 11's id with other content.
    static let duplicateLine = 8_000
    static let conflictLine = 9_000

    static func lines() -> [String] {
        (1...lineCount).map { n in
            if broken.contains(n) { return #"{"id":"broken-\#(n)","type":"#}
            switch n {
            case handoverLine:
                return eventLine("h1", "handover.initiated", data: #"{"scope":"home-care","to":"hemtjanst"}"#)
            case handoverLine + 1:
                return eventLine("h1-accepted", "handover.accepted", actor: "hemtjanst", data: #"{"handover":"h1"}"#)
            case duplicateLine:
                return line(10)
            case conflictLine:
                return eventLine("e11", "contact", person: "p-other")
            default:
                return line(n)
            }
        }
    }

    static func line(_ n: Int) -> String {
        eventLine("e\(n)", "contact", person: "p-\(n % 50)", at: "2026-03-01T08:\(String(format: "%02d", n % 60)):00Z")
    }

    @Test func aBadLineAnywhereRefusesTheIngestAndEveryProblemIsReportedInLineOrder() throws {
        let t = try TestStore()
        let (summary, problems) = try t.ingest([try t.file("a.jsonl", Self.lines())])
        #expect(!summary.committed)
        #expect(try t.store.head().count == 0)
        let expected = (Self.broken.union([Self.conflictLine])).sorted()
        #expect(problems.map { Int($0.split(separator: ":")[1])! } == expected)
        #expect(problems.contains("a.jsonl:\(Self.conflictLine): field \"id\" names an event already stored with different content (a correction is a new event, e.g. event.retracted)"))
    }

    @Test func setAsideBadLinesAndStoreTheRestInInputOrder() throws {
        let t = try TestStore()
        let rejects = t.folder + "/rejects.jsonl"
        let lines = Self.lines()
        let (summary, _) = try t.ingest([try t.file("a.jsonl", lines)], rejects: rejects)
        let setAside = Self.broken.union([Self.conflictLine]).sorted()
        #expect(summary.rejected == setAside.count)
        #expect(summary.duplicate == 1)
        #expect(summary.new == Self.lineCount - setAside.count - 1)
        #expect(try String(contentsOfFile: rejects, encoding: .utf8) == setAside.map { lines[$0 - 1] + "\n" }.joined())

        let stored = try t.store.queue.read { db in try String.fetchAll(db, sql: "SELECT id FROM events ORDER BY seq") }
        let expectedIDs = (1...Self.lineCount)
            .filter { !setAside.contains($0) && $0 != Self.duplicateLine }
            .map { n in n == Self.handoverLine ? "h1" : n == Self.handoverLine + 1 ? "h1-accepted" : "e\(n)" }
        #expect(stored == expectedIDs)
        // Each actor's activity counts its new events: not the duplicate, not the set-aside lines.
        let activity = try t.store.queue.read { db in
            try Row.fetchAll(db, sql: "SELECT actor, events FROM actor_activity ORDER BY actor").map { "\($0["actor"] as String) \($0["events"] as Int)" }
        }
        let byActor = Dictionary(grouping: expectedIDs, by: { $0 == "h1-accepted" ? "hemtjanst" : "vc-ljura" }).mapValues(\.count)
        #expect(activity == byActor.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" })
        guard case .ok = try t.store.verify() else { Issue.record("the chain does not verify"); return }
    }

    @Test func theLogIsTheSameOnOneWorkerAndOnMany() throws {
        var heads: [LogHead] = []
        for workers in [1, 3] {
            let t = try TestStore()
            let path = try t.file("a.jsonl", Self.lines())
            let ingester = Ingester(
                store: t.store, recordedAt: .given(try RFC3339.parse("2026-04-01T00:00:00Z")),
                rejects: try PrivateFile(path: t.folder + "/rejects.jsonl", replacing: false), onProblem: { _ in }, workers: workers)
            _ = try ingester.ingest(paths: [path])
            heads.append(try t.store.head())
        }
        #expect(heads[0] == heads[1])
        #expect(heads[0].count > 9_000)
    }
}
