import Foundation
import Testing

/// Small things a first user or an operator meets (issue 26, item 11).
@Suite struct CommandEdgeTests {
    @Test func anIngestThatCannotStartMakesNoStore() throws {
        let s = try Scratch()
        let missing = try CLI.run(["ingest", "--db", s.db, s.path + "/missing.jsonl"])
        #expect(missing.status == 66)
        try FileManager.default.createDirectory(atPath: s.path + "/exports", withIntermediateDirectories: true)
        let folder = try CLI.run(["ingest", "--db", s.db, s.path + "/exports"])
        #expect(folder.status == 66)
        #expect(folder.stderr.contains("exports: a directory, not a file of events"))
        let rejects = try s.write("rejects.jsonl", "")
        let taken = try CLI.run(["ingest", "--db", s.db, "--skip-invalid", "--rejects", rejects, try s.write("a.jsonl", CommandTests.contact + "\n")])
        #expect(taken.status == 74)
        #expect(!FileManager.default.fileExists(atPath: s.db))
    }

    @Test func linesSetAsideAreAWarningOfTheirOwn() throws {
        let s = try Scratch()
        let file = try s.write("bad.jsonl", CommandTests.contact + "\nnot json\n")
        let result = try CLI.run(["ingest", "--db", s.db, "--skip-invalid", "--rejects", s.path + "/rejects.jsonl", file])
        #expect(result.status == 0)
        #expect(result.stderr.hasSuffix("ingested 1 new, 0 duplicate, 1 rejected\n"
            + "gapwatch: warning: 1 lines were set aside in \(s.path)/rejects.jsonl, not stored: fix them and ingest that file again\n"))
    }

    @Test(arguments: [
        (["generate", "--persons", "-5"], "--persons must be 0 or more"),
        (["help", "frobnicate"], "gapwatch: help: no command frobnicate; the commands are ingest, verify"),
        (["help", "scna"], "did you mean scan?"),
    ])
    func usageErrorsSayWhatIsWrong(arguments: [String], message: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }

    @Test func aDryRunSaysNothingWasSentAndFilesNameTheirRecipient() throws {
        let store = try StoreFaultTests.Store()
        let dry = try CLI.run(["digest", "--db", store.s.db, "--as-of", "2026-06-02", "--to", "s@k.se", "--dry-run"])
        #expect(dry.stderr.contains("digest (dry run): "))
        #expect(dry.stderr.contains("nothing was sent or recorded"))
        #expect(!dry.stderr.contains("delivered"))
        let out = store.s.path + "/mail"
        #expect(try CLI.run(["digest", "--db", store.s.db, "--as-of", "2026-06-02", "--to", "s@k.se", "--out", out]).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect((try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        #expect(files.contains { $0.hasPrefix("s@k.se.gapwatch.") && $0.hasSuffix(".eml") }, "\(files)")
    }

    @Test func theDemoSaysHowToRunWhatItSuggests() throws {
        let s = try Scratch()
        let result = try CLI.run(["demo", "--dir", s.path + "/demo", "--persons", "20"])
        // The tests run the binary from .build/, as `swift run` does.
        #expect(result.stdout.contains("  swift run gapwatch gaps --db \(s.path)/demo/gapwatch.sqlite"))
    }
}

/// The nightly ledger moves forward in `as_of` (issue 26, item 1).
@Suite struct ScanTimeTests {
    @Test func aScanAsOfAnEarlierTimeIsAUsageErrorThatSaysWhereToLook() throws {
        let store = try StoreFaultTests.Store()
        let result = try CLI.run(["scan", "--db", store.s.db, "--as-of", "2026-01-01"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("the last scan was as of 2026-05-31T22:00:00Z"))
        #expect(result.stderr.contains("use gaps --as-of or audit --as-of"))
    }
}

/// The digest looks ahead to the end of the next working day (issue 26, item 4): on a Friday
/// it warns of a handover that falls due on Sunday, which a 24-hour look-ahead would leave to
/// Monday's digest, after the deadline.
@Suite struct DueSoonTests {
    @Test func aFridayDigestWarnsOfWhatFallsDueOverTheWeekend() throws {
        let s = try Scratch()
        let events = [
            #"{"id":"r1","type":"actor.registered","at":"2020-01-01T00:00:00Z","actor":"region/ward","data":{"name":"Ward","principal":"region","principal_name":"Region","kind":"hospital-ward","email":"ward@region.example"}}"#,
            #"{"id":"r2","type":"actor.registered","at":"2020-01-01T00:00:00Z","actor":"kommun/hem","data":{"name":"Hem","principal":"municipality","principal_name":"Kommun","kind":"home-care","email":"hem@kommun.example"}}"#,
            #"{"id":"h1","type":"handover.initiated","person":"19400101-1230","at":"2026-03-06T04:00:00+01:00","actor":"region/ward","data":{"scope":"home-care","to":"kommun/hem"}}"#,
        ]
        #expect(try CLI.run(["ingest", "--db", s.db, "--recorded-at", "2026-03-06T04:30:00+01:00", try s.write("e.jsonl", lines: events)]).status == 0)
        #expect(try CLI.run(["scan", "--db", s.db, "--as-of", "2026-03-06T05:00:00+01:00"]).status == 0)
        let friday = ["digest", "--db", s.db, "--as-of", "2026-03-06T06:00:00+01:00", "--dry-run"]
        let narrow = try CLI.run(friday + ["--due-soon", "24h"])
        #expect(!narrow.stdout.contains("From gapwatch"), "due Sunday 04:00: outside 24 hours")
        let workingDay = try CLI.run(friday)
        #expect(workingDay.status == 0, "\(workingDay.stderr)")
        #expect(workingDay.stdout.contains("To: hem@kommun.example"))
        #expect(workingDay.stderr.contains("digest (dry run): 2 messages made"))
    }
}

/// A digest's sections list the most severe first (issue 26, item 4).
@Suite struct DigestOrderTests {
    @Test func eachSectionListsTheMostSevereFirst() throws {
        let store = try StoreFaultTests.Store()
        let digest = try CLI.run(["digest", "--db", store.s.db, "--as-of", "2026-06-02", "--to", "s@k.se", "--dry-run", "--lang", "en"])
        let lines = digest.stdout.components(separatedBy: "\n")
        let texts = lines.indices.filter { lines[$0] == "Content-Type: text/plain; charset=utf-8" }.map { start in
            String(decoding: Data(base64Encoded: lines[(start + 3)...].prefix { !$0.hasPrefix("--gapwatch") }.joined()) ?? Data(), as: UTF8.self)
        }
        let rank = ["critical": 0, "high": 1, "medium": 2, "low": 3]
        var mixed = false
        for text in texts {
            for section in text.components(separatedBy: "\n\n") {
                let severities = section.components(separatedBy: "\n").compactMap { line -> Int? in
                    guard line.hasPrefix("  - ["), let open = line.range(of: " ("), let close = line.range(of: ") ", range: open.upperBound..<line.endIndex) else { return nil }
                    return rank[String(line[open.upperBound..<close.lowerBound])]
                }
                #expect(severities == severities.sorted(), "\(section)")
                mixed = mixed || Set(severities).count > 1
            }
        }
        #expect(mixed, "no section held two severities: the order was not tested")
    }
}
