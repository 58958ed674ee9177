import Foundation
import Testing

/// Issue 26, item 2: the "Reproduce with" line of a masked person's audit runs, and makes the
/// same report again.
@Suite struct ReproducibleAuditTests {
    @Test func aMaskedPersonsAuditIsReproducedByAFindingReference() throws {
        let s = try Scratch()
        #expect(try CLI.run(["ingest", "--db", s.db, "--recorded-at", "2026-03-10T00:00:00Z", AuditTests.scenario]).status == 0)
        #expect(try CLI.run(["scan", "--db", s.db, "--as-of", "2026-03-20"]).status == 0)
        let first = try CLI.run(["audit", "--db", s.db, "--person", "19400101-1230", "--as-of", "2026-03-20", "--format", "md", "--as", "test"])
        #expect(first.status == 0, "\(first.stderr)")
        let line = try #require(first.stdout.components(separatedBy: "\n").first { $0.hasPrefix("| Återskapa med |") })
        let command = try #require(line.split(separator: "`").dropFirst().first).split(separator: " ").map(String.init)
        #expect(command.starts(with: ["gapwatch", "audit"]) && command.contains("--finding"), "\(line)")
        #expect(!line.contains("*"), "no masked person in the line: \(line)")
        let again = try CLI.run(Array(command.dropFirst()) + ["--as", "test"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == first.stdout)
    }

    @Test func withoutAFindingTheLineSaysItNeedsTheIdentity() throws {
        let s = try Scratch()
        #expect(try CLI.run(["ingest", "--db", s.db, "--recorded-at", "2026-03-10T00:00:00Z", AuditTests.scenario]).status == 0)
        let report = try CLI.run(["audit", "--db", s.db, "--person", "19400101-1230", "--as-of", "2026-03-20", "--format", "md", "--lang", "en"])
        #expect(report.stdout.contains("(the person is masked: give the personnummer in full, or run it with --unmask --purpose)"))
    }
}
