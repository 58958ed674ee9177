import Foundation
import GRDB
import Testing
@testable import EventLog

/// A hash chain cannot see its own end cut off: the heads that ingests record, a head kept
/// elsewhere and a signed checkpoint can, each against a stronger attacker.
@Suite struct AnchorTests {
    /// A store with two ingests (events 1–3, then 4–6).
    func twoIngests() throws -> TestStore {
        let t = try TestStore()
        try t.ingest([try t.file("a.jsonl", (1...3).map { eventLine("a\($0)", "contact", at: "2026-03-0\($0)T08:00:00Z") })])
        try t.ingest([try t.file("b.jsonl", (4...6).map { eventLine("b\($0)", "contact", at: "2026-03-0\($0)T08:00:00Z") })],
                     at: "2026-04-02T00:00:00Z")
        return t
    }

    /// What an attacker with write access to the file does: drops the triggers and deletes.
    func cutOff(_ t: TestStore, after seq: Int64, heads: Bool = false) throws {
        try t.store.queue.write { db in
            try db.execute(sql: "DROP TRIGGER events_append_only_delete; DELETE FROM events WHERE seq > ?", arguments: [seq])
            if heads { try db.execute(sql: "DROP TRIGGER heads_append_only_delete; DELETE FROM heads WHERE seq > ?", arguments: [seq]) }
        }
    }

    func head(_ t: TestStore) throws -> (seq: Int64, hash: [UInt8]) {
        let head = try t.store.head()
        return (head.count, HashChain.bytes(hex: head.hash)!)
    }

    @Test func everyIngestRecordsItsHeadAndACutOffEndIsFound() throws {
        let t = try twoIngests()
        let heads = try t.store.queue.read { db in try Row.fetchAll(db, sql: "SELECT seq, source FROM heads ORDER BY id") }
        #expect(heads.map { $0["seq"] as Int64 } == [3, 6])
        #expect(heads.map { $0["source"] as String } == ["ingest", "ingest"])
        try cutOff(t, after: 4)
        guard case .broken(let seq, let reason) = try t.store.verify() else {
            Issue.record("a log cut short verified")
            return
        }
        #expect(seq == 6)
        #expect(reason == "missing from the log (its end was cut off), where the ingest of 2026-04-02T00:00:00Z ended")
    }

    @Test func anIngestThatStoresNothingNewRecordsNoHead() throws {
        let t = try twoIngests()
        try t.ingest([t.folder + "/b.jsonl"], at: "2026-04-03T00:00:00Z")
        #expect(try t.store.queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM heads") } == 2)
    }

    /// Someone who also cuts the recorded heads gets past `verify` alone, not past a head kept
    /// elsewhere.
    @Test func aHeadKeptElsewhereFindsWhatTheStoresOwnHeadsCannot() throws {
        let t = try twoIngests()
        let kept = try head(t)
        try cutOff(t, after: 4, heads: true)
        #expect(try t.store.verify() == .ok(LogHead(count: 4, hash: HashChain.hex(try t.store.queue.read { db in
            Array(try Data.fetchOne(db, sql: "SELECT hash FROM events WHERE seq = 4")!)
        }))))
        #expect(try t.store.check(reaching: nil, expectedHead: kept)
            == .broken(seq: 6, reason: "missing from the log (its end was cut off), where --expect-head says the log reached"))
        #expect(try t.store.check(reaching: nil, expectedHead: (4, kept.hash))
            == .broken(seq: 4, reason: "not the event the chain had there, where --expect-head says the log reached"))
    }

    @Test func aSignedCheckpointIsCheckedAndItsTamperingFound() throws {
        let t = try twoIngests()
        let key = SigningKey.generate()
        let made = try RFC3339.parse("2026-04-02T03:00:00Z")
        let text = try t.store.checkpoint(made: made).signed(with: key)
        let read = try Checkpoint(text: text, publicKey: key.publicKey)
        #expect(read.log.count == 6)
        #expect(read.made == made)
        #expect(try t.store.check(reaching: read, expectedHead: nil) == nil)

        // A changed checkpoint, another key, a malformed file.
        #expect(throws: CheckpointError.badSignature) {
            try Checkpoint(text: text.replacingOccurrences(of: "log 6 ", with: "log 5 "), publicKey: key.publicKey)
        }
        #expect(throws: CheckpointError.otherKey) { try Checkpoint(text: text, publicKey: SigningKey.generate().publicKey) }
        #expect(throws: CheckpointError.malformed(line: 1, "not a gapwatch checkpoint (its first line is \"gapwatch checkpoint v1\")")) {
            try Checkpoint(text: "hello\n\n\n\n\n", publicKey: key.publicKey)
        }
        // The keys survive their files.
        let again = try SigningKey(fileText: key.fileText)
        #expect(try PublicKey(fileText: key.publicKey.fileText).id == again.publicKey.id)

        try cutOff(t, after: 5, heads: true)
        #expect(try t.store.check(reaching: read, expectedHead: nil)
            == .broken(seq: 6, reason: "missing from the log (its end was cut off), where the checkpoint made 2026-04-02T03:00:00Z says the log reached"))
    }

    @Test func aHashInGroupsOrInOnePieceIsTheSameBytes() {
        #expect(HashChain.bytes(hex: "00ff10Ab") == [0x00, 0xFF, 0x10, 0xAB])
        #expect(HashChain.bytes(hex: "0g") == nil)
        #expect(HashChain.bytes(hex: "abc") == nil)
    }
}
