@testable import EventLog
import GRDB
import Foundation
import GapEngine
import Nightly
import Synthetic
import Testing

@Suite struct LifecycleTests {
    static let need = #"{"id":"n1","type":"need.identified","person":"p-1","at":"2026-03-01T08:00:00Z","actor":"region/vc","data":{"scope":"nursing"}}"#
    static let taken = #"{"id":"a1","type":"responsibility.assumed","person":"p-1","at":"2026-03-02T08:00:00Z","actor":"kommun/hem","data":{"scope":"nursing"}}"#

    @Test func aFindingGoesFromNewToClosedWithItsHistoryKept() throws {
        let s = try NightlyStore()
        try s.ingest([Self.need], at: instant("2026-03-01T09:00:00Z"))
        let first = try s.scan(instant("2026-03-01T20:00:00Z"))
        #expect(first.summary == "scan (full): 1 persons replayed; 1 new, 0 still open, 0 closed, 0 withdrawn")
        let second = try s.scan(instant("2026-03-02T02:00:00Z"))
        #expect((second.new, second.stillOpen, second.closed) == (0, 1, 0))
        try s.ingest([Self.taken], at: instant("2026-03-02T09:00:00Z"))
        let third = try s.scan(instant("2026-03-03T02:00:00Z"))
        #expect(third.mode == .incremental)
        #expect((third.new, third.stillOpen, third.closed, third.withdrawn) == (0, 0, 1, 0))
        let entry = try #require(try s.store.ledgerEntries().first)
        #expect(entry.state == .closed)
        #expect(try s.store.history(ofFinding: entry.id).map(\.change) == [.new, .closed])
        #expect(try s.store.history(ofFinding: entry.id).map(\.scan) == [first.id, third.id])
    }

    /// A scan at an earlier `as_of` would withdraw real findings (they had not begun then) and
    /// announce them as never having been; the ledger moves forward (issue 26, item 1).
    @Test func aScanAsOfAnEarlierTimeIsRefusedAndChangesNothing() throws {
        let s = try NightlyStore()
        try s.ingest([Self.need], at: instant("2026-03-01T09:00:00Z"))
        _ = try s.scan(instant("2026-03-02T02:00:00Z"))
        let ledger = try s.store.ledgerEntries()
        #expect(throws: NightlyScan.Failure.asOfGoesBack(last: instant("2026-03-02T02:00:00Z"), given: instant("2026-03-01T00:00:00Z"))) {
            try s.scan(instant("2026-03-01T00:00:00Z"))
        }
        #expect(try s.store.ledgerEntries() == ledger)
        #expect(try s.store.scans(limit: 10).count == 1)
        #expect(try s.scan(instant("2026-03-02T02:00:00Z")).withdrawn == 0, "the same as_of again is a scan like any")
    }

    @Test func aLateRecordWithdrawsAFindingAnEarlierScanFlagged() throws {
        let s = try NightlyStore()
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures/scenarios/05a-late-record-as-known-at")
        let day1 = try String(contentsOf: folder.appendingPathComponent("day1.jsonl"), encoding: .utf8).split(separator: "\n").map(String.init)
        let day9 = try String(contentsOf: folder.appendingPathComponent("day9.jsonl"), encoding: .utf8).split(separator: "\n").map(String.init)
        try s.ingest(day1, at: instant("2026-04-01T20:00:00+02:00"))
        let flagged = try s.scan(instant("2026-04-05T00:00:00+02:00"))
        #expect(flagged.new == 1)
        let finding = try #require(try s.store.ledgerEntries(states: [.open]).first)
        #expect(finding.rule == "discharge-followup")
        try s.ingest(day9, at: instant("2026-04-10T02:00:00+02:00"))
        let withdrawn = try s.scan(instant("2026-04-10T03:00:00+02:00"))
        #expect((withdrawn.new, withdrawn.closed, withdrawn.withdrawn) == (0, 0, 1))
        #expect(try s.store.ledgerEntries().map(\.state) == [.withdrawn])
        #expect(try s.store.history(ofFinding: finding.id).map(\.change) == [.new, .withdrawn])
    }

    @Test func scansAreHistoryTheStoreRefusesToRewrite() throws {
        let s = try NightlyStore()
        try s.ingest([Self.need], at: instant("2026-03-01T09:00:00Z"))
        try s.scan(instant("2026-03-02T00:00:00Z"))
        try s.store.queue.write { db in
            #expect(throws: (any Error).self) { try db.execute(sql: "UPDATE scans SET new = 0") }
            #expect(throws: (any Error).self) { try db.execute(sql: "DELETE FROM finding_changes") }
        }
    }
}

