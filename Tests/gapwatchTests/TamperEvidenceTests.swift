import Foundation
import Testing

/// The reproduction: with the triggers dropped, a tail of 1,000 rows deleted and a
/// `scan --full` run over what is left, `verify` must not say ok; someone who also deletes the
/// heads the store recorded is caught by a head or a signed checkpoint kept outside the store.
@Suite struct TamperEvidenceTests {
    @Test func aTailCutOffIsFoundByTheRecordedHeadsAndByACheckpoint() throws {
        let store = try StoreFaultTests.Store()
        let s = store.s
        let kept = try CLI.run(["verify", "--db", s.db])
        #expect(kept.status == 0)
        let fields = kept.stdout.split(separator: " ")  // ok: N events, head HASH
        let head = "\(fields[1]):\(fields[4].trimmingCharacters(in: .whitespacesAndNewlines))"

        let key = s.path + "/signing.key"
        #expect(try CLI.run(["checkpoint", "--new-key", key]).status == 0)
        #expect(try CLI.run(["checkpoint", "--db", s.db, "--key", key, "--out", s.path + "/cp.txt"]).status == 0)
        let checkpoint = ["--checkpoint", s.path + "/cp.txt", "--public-key", key + ".pub"]
        #expect(try CLI.run(["verify", "--db", s.db] + checkpoint).status == 0)
        #expect(try CLI.run(["verify", "--db", s.db, "--expect-head", head]).status == 0)

        try store.sqlite("DROP TRIGGER events_append_only_delete; DELETE FROM events WHERE seq > (SELECT max(seq) - 1000 FROM events);")
        #expect(try CLI.run(["scan", "--db", s.db, "--full", "--as-of", "2026-06-02"]).status == 0)
        let cut = try CLI.run(["verify", "--db", s.db])
        #expect(cut.status == 1)
        #expect(cut.stdout.contains("missing from the log (its end was cut off), where the ingest of 2026-06-01T00:00:00Z ended"), "\(cut.stdout)")

        try store.sqlite("DROP TRIGGER heads_append_only_delete; DELETE FROM heads;")
        #expect(try CLI.run(["verify", "--db", s.db]).status == 0, "the limit of the store's own heads, as documented")
        let external = try CLI.run(["verify", "--db", s.db, "--expect-head", head])
        #expect(external.status == 1)
        #expect(external.stdout.contains("where --expect-head says the log reached"))
        let signed = try CLI.run(["verify", "--db", s.db] + checkpoint)
        #expect(signed.status == 1)
        #expect(signed.stdout.contains("where the checkpoint made"))
    }

    @Test func aChangedCheckpointOrAWrongKeyIsRefused() throws {
        let s = try Scratch()
        #expect(try CLI.run(["ingest", "--db", s.db, try s.write("a.jsonl", CommandTests.contact + "\n")]).status == 0)
        for name in ["a", "b"] { #expect(try CLI.run(["checkpoint", "--new-key", s.path + "/" + name]).status == 0) }
        let text = try CLI.run(["checkpoint", "--db", s.db, "--key", s.path + "/a"]).stdout
        let changed = try s.write("changed.txt", text.replacingOccurrences(of: "log 1 ", with: "log 0 "))
        let result = try CLI.run(["verify", "--db", s.db, "--checkpoint", changed, "--public-key", s.path + "/a.pub"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("its signature does not match its content"))
        let other = try CLI.run(["verify", "--db", s.db, "--checkpoint", try s.write("cp.txt", text), "--public-key", s.path + "/b.pub"])
        #expect(other.status == 65)
        #expect(other.stderr.contains("signed by another key"))
        #expect(try CLI.run(["checkpoint", "--new-key", s.path + "/a"]).status == 74, "an existing key is never replaced")
    }

    @Test func theDigestPrintsTheHeadToKeepOutsideTheStore() throws {
        let store = try StoreFaultTests.Store()
        let digest = try CLI.run(["digest", "--db", store.s.db, "--as-of", "2026-06-02", "--to", "s@k.se", "--dry-run", "--lang", "en"])
        #expect(digest.status == 0)
        let lines = digest.stdout.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "Content-Type: text/plain; charset=utf-8"))
        let base64 = lines[(start + 3)...].prefix { !$0.hasPrefix("--gapwatch") }.joined()
        let plain = String(decoding: Data(base64Encoded: base64) ?? Data(), as: UTF8.self)
        let line = try #require(plain.components(separatedBy: "\n").first { $0.hasPrefix("Log head: ") })
        let head = try #require(line.components(separatedBy: "--expect-head ").last?.components(separatedBy: " ").first)
        #expect(try CLI.run(["verify", "--db", store.s.db, "--expect-head", head]).status == 0)
    }
}
