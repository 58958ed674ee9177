import Foundation
import Testing

/// A failing store (a database error, a full disk) ends every writing command with 70 or 74,
/// rolled back: the store is exactly as it was, and nothing is taken for a bad input line.
/// A trigger that SQLite itself runs (`RAISE(ROLLBACK)`, as SQLite does on out-of-memory or an
/// I/O error) makes the store fail at one table; a tmpfs a few MiB large fills the disk.
@Suite struct StoreFaultTests {
    /// A scanned store of a small generated population, and a second export for it.
    struct Store {
        let s: Scratch
        let export: String

        init() throws {
            s = try Scratch()
            let base = try CLI.run(["generate", "--persons", "40", "--seed", "3"])
            let more = try CLI.run(["generate", "--persons", "60", "--seed", "4"])
            let basePath = try s.write("base.jsonl", base.stdout)
            export = try s.write("export.jsonl", more.stdout)
            try #require(try CLI.run(["ingest", "--db", s.db, "--recorded-at", "2026-06-01T00:00:00Z", basePath]).status == 0)
            try #require(try CLI.run(["scan", "--db", s.db, "--as-of", "2026-06-01"]).status == 0)
        }

        /// Runs SQL through the sqlite3 shell, behind gapwatch's back.
        @discardableResult
        func sqlite(_ sql: String) throws -> String {
            let result = try Self.sqlite3([s.db, sql])
            try #require(result.status == 0, "sqlite3 is needed for this test: \(result.stderr)")
            return result.stdout
        }

        /// Everything the store holds, as SQL text.
        func dump() throws -> String { try sqlite(".dump") }

        static func sqlite3(_ arguments: [String]) throws -> CLI.Result {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["sqlite3"] + arguments
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let output = out.fileHandleForReading.readDataToEndOfFile()
            let errors = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return CLI.Result(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                              stderr: String(decoding: errors, as: UTF8.self))
        }
    }

    /// A command, and the table whose inserts fail under it.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let table: String
        let arguments: @Sendable (Store) throws -> [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "ingest", table: "events") { ["ingest", "--db", $0.s.db, $0.export] },
        Case(name: "ingest --skip-invalid", table: "events") {
            ["ingest", "--db", $0.s.db, "--skip-invalid", "--rejects", $0.s.path + "/rejects.jsonl", $0.export]
        },
        Case(name: "scan", table: "finding_changes") { ["scan", "--db", $0.s.db, "--as-of", "2026-09-01"] },
        Case(name: "scan --full", table: "scans") { ["scan", "--db", $0.s.db, "--as-of", "2026-09-01", "--full"] },
        Case(name: "digest", table: "digests") { ["digest", "--db", $0.s.db, "--as-of", "2026-06-02", "--to", "s@k.se", "--out", $0.s.path + "/mail"] },
        Case(name: "ack", table: "events") { store in
            let finding = try store.sqlite("SELECT id FROM findings ORDER BY id LIMIT 1").trimmingCharacters(in: .whitespacesAndNewlines)
            return ["ack", "--db", store.s.db, finding, "--by", "norrkoping/samordnare"]
        },
        Case(name: "silence", table: "events") {
            ["silence", "--db", $0.s.db, "--rule", "sip-missing", "--until", "2099-01-01", "--reason", "test"]
        },
    ]

    @Test(arguments: cases) func aFailingStoreEndsTheCommandWith70AndChangesNothing(_ command: Case) throws {
        let store = try Store()
        let arguments = try command.arguments(store)
        try store.sqlite("""
            CREATE TRIGGER failing_store BEFORE INSERT ON \(command.table)
            BEGIN SELECT RAISE(ROLLBACK, 'simulated failure of the store'); END;
            """)
        let before = try store.dump()
        let result = try CLI.run(arguments)
        #expect(result.status == 70, "\(result.stderr)")
        #expect(result.stderr.contains("gapwatch: the store failed (SQLite error 19: simulated failure of the store); the command was rolled back"))
        #expect(!result.stderr.contains("rejected\n") || result.stderr.contains(" 0 rejected"), "a store failure counted as a bad line: \(result.stderr)")
        #expect(try store.dump() == before)
        let rejects = (try? String(contentsOfFile: store.s.path + "/rejects.jsonl", encoding: .utf8)) ?? ""
        #expect(rejects.isEmpty)
    }

    /// A full disk during an ingest: exit 74, and the store as it was (SQLite rolls back).
    @Test func aFullDiskEndsTheIngestWith74AndChangesNothing() throws {
        guard getuid() == 0 else { return }  // mounting a small tmpfs needs root, as CI has
        let store = try Store()
        let mount = store.s.path + "/small"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        let mounted = try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", mount])
        try #require(mounted == 0, "cannot mount a tmpfs (needs root)")
        defer { _ = try? Self.run("/bin/umount", [mount]) }
        let db = mount + "/s.sqlite"
        try FileManager.default.copyItem(atPath: store.s.db, toPath: db)
        let before = try Store.sqlite3([db, ".dump"]).stdout
        let result = try CLI.run(["ingest", "--db", db, store.export])
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("gapwatch: the store failed (SQLite error 13: database or disk is full)"))
        #expect(try Store.sqlite3([db, ".dump"]).stdout == before)
        #expect(try CLI.run(["verify", "--db", db]).status == 0)
    }

    static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
