import EventLog
import Foundation
import Testing

/// The acceptance scenarios of `fixtures/scenarios/`, run through the binary exactly as their
/// README says: ingest each file (with its recorded_at), then
/// `gapwatch gaps --format json --status all`, compared field by field.
@Suite struct ScenarioTests {
    static let folder = CLI.repositoryRoot.appendingPathComponent("fixtures/scenarios")

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasSuffix(".md") }.sorted()
    }

    @Test func everySharedScenarioIsInTheFixtures() {
        #expect(Self.names.count >= 12)
    }

    @Test(arguments: names)
    func scenario(_ name: String) throws {
        let dir = Self.folder.appendingPathComponent(name)
        let spec = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("scenario.json"))) as! [String: Any]
        let scratch = try Scratch()
        let steps = (spec["ingest"] as? [[String: String]]) ?? [["file": "events.jsonl"]]
        for step in steps {
            var arguments = ["ingest", "--db", scratch.db, dir.appendingPathComponent(step["file"]!).path]
            if let recordedAt = step["recorded_at"] { arguments += ["--recorded-at", recordedAt] }
            let result = try CLI.run(arguments)
            #expect(result.status == 0, "\(result.stderr)")
        }
        var arguments = ["gaps", "--db", scratch.db, "--format", "json", "--status", "all", "--as-of", spec["as_of"] as! String]
        if let known = spec["as_known_at"] as? String { arguments += ["--as-known-at", known] }
        if let rules = spec["rules"] as? String { arguments += ["--rules", dir.appendingPathComponent(rules).path] }
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")

        let got = try jsonLines(result.stdout)
        let expected = try jsonLines(String(contentsOf: dir.appendingPathComponent("expected.jsonl"), encoding: .utf8))
        #expect(got.count == expected.count, "\(result.stdout)")
        for (finding, want) in zip(got, expected) {
            for (key, value) in want {
                #expect(same(finding[key], value), "\(name): \(key) is \(String(describing: finding[key])), expected \(value)")
            }
        }
    }

    private func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    /// Equal as JSON values; strings that are timestamps compare as instants.
    private func same(_ got: Any?, _ want: Any) -> Bool {
        if want is NSNull { return got is NSNull }
        guard let got else { return false }
        if let a = got as? String, let b = want as? String {
            if a == b { return true }
            guard let x = try? RFC3339.parse(a), let y = try? RFC3339.parse(b) else { return false }
            return x == y
        }
        return (got as? NSObject) == (want as? NSObject)
    }
}
