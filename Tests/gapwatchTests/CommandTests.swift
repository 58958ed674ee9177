import EventLog
import Foundation
import Testing

/// The command-line contract: outputs, messages and exit codes.
@Suite struct CommandTests {
    static let contact = #"{"id":"c1","type":"contact","person":"19400101-1230","at":"2026-03-01T08:00:00+01:00","actor":"vc-ljura"}"#
    static let need = #"{"id":"n1","type":"need.identified","person":"19400101-1230","at":"2026-03-01T08:00:00+01:00","actor":"vc-ljura","data":{"scope":"nursing"}}"#

    @Test func ingestPrintsOneSummaryLineAndVerifyPrintsTheHead() throws {
        let s = try Scratch()
        let file = try s.write("a.jsonl", Self.contact + "\n" + Self.need + "\n")
        let ingest = try CLI.run(["ingest", "--db", s.db, file])
        #expect(ingest.status == 0)
        #expect(ingest.stdout.isEmpty)
        #expect(ingest.stderr == "ingested 2 new, 0 duplicate, 0 rejected\n")
        let verify = try CLI.run(["verify", "--db", s.db])
        #expect(verify.status == 0)
        #expect(verify.stdout.range(of: "^ok: 2 events, head [0-9a-f]{64}\n$", options: .regularExpression) != nil, "\(verify.stdout)")
        let attributes = try FileManager.default.attributesOfItem(atPath: s.db)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func invalidInputIsRejectedWholeWithFileAndLineExit65() throws {
        let s = try Scratch()
        let file = try s.write("bad.jsonl", Self.contact + "\n{\"id\":\"x\"}\n" + Self.need.replacingOccurrences(of: "1230", with: "1234") + "\n")
        let result = try CLI.run(["ingest", "--db", s.db, file])
        #expect(result.status == 65)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("gapwatch: \(file):2: missing required field \"type\""))
        #expect(lines.contains("gapwatch: \(file):3: field \"person\" is shaped like a personnummer but fails the Luhn check"))
        #expect(lines.contains("ingested 0 new, 0 duplicate, 2 rejected"))
        #expect(!result.stderr.contains("19400101-1234"))
        #expect(try CLI.run(["verify", "--db", s.db]).stdout.hasPrefix("ok: 0 events"))
    }

    @Test func skipInvalidStoresTheRestAndWritesRejects() throws {
        let s = try Scratch()
        let file = try s.write("bad.jsonl", Self.contact + "\nnot json\n")
        let result = try CLI.run(["ingest", "--db", s.db, "--skip-invalid", "--rejects", s.path + "/rejects.jsonl", file])
        #expect(result.status == 0)
        #expect(result.stderr.contains("\ningested 1 new, 0 duplicate, 1 rejected\n"))
        #expect(try String(contentsOfFile: s.path + "/rejects.jsonl", encoding: .utf8) == "not json\n")
    }

    @Test func ingestReadsStandardInputAndTheStoreFromTheEnvironment() throws {
        let s = try Scratch()
        let result = try CLI.run(["ingest", "-"], stdin: Self.contact + "\n", environment: ["GAPWATCH_DB": s.db])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CLI.run(["verify", "--db", s.db]).stdout.hasPrefix("ok: 1 events"))
    }

    @Test(arguments: [
        (["ingest", "--skip-invalid", "x.jsonl"], Int32(64)),
        (["ingest"], Int32(64)),
        (["gaps", "--status", "maybe"], Int32(64)),
        (["gaps", "--as-of", "tomorrow"], Int32(64)),
        (["ingest", "/nonexistent/events.jsonl"], Int32(66)),
        (["gaps"], Int32(66)),
        (["verify"], Int32(66)),
        (["rules", "check", "/nonexistent/rules.yaml"], Int32(66)),
        (["gaps", "--person", "19400101-1234"], Int32(64)),
    ])
    func exitCodes(arguments: [String], status: Int32) throws {
        let s = try Scratch()
        let result = try CLI.run(arguments, in: s.path)
        #expect(result.status == status, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: s.db) || arguments.first == "ingest")
    }

