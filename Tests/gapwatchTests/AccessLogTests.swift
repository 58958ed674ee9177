import Foundation
import Testing

/// Every read that shows identifiable persons is in the access log, bulk reads too, and one
/// that cannot be logged is not shown.
@Suite struct ReadLoggingTests {
    func accessLog(_ s: Scratch) throws -> [[String: Any]] {
        try CLI.run(["access-log", "--db", s.db, "--format", "json"]).stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    @Test func aBulkReadIsLoggedWithWhoWhyHowManyAndTheCommand() throws {
        let store = try StoreFaultTests.Store()
        let json = try CLI.run(["gaps", "--db", store.s.db, "--status", "all", "--format", "json", "--as", "kvalitet", "--purpose", "egenkontroll 2026"])
        #expect(json.status == 0)
        let shown = Set(json.stdout.split(separator: "\n").map { (try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["person"] as! String })
        #expect(shown.count > 1)
        let entries = try accessLog(store.s)
        #expect(entries.count == 1)
        #expect(entries[0]["who"] as? String == "kvalitet")
        #expect(entries[0]["purpose"] as? String == "egenkontroll 2026")
        #expect(entries[0]["persons"] as? Int == shown.count)
        #expect(entries[0]["command"] as? String == "gaps --format json")
        #expect(entries[0]["unmasked"] as? Bool == true)
        // The bulk entry names no person, so reading the log shows none; once it names one,
        // reading it is a read of that person, and is logged in turn.
        #expect(try accessLog(store.s).count == 1)
        #expect(try CLI.run(["gaps", "--db", store.s.db, "--person", shown.sorted()[0]]).status == 0)
        #expect(try accessLog(store.s).count == 2)
        #expect(try accessLog(store.s).count == 3)
        let table = try CLI.run(["access-log", "--db", store.s.db])
        #expect(table.stdout.contains("\(shown.count) persons"))
    }

    @Test func aPersonsReadKeepsItsPurpose() throws {
        let s = try Scratch()
        #expect(try CLI.run(["ingest", "--db", s.db, try s.write("a.jsonl", CommandTests.need + "\n")]).status == 0)
        #expect(try CLI.run(["gaps", "--db", s.db, "--person", "19400101-1230", "--purpose", "dnr 3.1-12345/2026"]).status == 0)
        let entries = try accessLog(s)
        #expect(entries.first?["person"] as? String == "19400101-1230")
        #expect(entries.first?["purpose"] as? String == "dnr 3.1-12345/2026")
    }

    /// A store on a read-only file system: verify works; a read that shows persons is refused
    /// (74) before anything is shown, since it could not be logged.
    @Test func aReadThatCannotBeLoggedIsNotShown() throws {
        guard getuid() == 0 else { return }  // mounting needs root, as CI has
        let store = try StoreFaultTests.Store()
        let mount = store.s.path + "/ro"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        try #require(try StoreFaultTests.run("/bin/mount", ["-t", "tmpfs", "-o", "size=16m", "tmpfs", mount]) == 0)
        defer { _ = try? StoreFaultTests.run("/bin/umount", [mount]) }
        let db = mount + "/s.sqlite"
        try FileManager.default.copyItem(atPath: store.s.db, toPath: db)
        try #require(try StoreFaultTests.run("/bin/mount", ["-o", "remount,ro", mount]) == 0)

        #expect(try CLI.run(["verify", "--db", db]).status == 0)
        for arguments in [["gaps", "--db", db, "--format", "json"], ["gaps", "--db", db, "--person", "19250101-0009"]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 74, "\(arguments)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("the store is read-only, and a read that shows persons is written to the access log"))
        }
    }
}
