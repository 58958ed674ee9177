import Foundation
import Testing

/// `gapwatch gaps FILE…`: export files evaluated without a store give the bytes that ingesting
/// them into an empty store and running `gaps` gives (issue 30).
@Suite struct FileEvaluationTests {
    /// The scenarios of one ingest: those of several, with their own `recorded_at`, ask what the
    /// log knew when, which files read at once cannot say.
    static var oneIngestScenarios: [String] {
        ScenarioTests.names.filter { name in
            let url = ScenarioTests.folder.appendingPathComponent(name).appendingPathComponent("scenario.json")
            guard let data = try? Data(contentsOf: url), let spec = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
            return spec["ingest"] == nil && spec["as_known_at"] == nil
        }
    }

    @Test func mostScenariosAreOfOneIngest() {
        #expect(Self.oneIngestScenarios.count >= 8)
    }

    @Test(arguments: oneIngestScenarios) func aScenarioFromItsFileEqualsItFromAStore(_ name: String) throws {
        let folder = ScenarioTests.folder.appendingPathComponent(name)
        let spec = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("scenario.json"))) as! [String: Any]
        let events = folder.appendingPathComponent("events.jsonl").path
        let s = try Scratch()
        #expect(try CLI.run(["ingest", "--db", s.db, events]).status == 0)
        var arguments = ["--format", "json", "--status", "all", "--as-of", spec["as_of"] as! String]
        if let rules = spec["rules"] as? String { arguments += ["--rules", folder.appendingPathComponent(rules).path] }
        let fromStore = try CLI.run(["gaps", "--db", s.db] + arguments)
        let fromFile = try CLI.run(["gaps", events] + arguments)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout == fromStore.stdout && !fromStore.stdout.isEmpty)
    }

    @Test(arguments: ["json", "csv", "table", "fhir"]) func aGeneratedPopulationFromFilesEqualsItFromAStore(_ format: String) throws {
        let s = try Scratch()
        // One population in two files, the second first: references cross files, in both directions.
        let lines = try CLI.run(["generate", "--persons", "160", "--seed", "21"]).stdout.split(separator: "\n")
        let first = try s.write("a.jsonl", lines[(lines.count / 2)...].joined(separator: "\n") + "\n")
        let second = try s.write("b.jsonl", lines[..<(lines.count / 2)].joined(separator: "\n") + "\n")
        #expect(try CLI.run(["ingest", "--db", s.db, first, second]).status == 0)
        let arguments = ["--as-of", "2027-01-01", "--status", "all", "--format", format]
        let fromStore = try CLI.run(["gaps", "--db", s.db] + arguments)
        let fromFiles = try CLI.run(["gaps", first, second] + arguments)
        #expect(fromFiles.status == 0, "\(fromFiles.stderr)")
        #expect(fromFiles.stdout == fromStore.stdout && fromStore.stdout.count > 1000)
        let person = try CLI.run(["gaps", "--db", s.db, "--as-of", "2027-01-01", "--format", "json", "--status", "all"]).stdout
            .split(separator: "\n").first.map { (try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["person"] as! String }
        let one = ["--person", try #require(person)] + arguments
        #expect(try CLI.run(["gaps", first, second] + one).stdout == CLI.run(["gaps", "--db", s.db] + one).stdout)
    }

    @Test(arguments: ["sv", "en"]) func statisticsFromFilesEqualThemFromAStore(_ language: String) throws {
        let s = try Scratch()
        let file = try s.write("p.jsonl", try CLI.run(["generate", "--persons", "200", "--seed", "5"]).stdout)
        #expect(try CLI.run(["ingest", "--db", s.db, file]).status == 0)
        let arguments = ["--as-of", "2027-01-01", "--by", "principal", "--per", "quarter", "--lang", language]
        let fromStore = try CLI.run(["stats", "--db", s.db] + arguments)
        let fromFile = try CLI.run(["stats", file] + arguments)
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout == fromStore.stdout && fromStore.stdout.count > 500)
        #expect(fromFile.stderr == fromStore.stderr, "the same note on what was held back")
    }

    @Test func aBadLineEvaluatesNothingAndWritesNothing() throws {
        let s = try Scratch()
        let good = #"{"id":"a","type":"contact","person":"p-1","at":"2026-03-01T08:00:00Z","actor":"x"}"#
        let orphan = #"{"id":"b","type":"handover.accepted","person":"p-1","at":"2026-03-02T08:00:00Z","actor":"y","data":{"handover":"nosuch"}}"#
        let file = try s.write("e.jsonl", good + "\n" + orphan + "\n")
        let result = try CLI.run(["gaps", file, "--db", s.db], in: s.path)
        #expect(result.status == 65)
        #expect(result.stderr.contains("e.jsonl:2: data.handover refers to an event that is neither in the log nor in this ingest"))
        #expect(!FileManager.default.fileExists(atPath: s.db), "no store is made")
        #expect(try CLI.run(["gaps", file, "--finding", "6e0e-2389"]).status == 64)
    }
}