    @Test func verifyNamesTheFirstBrokenSeqAndExits1() throws {
        let s = try Scratch()
        let lines = (1...4).map { #"{"id":"c\#($0)","type":"contact","person":"p-1","at":"2026-03-0\#($0)T08:00:00Z","actor":"a"}"# }
        _ = try CLI.run(["ingest", "--db", s.db, try s.write("a.jsonl", lines.joined(separator: "\n"))])
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["sqlite3", s.db, "DROP TRIGGER events_append_only_update; UPDATE events SET data = '{\"mode\":\"letter\"}' WHERE seq = 2;"]
        try sqlite.run()
        sqlite.waitUntilExit()
        try #require(sqlite.terminationStatus == 0, "sqlite3 is needed for this test")
        let verify = try CLI.run(["verify", "--db", s.db])
        #expect(verify.status == 1)
        #expect(verify.stdout == "broken: seq 2: hash does not match the chain\n")
    }

    @Test func rulesShowPrintsARulebookThatRulesCheckAccepts() throws {
        let s = try Scratch()
        let show = try CLI.run(["rules", "show"])
        #expect(show.status == 0)
        let check = try CLI.run(["rules", "check", try s.write("rules.yaml", show.stdout)])
        #expect(check.status == 0)
        #expect(check.stdout == "ok: 12 rules, time zone Europe/Stockholm\n")
    }

    @Test func rulesCheckNamesFileAndLine() throws {
        let s = try Scratch()
        let file = try s.write("rules.yaml", "timezone: Europe/Stockholm\nrules:\n  - id: a\n    kind: coverage\n    severity: low\n    title: t\n    scopes: [x]\n    grace: soon\n")
        let result = try CLI.run(["rules", "check", file])
        #expect(result.status == 65)
        #expect(result.stderr == "gapwatch: \(file):8: grace: bad duration \"soon\" (use e.g. 90m, 4h, 3d, 2w, or 3cd for calendar days)\n")
    }

    @Test func theTableMasksPersonnummerAndCSVHasTheContractFields() throws {
        let s = try Scratch()
        _ = try CLI.run(["ingest", "--db", s.db, try s.write("a.jsonl", Self.need + "\n")])
        let table = try CLI.run(["gaps", "--db", s.db, "--as-of", "2026-04-01"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("19400101-****"))
        #expect(table.stdout.range(of: "[0-9]{8}-?[0-9]{4}", options: .regularExpression) == nil)
        let csv = try CLI.run(["gaps", "--db", s.db, "--as-of", "2026-04-01", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("id,rule,kind,severity,title,person,scope,start,due,end,status,actor_before,actor_after,evidence\n"))
        let onePerson = try CLI.run(["gaps", "--db", s.db, "--as-of", "2026-04-01", "--format", "json", "--person", "194001011230", "--rule", "need-uncovered"])
        #expect(onePerson.stdout.split(separator: "\n").count == 1)
        #expect(onePerson.stdout.contains("\"person\":\"19400101-1230\""))
    }

    @Test func generateIsDeterministicAndIngestsCleanly() throws {
        let s = try Scratch()
        let a = try CLI.run(["generate", "--persons", "50", "--seed", "9"])
        let b = try CLI.run(["generate", "--persons", "50", "--seed", "9"])
        #expect(a.status == 0 && a.stdout == b.stdout && !a.stdout.isEmpty)
        let ingest = try CLI.run(["ingest", "--db", s.db, "-"], stdin: a.stdout)
        #expect(ingest.status == 0, "\(ingest.stderr)")
    }

    @Test func demoExplainsWhatItFoundAndWritesReports() throws {
        let s = try Scratch()
        let result = try CLI.run(["demo", "--dir", s.path + "/demo", "--persons", "60", "--lang", "en"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("A mellanrum is a gap between actors"))
        #expect(result.stdout.range(of: "[0-9]{8}-[0-9]{4}", options: .regularExpression) == nil)
        for file in ["events.jsonl", "gapwatch.sqlite", "findings.jsonl", "findings.csv"] {
            #expect(FileManager.default.fileExists(atPath: s.path + "/demo/" + file))
        }
    }

    @Test func demoSpeaksSwedishByDefault() throws {
        let s = try Scratch()
        let result = try CLI.run(["demo", "--dir", s.path + "/demo", "--persons", "30"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Ett mellanrum är ett glapp mellan aktörer"))
        #expect(result.stdout.contains("Flera huvudmän involverade men ingen SIP"))
        #expect(!result.stdout.contains("A mellanrum"))
    }

    @Test func jobsBelowOneIsAUsageError() throws {
        let s = try Scratch()
        _ = try CLI.run(["ingest", "--db", s.db, try s.write("a.jsonl", Self.need + "\n")])
        for command in [["gaps"], ["scan"], ["audit", "--actor", "norrkoping/hemtjanst"]] {
            let result = try CLI.run(command + ["--db", s.db, "--as-of", "2026-04-01", "--jobs", "0"])
            #expect(result.status == 64, "\(command)")
            #expect(result.stderr.contains("--jobs must be at least 1"), "\(command): \(result.stderr)")
        }
        #expect(try CLI.run(["gaps", "--db", s.db, "--as-of", "2026-04-01", "--jobs", "1"]).status == 0)
    }

    @Test func ackAndSilenceAreEventsInTheLog() throws {
        let s = try Scratch()
        _ = try CLI.run(["ingest", "--db", s.db, try s.write("a.jsonl", Self.need + "\n")])
        #expect(try CLI.run(["ack", "--db", s.db, "ffff-ffff", "--by", "samordnare"]).status == 66)
        #expect(try CLI.run(["ack", "--db", s.db, "nope", "--by", "samordnare"]).status == 64)
        let scan = try CLI.run(["scan", "--db", s.db, "--as-of", "2026-04-01"])
        #expect(scan.stdout == "scan (full): 1 persons replayed; 1 new, 0 still open, 0 closed, 0 withdrawn\n")
        let id = try #require(try CLI.run(["gaps", "--db", s.db, "--as-of", "2026-04-01", "--format", "json"]).stdout
            .components(separatedBy: "\"id\":\"").dropFirst().first?.prefix(20))
        let ack = try CLI.run(["ack", "--db", s.db, String(id), "--by", "norrkoping/samordnare", "--note", "ringt hemtjänsten"])
        #expect(ack.status == 0, "\(ack.stderr)")
        #expect(ack.stdout == "acknowledged \(id.prefix(4))-\(id.dropFirst(4).prefix(4)) (need-uncovered, 19400101-****) by norrkoping/samordnare\n")
        #expect(try CLI.run(["silence", "--db", s.db, "--rule", "no-such-rule", "--until", "2099-01-01", "--reason", "x"]).status == 64)
        #expect(try CLI.run(["silence", "--db", s.db, "--rule", "need-uncovered", "--until", "2020-01-01", "--reason", "x"]).status == 64)
        let silence = try CLI.run(["silence", "--db", s.db, "--rule", "need-uncovered", "--person", "194001011230", "--until", "2099-01-01",
                                   "--reason", "under utredning", "--by", "samordnare"])
        #expect(silence.status == 0, "\(silence.stderr)")
        #expect(silence.stdout == "silenced need-uncovered for 19400101-**** until 2098-12-31T23:00:00Z\n")
        #expect(try CLI.run(["verify", "--db", s.db]).stdout.hasPrefix("ok: 3 events"))
    }
}