/// Incremental scans give exactly what full scans give: two stores receive the same nightly
/// ingests (with late records among them); one is scanned incrementally, the other in full.
@Suite struct IncrementalEqualsFullTests {
    @Test(arguments: [31, 32, 33] as [UInt64])
    func incrementalEqualsFull(seed: UInt64) throws {
        let start = instant("2026-01-01T00:00:00Z")
        let day: Int64 = 86_400_000_000
        var lines: [String] = []
        PopulationGenerator(persons: 150, seed: seed, start: start, days: 120).generate { lines.append($0) }
        var rng = SplitMix64(seed: seed)
        // Each event is exported the night after it happened; one in twelve arrives 2–10 days
        // late. An event that refers to another is never delivered before it.
        var nights: [Int: [String]] = [:]
        var nightOf: [String: Int] = [:]
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let at = instant(object["at"] as! String)
            var night = Int(at.microseconds(since: start) / day) + 1
            if object["type"] as? String != "actor.registered", rng.chance(1.0 / 12) { night += rng.int(2...10) }
            let data = object["data"] as? [String: Any] ?? [:]
            for field in ["handover", "referral", "plan", "target"] {
                if let target = data[field] as? String, let targetNight = nightOf[target] { night = max(night, targetNight) }
            }
            nightOf[object["id"] as! String] = night
            nights[night, default: []].append(line)
        }
        let incremental = try NightlyStore(), full = try NightlyStore()
        var withdrawn = 0, closed = 0
        var delivered: [String] = [], lastAsOf = start
        for night in stride(from: 1, through: 140, by: 3) {
            let batch = (night..<(night + 3)).flatMap { nights[$0] ?? [] }
            let recorded = start.adding(microseconds: Int64(night + 2) * day + 3_600_000_000)
            delivered += batch
            lastAsOf = recorded.adding(microseconds: 3_600_000_000)
            try incremental.ingest(batch, at: recorded)
            try full.ingest(batch, at: recorded)
            let asOf = recorded.adding(microseconds: 3_600_000_000)
            let a = try incremental.scan(asOf)
            let b = try full.scan(asOf, full: true)
            #expect(try incremental.ledger() == (try full.ledger()), "night \(night)")
            #expect((a.new, a.stillOpen, a.closed, a.withdrawn) == (b.new, b.stillOpen, b.closed, b.withdrawn), "night \(night)")
            #expect(try incremental.store.upcoming(dueAfter: asOf, through: .distantFuture) == (try full.store.upcoming(dueAfter: asOf, through: .distantFuture)))
            withdrawn += b.withdrawn
            closed += b.closed
            if night > 10 { #expect(a.mode == .incremental) }
        }
        #expect(withdrawn > 0 && closed > 0, "the population must exercise late records and closing")
        // Scans rewrite only the upcoming obligations that changed: after 47 nights they must
        // be exactly those of one scan of everything.
        let once = try NightlyStore()
        try once.ingest(delivered, at: lastAsOf)
        try once.scan(lastAsOf)
        let everything = (Instant(microseconds: .min), Instant.distantFuture)
        let expected = try once.store.upcoming(dueAfter: everything.0, through: everything.1)
        #expect(!expected.isEmpty)
        #expect(try incremental.store.upcoming(dueAfter: everything.0, through: everything.1) == expected)
        #expect(try full.store.upcoming(dueAfter: everything.0, through: everything.1) == expected)
    }
}
