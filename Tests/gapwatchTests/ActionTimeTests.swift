import Foundation
import Testing

/// Acknowledgements and silences take their time as a parameter, like every other command, so
/// that backfills, training and tests can record them in the past (issue 26, item 9).
@Suite struct ActionTimeTests {
    @Test func anAcknowledgementAtAGivenTimeLetsLaterBackfillsIn() throws {
        let store = try StoreFaultTests.Store()
        let finding = try store.sqlite("SELECT id FROM findings ORDER BY id LIMIT 1").trimmingCharacters(in: .whitespacesAndNewlines)
        let ack = try CLI.run(["ack", "--db", store.s.db, finding, "--by", "norrkoping/samordnare", "--at", "2026-06-02T09:00:00+02:00"])
        #expect(ack.status == 0, "\(ack.stderr)")
        let recorded = try store.sqlite("SELECT at, recorded_at FROM events WHERE type = 'x-gapwatch.ack'")
        #expect(recorded == "1780383600000000|1780383600000000\n")
        let backfill = try CLI.run(["ingest", "--db", store.s.db, "--recorded-at", "2026-06-03T00:00:00Z", store.export])
        #expect(backfill.status == 0, "\(backfill.stderr)")
        let early = try CLI.run(["ack", "--db", store.s.db, finding, "--by", "x", "--at", "2026-06-01T12:00:00Z"])
        #expect(early.status == 65)
        #expect(early.stderr.contains("is earlier than the log's latest"))
    }

    @Test func aSilenceChecksEverythingElseBeforeItsEnd() throws {
        let store = try StoreFaultTests.Store()
        let base = ["silence", "--db", store.s.db, "--rule", "sip-missing", "--reason", "pilot", "--at", "2026-06-02"]
        let badPerson = try CLI.run(base + ["--person", "19400101-1234", "--until", "2020-01-01"])
        #expect(badPerson.status == 64)
        #expect(badPerson.stderr.contains("fails the Luhn check"))
        let early = try CLI.run(base + ["--until", "2026-06-01"])
        #expect(early.status == 64)
        #expect(early.stderr.contains("--until must be later than the silence starts (--at)"))
        let ok = try CLI.run(base + ["--until", "2026-07-01"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stderr.isEmpty)
    }

    @Test func aSilenceOfAnUnregisteredActorIsWarnedAbout() throws {
        let store = try StoreFaultTests.Store()
        let actor = try store.sqlite("SELECT name FROM actors ORDER BY name LIMIT 1").trimmingCharacters(in: .whitespacesAndNewlines)
        let typo = String(actor.dropLast()) + "x"
        let result = try CLI.run(["silence", "--db", store.s.db, "--rule", "sip-missing", "--actor", typo, "--until", "2099-01-01", "--reason", "r"])
        #expect(result.status == 0)
        #expect(result.stderr == "gapwatch: warning: no actor \(typo) is registered in the log; did you mean \(actor)? (the silence is recorded as given)\n")
    }
}
