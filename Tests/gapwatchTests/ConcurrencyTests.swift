import Foundation
import Testing

/// Several processes on one store, and a process killed in the middle of an ingest.
@Suite(.serialized) struct ConcurrencyTests {
    @Test func twoIngestsAtOnceBothLand() throws {
        let s = try Scratch()
        let a = try CLI.run(["generate", "--persons", "400", "--seed", "1"]).stdout
        let b = try CLI.run(["generate", "--persons", "400", "--seed", "2"]).stdout
        let fileA = try s.write("a.jsonl", a), fileB = try s.write("b.jsonl", b)
        let first = try CLI.start(["ingest", "--db", s.db, fileA])
        let second = try CLI.start(["ingest", "--db", s.db, fileB])
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(first.terminationStatus == 0 && second.terminationStatus == 0)
        let count = { (text: String) in text.split(separator: "\n").count }
        // Both populations register the same actors under the same ids: those are duplicates.
        let registrations = a.split(separator: "\n").filter { $0.contains("\"actor.registered\"") }.count
        let verify = try CLI.run(["verify", "--db", s.db])
        #expect(verify.stdout.hasPrefix("ok: \(count(a) + count(b) - registrations) events"), "\(verify.stdout)")
    }

    @Test func killingAnIngestLeavesAStoreThatVerifiesWithAllOrNoneOfIt() throws {
        let s = try Scratch()
        let big = try s.write("big.jsonl", try CLI.run(["generate", "--persons", "6000", "--seed", "3"]).stdout)
        _ = try CLI.run(["ingest", "--db", s.db, try s.write("small.jsonl", #"{"id":"first","type":"contact","person":"p","at":"2026-01-01T00:00:00Z","actor":"a"}"#)])
        let ingest = try CLI.start(["ingest", "--db", s.db, big])
        // Wait until the ingest is well under way (its write-ahead log grows), then kill it.
        let wal = s.db + "-wal"
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? NSNumber)?.intValue ?? 0
            if size > 4_000_000 { break }
            usleep(20_000)
        }
        kill(ingest.processIdentifier, SIGKILL)
        ingest.waitUntilExit()
        #expect(ingest.terminationReason == .uncaughtSignal)
        let verify = try CLI.run(["verify", "--db", s.db])
        #expect(verify.status == 0)
        // The ingest writes its pages to the log as it commits (its cache holds them until then):
        // a kill can land during the commit, and then the store holds all of it, never a part.
        let all = 1 + (try String(contentsOfFile: big, encoding: .utf8)).split(separator: "\n").count
        #expect(verify.stdout.hasPrefix("ok: 1 events") || verify.stdout.hasPrefix("ok: \(all) events"), "\(verify.stdout)")
        // The next ingest picks up cleanly and stores all of it.
        let again = try CLI.run(["ingest", "--db", s.db, big])
        #expect(again.status == 0)
        #expect(try CLI.run(["verify", "--db", s.db]).status == 0)
    }

    @Test func killingAScanLeavesNoHalfStateAndTheNextScanPicksUpCleanly() throws {
        let s = try Scratch()
        let population = try s.write("p.jsonl", try CLI.run(["generate", "--persons", "6000", "--seed", "4"]).stdout)
        #expect(try CLI.run(["ingest", "--db", s.db, population]).status == 0)
        // Kill the scan once its debug log says it is a third of the way through (inside its
        // transaction), waiting for nothing else: that stays mid-scan however fast scans get.
        let stderr = Pipe()
        let scan = try CLI.start(["scan", "--db", s.db, "--as-of", "2027-01-01"], environment: ["GAPWATCH_LOG_LEVEL": "debug"], stderr: stderr)
        var log = ""
        while !log.contains("scan progress") {
            let chunk = stderr.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            log += String(decoding: chunk, as: UTF8.self)
        }
        kill(scan.processIdentifier, SIGKILL)
        #expect(log.contains("scan progress persons=2000"), "\(log)")
        scan.waitUntilExit()
        #expect(scan.terminationReason == .uncaughtSignal)
        let next = try CLI.run(["scan", "--db", s.db, "--as-of", "2027-01-01"])
        #expect(next.status == 0)
        #expect(next.stdout.hasPrefix("scan (full): 6000 persons replayed;"), "\(next.stdout)")
        #expect(next.stdout.contains(" 0 still open, 0 closed, 0 withdrawn"), "no finding may survive from the killed scan")
        let again = try CLI.run(["scan", "--db", s.db, "--as-of", "2027-01-01"])
        #expect(again.stdout.hasPrefix("scan (incremental): 0 persons replayed; 0 new,"), "\(again.stdout)")
        #expect(try CLI.run(["verify", "--db", s.db]).status == 0)
    }
}
