import Foundation
import GRDB
import Testing
@testable import EventLog

/// A failure of the store in the middle of an ingest (SQLite out of memory, an I/O error) ends
/// the whole ingest and leaves the log exactly as it was: it is never taken for a bad line,
/// even with bad lines set aside. SQLite itself rolls the transaction back on such errors; a
/// temporary trigger that does the same (RAISE(ROLLBACK)) at one `seq` stands in for them.
@Suite struct IngestFaultTests {
    func lines(_ range: ClosedRange<Int>) -> [String] {
        range.map { eventLine("e\($0)", "contact", at: "2026-03-01T08:\(String(format: "%02d", $0)):00Z", data: #"{"mode":"phone"}"#) }
    }

    func failing(at seq: Int, _ test: TestStore) throws {
        try test.store.queue.write { db in
            try db.execute(sql: """
                CREATE TEMP TRIGGER fail_mid_ingest BEFORE INSERT ON main.events WHEN NEW.seq = \(seq)
                BEGIN SELECT RAISE(ROLLBACK, 'simulated failure of the store'); END
                """)
        }
    }

    @Test(arguments: [false, true]) func aStoreFailureMidIngestStoresNothingAndIsNoRejectedLine(settingAside: Bool) throws {
        let test = try TestStore()
        try test.ingest([try test.file("base.jsonl", lines(1...3))])
        let before = try test.store.head()
        try failing(at: 6, test)
        let export = try test.file("export.jsonl", lines(4...20))
        let rejects = settingAside ? test.folder + "/rejects.jsonl" : nil
        #expect(throws: DatabaseError.self) { try test.ingest([export], at: "2026-04-02T00:00:00Z", rejects: rejects) }
        #expect(try test.store.head() == before)
        #expect(try test.store.verify() == .ok(before))
        if let rejects { #expect(((try? String(contentsOfFile: rejects, encoding: .utf8)) ?? "").isEmpty) }
    }
}
