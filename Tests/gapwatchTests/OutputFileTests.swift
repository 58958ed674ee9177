import Foundation
import Testing

/// Every file gapwatch writes holds personal data: mode 0600, never written through a
/// symlink, an existing file replaced only with --force, and a file that is not a store never
/// made into one.
@Suite struct OutputFileTests {
    static let lines = CommandTests.contact + "\nnot json 19400101-1230\n"

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func isSymlink(_ path: String) throws -> Bool {
        (try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeSymbolicLink
    }

    @Test func rejectsAreNeverWrittenThroughASymlink() throws {
        let s = try Scratch()
        let input = try s.write("bad.jsonl", Self.lines)
        let target = try s.write("target.txt", "someone else's file\n")
        let rejects = s.path + "/rejects.jsonl"
        try FileManager.default.createSymbolicLink(atPath: rejects, withDestinationPath: target)

        let refused = try CLI.run(["ingest", "--db", s.db, "--skip-invalid", "--rejects", rejects, input])
        #expect(refused.status == 74)
        #expect(refused.stderr.contains("rejects.jsonl: already exists (pass --force to replace it)"))
        #expect(!FileManager.default.fileExists(atPath: s.db), "refused before the store was made")

        let forced = try CLI.run(["ingest", "--db", s.db, "--skip-invalid", "--rejects", rejects, "--force", input])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "someone else's file\n")
        #expect(try !isSymlink(rejects))
        #expect(try String(contentsOfFile: rejects, encoding: .utf8) == "not json 19400101-1230\n")
        #expect(try mode(rejects) == 0o600)
    }

    @Test func anExistingRejectsFileIsKeptUnlessForcedAndThenMadePrivate() throws {
        let s = try Scratch()
        let input = try s.write("good.jsonl", CommandTests.contact + "\n")
        let rejects = try s.write("rejects.jsonl", "yesterday's rejected line\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: rejects)

        #expect(try CLI.run(["ingest", "--db", s.db, "--skip-invalid", "--rejects", rejects, input]).status == 74)
        #expect(try String(contentsOfFile: rejects, encoding: .utf8) == "yesterday's rejected line\n")

        #expect(try CLI.run(["ingest", "--db", s.db, "--skip-invalid", "--rejects", rejects, "--force", input]).status == 0)
        #expect(try String(contentsOfFile: rejects, encoding: .utf8) == "")
        #expect(try mode(rejects) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: s.path).filter { $0.contains(".gapwatch-") }
        #expect(leftovers.isEmpty)
    }

    @Test func anAuditReportReplacesAnExistingFileOnlyWithForce() throws {
        let s = try Scratch()
        #expect(try CLI.run(["ingest", "--db", s.db, try s.write("good.jsonl", CommandTests.contact + "\n")]).status == 0)
        let target = try s.write("target.txt", "someone else's file\n")
        let out = s.path + "/audit.md"
        try FileManager.default.createSymbolicLink(atPath: out, withDestinationPath: target)
        let audit = ["audit", "--db", s.db, "--person", "19400101-1230", "--format", "md", "--out", out, "--as-of", "2026-04-01"]

        let refused = try CLI.run(audit)
        #expect(refused.status == 74)
        #expect(refused.stderr.contains("audit.md: already exists (pass --force to replace it)"))
        let forced = try CLI.run(audit + ["--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "someone else's file\n")
        #expect(try !isSymlink(out))
        #expect(try mode(out) == 0o600)
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("19400101-****"))
    }

    @Test(arguments: [("empty", ""), ("text", "hello\n")])
    func aFileThatIsNotAStoreIsRefusedAndLeftAsItIs(name: String, content: String) throws {
        let s = try Scratch()
        let db = try s.write(name + ".sqlite", content)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db)
        let input = try s.write("good.jsonl", CommandTests.contact + "\n")
        for arguments in [["ingest", "--db", db, input], ["gaps", "--db", db], ["verify", "--db", db]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 66, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("is not a gapwatch store"))
        }
        #expect(try String(contentsOfFile: db, encoding: .utf8) == content)
        #expect(try mode(db) == 0o644)
    }

    @Test func anotherApplicationsDatabaseIsLeftAsItIs() throws {
        let s = try Scratch()
        let db = s.path + "/other.sqlite"
        let made = try StoreFaultTests.Store.sqlite3([db, "CREATE TABLE patients (name TEXT); INSERT INTO patients VALUES ('x');"])
        try #require(made.status == 0, "sqlite3 is needed for this test")
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let result = try CLI.run(["ingest", "--db", db, try s.write("good.jsonl", CommandTests.contact + "\n")])
        #expect(result.status == 66)
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }

    @Test func theDemoWritesPrivateFiles() throws {
        let s = try Scratch()
        let result = try CLI.run(["demo", "--dir", s.path + "/demo", "--persons", "20"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: s.path + "/demo")
        #expect(Set(files).isSuperset(of: ["events.jsonl", "gapwatch.sqlite", "findings.jsonl", "findings.csv"]))
        for file in files { #expect(try mode(s.path + "/demo/" + file) == 0o600, "\(file)") }
    }
}
