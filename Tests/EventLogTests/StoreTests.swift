import Foundation
import GRDB
import Testing
@testable import EventLog

@Suite struct StoreTests {
    @Test func aNewStoreIsPrivateToItsOwner() throws {
        let t = try TestStore()
        let attributes = try FileManager.default.attributesOfItem(atPath: t.store.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func readingCommandsDoNotCreateAStore() {
        #expect(throws: StoreError.notFound(path: "/nonexistent/x.sqlite")) {
            try SQLiteEventStore(path: "/nonexistent/x.sqlite", create: false)
        }
    }

    @Test func aStoreWrittenByANewerGapwatchIsRefused() throws {
        let t = try TestStore()
        try t.store.queue.write { db in try db.execute(sql: "PRAGMA user_version = 99") }
        #expect(throws: StoreError.self) { try SQLiteEventStore(path: t.store.path, create: false) }
    }

    @Test func reIngestingIsIdempotent() throws {
        let t = try TestStore()
        let path = try t.file("a.jsonl", [
            eventLine("e1", "need.identified", data: #"{"scope":"medical"}"#),
            eventLine("e2", "responsibility.assumed", data: #"{"scope":"medical"}"#),
        ])
        let (first, _) = try t.ingest([path])
        let headAfterFirst = try t.store.head()
        let (second, problems) = try t.ingest([path], at: "2026-04-02T00:00:00Z")
        #expect(first.line == "ingested 2 new, 0 duplicate, 0 rejected")
        #expect(second.line == "ingested 0 new, 2 duplicate, 0 rejected")
        #expect(problems.isEmpty)
        #expect(try t.store.head() == headAfterFirst)
    }

    @Test func theSameIdWithOtherContentIsAnErrorForThatLine() throws {
        let t = try TestStore()
        try t.ingest([try t.file("a.jsonl", [eventLine("e1", "contact")])])
        let (summary, problems) = try t.ingest([try t.file("b.jsonl", [eventLine("e2", "contact"), eventLine("e1", "contact", at: "2026-03-02T08:00:00Z")])])
        #expect(!summary.committed)
        #expect(problems == ["b.jsonl:2: field \"id\" names an event already stored with different content (a correction is a new event, e.g. event.retracted)"])
        #expect(try t.store.head().count == 1)
    }

    @Test func aBadLineAtTheEndOfALargeFileLeavesTheStoreUntouched() throws {
        let t = try TestStore()
        try t.ingest([try t.file("first.jsonl", [eventLine("first", "contact")])])
        let before = try t.store.head()
        var lines = (0..<50_000).map { eventLine("e\($0)", "contact", person: "p-\($0 % 997)") }
        lines.append(#"{"id":"last","type":"contact"}"#)
        let (summary, problems) = try t.ingest([try t.file("big.jsonl", lines)], at: "2026-04-02T00:00:00Z")
        #expect(!summary.committed)
        #expect(summary.line == "ingested 0 new, 0 duplicate, 1 rejected")
        #expect(problems == ["big.jsonl:50001: missing required field \"person\"", "big.jsonl:50001: missing required field \"at\"", "big.jsonl:50001: missing required field \"actor\""])
        #expect(try t.store.head() == before)
        #expect(try t.store.verify() == .ok(before))
    }

    @Test func everyBadLineIsReportedWithItsLineNumber() throws {
        let t = try TestStore()
        let path = try t.file("a.jsonl", [eventLine("e1", "contact"), "", "not json", eventLine("e2", "contact", person: "19400101-1234"), "\r"])
        let (_, problems) = try t.ingest([path])
        #expect(problems == [
            "a.jsonl:3: invalid JSON: unexpected character (column 1)",
            "a.jsonl:4: field \"person\" is shaped like a personnummer but fails the Luhn check",
        ])
    }

    @Test func aLineThatIsNotUTF8IsNamedAndNothingIsStored() throws {
        let t = try TestStore()
        let good = Array(eventLine("e1", "contact", actor: "vårdcentralen-ljura").utf8)
        var lines = [good]
        // A byte that is never UTF-8, a sequence cut short, and an overlong encoding of "/".
        for bad: [UInt8] in [[0xFF], [0xC3], [0xC0, 0xAF]] {
            lines.append(Array(#"{"id":"e2","type":"contact","person":"p-1","at":"2026-03-01T08:00:00Z","actor":"a"#.utf8) + bad + Array(#""}"#.utf8))
        }
        let path = t.folder + "/a.jsonl"
        try Data(lines.joined(separator: [0x0A])).write(to: URL(fileURLWithPath: path))
        let (summary, problems) = try t.ingest([path])
        #expect(!summary.committed)
        #expect(problems == (2...4).map { "a.jsonl:\($0): line is not valid UTF-8" })
        #expect(try t.store.head().count == 0)
        let (stored, _) = try t.ingest([try t.file("b.jsonl", [eventLine("e1", "contact", actor: "vårdcentralen-ljura")])])
        #expect(stored.new == 1)
    }

    @Test func skipInvalidStoresTheValidAndSetsBadLinesAsideVerbatim() throws {
        let t = try TestStore()
        let bad = #"{"id":"bad", "type":"contact"}"#
        let path = try t.file("a.jsonl", [eventLine("e1", "contact"), bad, eventLine("e2", "contact")])
        let (summary, problems) = try t.ingest([path], rejects: t.folder + "/rejects.jsonl")
        #expect(summary.committed)
        #expect(summary.line == "ingested 2 new, 0 duplicate, 1 rejected")
        #expect(problems.count == 3)
        #expect(try String(contentsOfFile: t.folder + "/rejects.jsonl", encoding: .utf8) == bad + "\n")
    }

    @Test func referencesMustExistBeOfTheRightTypeAboutTheSamePersonAndNotLater() throws {
        let t = try TestStore()
        let path = try t.file("a.jsonl", [
            eventLine("h1", "handover.initiated", at: "2026-03-01T08:00:00Z", data: #"{"scope":"home-care","to":"team"}"#),
            eventLine("a1", "handover.accepted", at: "2026-03-01T09:00:00Z", actor: "team", data: #"{"handover":"h1"}"#),
            eventLine("a2", "handover.accepted", data: #"{"handover":"nope"}"#),
            eventLine("a3", "handover.accepted", data: #"{"handover":"a1"}"#),
            eventLine("a4", "handover.accepted", person: "p-2", data: #"{"handover":"h1"}"#),
            eventLine("a5", "handover.accepted", at: "2026-03-01T07:59:59Z", data: #"{"handover":"h1"}"#),
            eventLine("r1", "event.retracted", data: #"{"target":"a1","reason":"wrong person"}"#),
            eventLine("r2", "event.retracted", data: #"{"target":"r1","reason":"oops"}"#),
            eventLine("a6", "handover.rejected", data: #"{"handover":"later"}"#),
            eventLine("later", "handover.initiated", data: #"{"scope":"x","to":"y"}"#),
        ])
        let (_, problems) = try t.ingest([path])
        // Line 9 refers to line 10, which v1.1 allows; a reference that nothing in the call
        // meets is known only at its end, so line 3 is reported last.
        #expect(problems == [
            "a.jsonl:4: data.handover refers to a handover.accepted event; expected handover.initiated",
            "a.jsonl:5: data.handover refers to an event about another person",
            "a.jsonl:6: data.handover refers to an event later in time than this one",
            "a.jsonl:8: a retraction cannot be retracted",
            "a.jsonl:3: data.handover refers to an event that is neither in the log nor in this ingest",
        ])
    }

    @Test func aRetractionMayTargetAnEventOfAnyTimeButNotAnotherPersons() throws {
        let t = try TestStore()
        let path = try t.file("a.jsonl", [
            eventLine("c1", "contact", at: "2026-03-05T08:00:00Z"),
            eventLine("r1", "event.retracted", at: "2026-03-01T08:00:00Z", data: #"{"target":"c1","reason":"typo"}"#),
            eventLine("r2", "event.retracted", person: "p-2", data: #"{"target":"c1","reason":"typo"}"#),
        ])
        let (_, problems) = try t.ingest([path])
        #expect(problems == ["a.jsonl:3: data.target refers to an event about another person"])
    }

    @Test func recordedAtNeverGoesBack() throws {
        let t = try TestStore()
        try t.ingest([try t.file("a.jsonl", [eventLine("e1", "contact")])], at: "2026-04-02T00:00:00Z")
        #expect(throws: StoreError.self) {
            try t.ingest([try t.file("b.jsonl", [eventLine("e2", "contact")])], at: "2026-04-01T00:00:00Z")
        }
        #expect(try t.store.head().count == 1)
    }

    @Test func aNewStoreUsesLargePagesInWALMode() throws {
        let t = try TestStore()
        let (pageSize, journalMode) = try t.store.queue.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA page_size"), try String.fetchOne(db, sql: "PRAGMA journal_mode"))
        }
        #expect(pageSize == 65536)
        #expect(journalMode == "wal")
    }

    @Test func readingAClosedStoreWritesNothingToIt() throws {
        let t = try TestStore()
        try t.ingest([try t.file("a.jsonl", [eventLine("e1", "contact"), eventLine("e2", "contact", person: "p-2")])])
        // A closed store, as a reading command finds it: its WAL checkpointed away.
        try t.store.queue.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        let path = t.folder + "/closed.sqlite"
        try FileManager.default.copyItem(atPath: t.store.path, toPath: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            let store = try SQLiteEventStore(path: path, create: false)
            #expect(try store.events(ofPerson: "p-2", knownAt: nil).map(\.event.id) == ["e2"])
            var persons = 0
            try store.forEachBatch(knownAt: nil) { persons += $0.count }
            #expect(persons == 2)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func theDatabaseRefusesUpdateAndDelete() throws {
        let t = try TestStore()
        try t.ingest([try t.file("a.jsonl", [eventLine("e1", "contact")])])
        try t.store.queue.write { db in
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE events SET actor = 'someone'") }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM events") }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE actors SET name = 'someone'") }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM actors") }
        }
        #expect(try t.store.head().count == 1)
        guard case .ok = try t.store.verify() else { Issue.record("the refused writes changed the log"); return }
    }

    /// Rows appended behind the tool's back, out of `seq` order or back in time, break the chain.
    @Test(arguments: [
        ("seq + 5", "recorded_at", "missing from the log"),
        ("seq + 1", "recorded_at - 1", "hash does not match the chain"),
    ])
    func verifyFindsRowsAppendedOutOfOrder(seq: String, recordedAt: String, reason: String) throws {
        let t = try TestStore()
        try t.ingest([try t.file("a.jsonl", [eventLine("e1", "contact")])])
        try t.store.queue.write { db in
            try db.execute(sql: "INSERT INTO events SELECT person, at, \(seq), 'other', type, \(recordedAt), actor, data, hash FROM events")
        }
        #expect(try t.store.verify() == .broken(seq: 2, reason: reason))
    }

    /// The chain's bytes are fixed by the contract: a known answer, computed outside gapwatch
    /// (Python's hashlib over the documented record).
    @Test func theHashChainMatchesItsDocumentedRecord() throws {
        let event = #"{"actor":"vc-ljura","at":"2026-03-01T08:00:00Z","id":"e1","person":"19121212-1212","type":"contact"}"#
        let first = HashChain.hash(previous: HashChain.genesis, seq: 1, recordedAt: try RFC3339.parse("2026-04-01T00:00:00Z"), canonicalEvent: event)
        #expect(HashChain.hex(first) == "5b37489f5e9d7d158332d7e6c00df813fbd9ac8c2d961678ffe33fd87c038f54")
        let second = HashChain.hash(previous: first, seq: 2, recordedAt: try RFC3339.parse("2026-04-01T00:00:00.5Z"), canonicalEvent: #"{"data":{"note":"Åsa"}}"#)
        #expect(HashChain.hex(second) == "fec56ce571d7b0e800902c091fe6110ff5cc60246dc2d5da1e20166b3a8e44b0")
    }

    @Test(arguments: ["actor", "unknown actor", "data", "hash", "recorded_at", "person"])
    func verifyNamesTheFirstRowEditedBehindTheToolsBack(column: String) throws {
        let t = try TestStore()
        try t.ingest([try t.file("a.jsonl", (1...5).map { eventLine("e\($0)", "contact", at: "2026-03-0\($0)T08:00:00Z") })])
        guard case .ok = try t.store.verify() else { Issue.record("fresh store does not verify"); return }
        let edit = switch column {
        case "actor": "actor = (SELECT code FROM actors WHERE name = 'vc-other')"
        case "unknown actor": "actor = 99"
        case "data": #"data = '{"mode":"letter"}'"#
        case "hash": "hash = zeroblob(32)"
        case "recorded_at": "recorded_at = recorded_at + 1"
        default: "person = 'p-2'"
        }
        try t.store.queue.write { db in
            try db.execute(sql: "INSERT INTO actors (name) VALUES ('vc-other')")
            try db.execute(sql: "DROP TRIGGER events_append_only_update")
            try db.execute(sql: "UPDATE events SET \(edit) WHERE seq = 3")
        }
        guard case .broken(let seq, let reason) = try t.store.verify() else { Issue.record("tampering not detected"); return }
        #expect(seq == 3)
        if column == "unknown actor" { #expect(reason == "its actor code names no actor") }
    }

    /// Event rows keep a code for their actor: renaming the actor behind the tool's back
    /// changes every event of that actor, and the first of them breaks the chain.
    @Test func verifyFindsAnActorRenamedBehindTheToolsBack() throws {
        let t = try TestStore()
        try t.ingest([try t.file("a.jsonl", [
            eventLine("e1", "contact", actor: "vc-other"),
            eventLine("e2", "contact", at: "2026-03-02T08:00:00Z"),
        ])])
        try t.store.queue.write { db in
            try db.execute(sql: "DROP TRIGGER actors_append_only_update")
            try db.execute(sql: "UPDATE actors SET name = 'vc-renamed' WHERE name = 'vc-ljura'")
        }
        #expect(try t.store.verify() == .broken(seq: 2, reason: "hash does not match the chain"))
    }

    /// Each actor's name is stored once, whatever the number of its events and ingests.
    @Test func actorNamesAreStoredOnce() throws {
        let t = try TestStore()
        try t.ingest([try t.file("a.jsonl", [eventLine("e1", "contact"), eventLine("e2", "contact", actor: "vc-other")])])
        try t.ingest([try t.file("b.jsonl", [eventLine("e3", "contact"), eventLine("e4", "contact", actor: "vc-third")])])
        let (names, codes) = try t.store.queue.read { db in
            (try String.fetchAll(db, sql: "SELECT name FROM actors ORDER BY code"),
             try Int64.fetchAll(db, sql: "SELECT actor FROM events ORDER BY seq"))
        }
        #expect(names == ["vc-ljura", "vc-other", "vc-third"])
        #expect(codes == [1, 2, 1, 3])
        #expect(try t.store.events(ofPerson: "p-1", knownAt: nil).map(\.event.actor) == ["vc-ljura", "vc-other", "vc-ljura", "vc-third"])
    }

    /// Someone who edits a row and then recomputes the whole chain after it: the hashes match,
    /// but a row the log could not have written is still found.
    @Test(arguments: [
        (#"data = '{ "mode":"phone"}'"#, "row does not match its stored event"),
        ("data = '{}'", "row does not match its stored event"),
        ("data = '[1]'", "row does not match its stored event"),
        ("recorded_at = recorded_at - 1", "recorded_at goes back in time"),
    ])
    func verifyFindsRowsTheLogCannotHaveWrittenEvenUnderARecomputedChain(edit: String, reason: String) throws {
        let t = try TestStore()
        try t.ingest([try t.file("a.jsonl", (1...4).map { eventLine("e\($0)", "contact", at: "2026-03-0\($0)T08:00:00Z", data: #"{"mode":"phone"}"#) })])
        try t.store.queue.write { db in
            try db.execute(sql: "DROP TRIGGER events_append_only_update")
            try db.execute(sql: "UPDATE events SET \(edit) WHERE seq = 3")
            var previous = HashChain.genesis
            for row in try Row.fetchAll(db, sql: """
                SELECT e.seq, e.at, e.recorded_at, e.id, e.type, e.person, a.name, e.data FROM events e JOIN actors a ON a.code = e.actor ORDER BY e.seq
                """) {
                let body = CareEvent.canonicalJSON(actor: row[6], at: Instant(microseconds: row[1]), data: row[7], id: row[3], person: row[5], type: row[4])
                previous = HashChain.hash(previous: previous, seq: row[0], recordedAt: Instant(microseconds: row[2]), canonicalEvent: body)
                try db.execute(sql: "UPDATE events SET hash = ? WHERE seq = ?", arguments: [Data(previous), row[0]])
            }
        }
        #expect(try t.store.verify() == .broken(seq: 3, reason: reason))
    }

    @Test func readsReplayOrderPersonsAndKnowledge() throws {
        let t = try TestStore()
        try t.ingest([try t.file("a.jsonl", [
            eventLine("b2", "contact", person: "p-b", at: "2026-03-02T08:00:00Z"),
            eventLine("a1", "contact", person: "p-a", at: "2026-03-03T08:00:00Z"),
            eventLine("b1", "contact", person: "p-b", at: "2026-03-01T08:00:00Z"),
            eventLine("b3", "contact", person: "p-b", at: "2026-03-01T08:00:00Z"),
            eventLine("reg", "actor.registered", person: nil, data: #"{"name":"A","principal":"region","principal_name":"R","kind":"k"}"#),
        ])], at: "2026-04-01T00:00:00Z")
        try t.ingest([try t.file("b.jsonl", [eventLine("a2", "contact", person: "p-a")])], at: "2026-04-05T00:00:00Z")

        #expect(try t.store.events(ofPerson: "p-b", knownAt: nil).map(\.event.id) == ["b1", "b3", "b2"])
        var seen: [String: [String]] = [:]
        var order: [String] = []
        try t.store.forEachPerson(knownAt: nil) { person, events in
            order.append(person)
            seen[person] = events.map(\.event.id)
        }
        #expect(order == ["p-a", "p-b"])
        #expect(seen["p-a"] == ["a2", "a1"])
        let known = try t.store.events(ofPerson: "p-a", knownAt: try RFC3339.parse("2026-04-02T00:00:00Z"))
        #expect(known.map(\.event.id) == ["a1"])
        #expect(try t.store.persons(recordedAfter: 5) == ["p-a"])
        #expect(try t.store.actorRegistrations(knownAt: nil).map(\.event.id) == ["reg"])
    }
}
