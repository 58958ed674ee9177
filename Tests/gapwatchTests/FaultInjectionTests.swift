import Foundation
import Testing

/// SQLite made to fail at many points of an ingest and a scan, as out-of-memory or an I/O
/// error would (SQLite rolls the transaction back): each time the command fails with 70 and
/// the store is exactly as before. And real memory exhaustion at whatever point a limit hits:
/// the ingest is whole or absent.
@Suite struct FaultInjectionTests {
    /// A copy of the template store, for one case.
    func copy(_ store: StoreFaultTests.Store, _ name: String) throws -> String {
        let path = store.s.path + "/" + name + ".sqlite"
        try FileManager.default.copyItem(atPath: store.s.db, toPath: path)
        return path
    }

    func count(_ db: String, _ sql: String) throws -> Int {
        try #require(Int(try sqlite(db, sql).trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    func sqlite(_ db: String, _ sql: String) throws -> String {
        let result = try StoreFaultTests.Store.sqlite3([db, sql])
        try #require(result.status == 0, "sqlite3 is needed for this test: \(result.stderr)")
        return result.stdout
    }

    /// Fails the store at `condition` on inserts into `table`, runs the command, and checks
    /// that it exits 70 and leaves the store as it was.
    func expectRolledBack(_ store: StoreFaultTests.Store, case name: String, table: String, when condition: String,
                          _ arguments: (String) -> [String]) throws {
        let db = try copy(store, name)
        _ = try sqlite(db, "CREATE TRIGGER fault BEFORE INSERT ON \(table) WHEN \(condition) BEGIN SELECT RAISE(ROLLBACK, 'injected fault'); END;")
        let before = try sqlite(db, ".dump")
        let result = try CLI.run(arguments(db))
        #expect(result.status == 70, "\(name): \(result.stderr)")
        #expect(try sqlite(db, ".dump") == before, "\(name) changed the store")
    }

    @Test func anIngestFailingAtAnyPointStoresNothing() throws {
        let store = try StoreFaultTests.Store()
        let base = try count(store.s.db, "SELECT max(seq) FROM events")
        let reference = try copy(store, "reference")
        #expect(try CLI.run(["ingest", "--db", reference, store.export]).status == 0)
        let new = try count(reference, "SELECT max(seq) FROM events") - base
        #expect(new > 1000)
        // The first events, the first of a later chunk, the middle, the last.
        for offset in [1, 2, 257, new / 2, new - 1, new] {
            try expectRolledBack(store, case: "ingest-\(offset)", table: "events", when: "NEW.seq = \(base + offset)") {
                ["ingest", "--db", $0, "--recorded-at", "2026-06-02T00:00:00Z", store.export]
            }
        }
        try expectRolledBack(store, case: "ingest-activity", table: "actor_activity", when: "1") { ["ingest", "--db", $0, store.export] }
        try expectRolledBack(store, case: "ingest-heads", table: "heads", when: "1") { ["ingest", "--db", $0, store.export] }
    }

    @Test func aScanFailingAtAnyPointRecordsNothing() throws {
        let store = try StoreFaultTests.Store()
        let scan = { (db: String) in ["scan", "--db", db, "--as-of", "2026-12-01", "--full"] }
        let reference = try copy(store, "reference")
        #expect(try CLI.run(scan(reference)).status == 0)
        let changes = try count(reference, "SELECT count(*) FROM finding_changes WHERE scan = (SELECT max(id) FROM scans)")
        #expect(changes > 4)
        for count in [0, 1, changes / 2, changes - 1] {
            try expectRolledBack(store, case: "scan-changes-\(count)", table: "finding_changes",
                                 when: "(SELECT count(*) FROM finding_changes WHERE scan = NEW.scan) >= \(count)", scan)
            try expectRolledBack(store, case: "scan-findings-\(count)", table: "findings",
                                 when: "(SELECT count(*) FROM findings WHERE first_scan = NEW.first_scan) >= \(count)", scan)
        }
        for table in ["person_packs", "scans", "heads", "watch"] {
            try expectRolledBack(store, case: "scan-\(table)", table: table, when: "1", scan)
        }
    }

    /// Under an address-space limit the ingest runs out of memory at a point that differs from
    /// limit to limit (SQLite's, Swift's allocations, a thread that cannot start): whatever
    /// happens, the ingest is stored whole or not at all, and never counted as bad lines.
    @Test func anIngestOutOfMemoryIsWholeOrAbsent() throws {
        let store = try StoreFaultTests.Store()
        let base = try sqlite(store.s.db, "SELECT count(*) FROM events")
        let complete = try copy(store, "complete")
        #expect(try CLI.run(["ingest", "--db", complete, store.export]).status == 0)
        let expected = try sqlite(complete, "SELECT count(*) FROM events")
        var outcomes: [Int32] = []
        for limit in stride(from: 100_000, through: 400_000, by: 20_000) {
            let db = try copy(store, "limit-\(limit)")
            let before = try sqlite(db, ".dump")
            // Killed after a minute: a command that hangs under the limit fails the test.
            let result = try CLI.run(["-c", "ulimit -v \(limit); exec timeout -s KILL 60 \"$0\" ingest --db \"$1\" \"$2\"", CLI.binary.path, db, store.export],
                                     executable: "/bin/sh")
            outcomes.append(result.status)
            #expect(![9, 124, 137].contains(result.status), "the ingest hung under a limit of \(limit) KiB")
            #expect(result.status != 65, "a failure taken for bad input: \(result.stderr)")
            #expect(!result.stderr.contains("rejected\n") || result.stderr.contains(" 0 rejected"))
            let count = try sqlite(db, "SELECT count(*) FROM events")
            if result.status == 0 {
                #expect(count == expected)
            } else {
                #expect(count == base)
                #expect(try sqlite(db, ".dump") == before, "limit \(limit) changed the store (exit \(result.status))")
            }
            #expect(try CLI.run(["verify", "--db", db]).status == 0)
        }
        #expect(outcomes.contains(0) && outcomes.contains { $0 != 0 }, "the limits no longer reach into the ingest: \(outcomes)")
    }
}
