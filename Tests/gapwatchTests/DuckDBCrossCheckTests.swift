import Foundation
import Testing

/// An independent implementation agrees with the engine: DuckDB's coverage-gap query
/// (`bench/duckdb_coverage.py`, window functions over holding and need changes) must find
/// exactly the `need-uncovered` findings of `gapwatch gaps` on a generated population.
@Suite struct DuckDBCrossCheckTests {
    static let script = CLI.repositoryRoot.appendingPathComponent("bench/duckdb_coverage.py").path
    static let duckdbPresent: Bool = Tools.available("python3 -c 'import duckdb' 2>/dev/null")

    @Test func duckDBIsThereWhenCIRequiresIt() {
        #expect(Self.duckdbPresent || ProcessInfo.processInfo.environment["GAPWATCH_REQUIRE_DUCKDB_TEST"] != "1",
                "install duckdb from PyPI: .ci/run does")
    }

    @Test(.enabled(if: duckdbPresent)) func duckDBFindsExactlyTheEnginesCoverageGaps() throws {
        let s = try Scratch()
        let events = try s.write("p.jsonl", try CLI.run(["generate", "--persons", "1500", "--seed", "77", "--days", "540"]).stdout)
        #expect(try CLI.run(["ingest", "--db", s.db, "--recorded-at", "2027-07-01T00:00:00Z", events]).status == 0)
        let compare = Process()
        compare.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        compare.arguments = ["python3", Self.script, events, s.db, CLI.binary.path, "2027-07-01T00:00:00+02:00"]
        let out = Pipe()
        compare.standardOutput = out
        try compare.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        compare.waitUntilExit()
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(result["same_gaps"] as? Bool == true, "\(result)")
        #expect((result["coverage_gaps_gapwatch"] as? Int ?? 0) > 100)
    }
}
