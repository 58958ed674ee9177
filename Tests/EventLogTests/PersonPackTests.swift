import Foundation
import GRDB
import Testing
@testable import EventLog

/// Person packs: a full read from them gives exactly what a read of the rows gives, events
/// stored after them are never missed, and `verify` names a pack that is not what its rows say.
@Suite struct PersonPackTests {
    /// 40 persons with 12 events each, two of them with `data`, recorded in two ingests.
    private func population(_ t: TestStore) throws {
        func lines(_ persons: Range<Int>, _ events: Range<Int>) -> [String] {
            persons.flatMap { p in
                events.map { e in
                    eventLine("p\(p)-e\(e)", e % 5 == 0 ? "need.identified" : "contact", person: "p-\(p)",
                              at: "2026-03-\(10 + e % 9)T08:0\(e % 7):00Z", actor: "actor-\(e % 3)",
                              data: e % 5 == 0 ? #"{"scope":"medical"}"# : nil)
                }
            }
        }
        try t.ingest([try t.file("a.jsonl", lines(0..<40, 0..<8))], at: "2026-04-01T00:00:00Z")
        try t.ingest([try t.file("b.jsonl", lines(0..<40, 8..<12))], at: "2026-04-02T00:00:00Z")
    }

    /// Every person's decoded events, as a full read gives them.
    private func fullRead(_ t: TestStore, knownAt: Instant? = nil) throws -> [String: [RecordedEvent]] {
        var read: [String: [RecordedEvent]] = [:]
        try t.store.forEachBatch(knownAt: knownAt) { batch in
            for person in batch {
                #expect(read[person.person] == nil, "each person once")
                read[person.person] = try person.decode()
            }
        }
        return read
    }

    /// The same read from the rows alone, as if there were no packs.
    private func rowsRead(_ t: TestStore) throws -> [String: [RecordedEvent]] {
        var read: [String: [RecordedEvent]] = [:]
        try t.store.queue.read { db in
            try EventReads.forEachBatch(db, knownAt: nil, eventsPerBatch: 100, fromRows: true) { batch in
                for person in batch { read[person.person] = try person.decode() }
            }
        }
        return read
    }

    private func refresh(_ t: TestStore, all: Bool = false) throws {
        try t.store.queue.write { db in try PersonPacks.refresh(db, all: all) }
    }

    private func through(_ t: TestStore) throws -> Int64? { try t.store.queue.read { db in try PersonPacks.through(db) } }

    @Test func aReadFromThePacksIsTheReadOfTheRows() throws {
        let t = try TestStore()
        try population(t)
        let firstIngest = try RFC3339.parse("2026-04-01T00:00:00Z")
        let fromRows = try fullRead(t), fromRowsKnownEarlier = try fullRead(t, knownAt: firstIngest)
        #expect(try through(t) == nil)
        try refresh(t)
        #expect(try through(t) == 480)
        #expect(fromRows.count == 40 && fromRows.values.allSatisfy { $0.count == 12 })
        #expect(try fullRead(t) == fromRows)
        #expect(fromRowsKnownEarlier.values.allSatisfy { $0.count == 8 })
        #expect(try fullRead(t, knownAt: firstIngest) == fromRowsKnownEarlier)
        #expect(try t.store.verify() == .ok(try t.store.head()))
    }

    @Test func eventsStoredAfterThePacksAreReadFromTheirRowsInReplayOrder() throws {
        let t = try TestStore()
        try population(t)
        try refresh(t)
        try t.ingest([try t.file("c.jsonl", [
            eventLine("late-1", "contact", person: "p-7", at: "2026-03-01T07:00:00Z"),
            eventLine("late-2", "contact", person: "p-7", at: "2026-03-30T07:00:00Z"),
            eventLine("late-3", "contact", person: "p-7", at: "2026-03-13T07:00:00Z"),
            eventLine("new-1", "contact", person: "p-999", at: "2026-03-15T07:00:00Z"),
            eventLine("new-2", "contact", person: "p-0000", at: "2026-03-15T07:00:00Z"),
        ])], at: "2026-04-03T00:00:00Z")
        #expect(try t.store.queue.read { db in try EventReads.persons(db, recordedAfter: 480) } == ["p-0000", "p-7", "p-999"])
        let read = try fullRead(t)
        #expect(read.count == 42)
        // p-7's pack and its three later rows, merged: the late ones before, among and after the packed.
        #expect(read["p-7"]?.map(\.event.id).first == "late-1")
        #expect(read["p-7"]?.map(\.event.id).last == "late-2")
        #expect(read["p-7"]?.count == 15)
        #expect(read["p-7"].map { zip($0, $0.dropFirst()).allSatisfy { ($0.at, $0.seq) < ($1.at, $1.seq) } } == true)
        #expect(read == (try rowsRead(t)))
        #expect(read["p-999"]?.map(\.event.id) == ["new-1"])
        #expect(read["p-0000"]?.map(\.event.id) == ["new-2"])
        // A refresh packs only those three anew, and the read is the same from the packs.
        try refresh(t)
        #expect(try through(t) == 485)
        #expect(try fullRead(t) == read)
        #expect(try t.store.verify() == .ok(try t.store.head()))
    }

    @Test func verifyNamesAPackThatIsNotWhatItsRowsSay() throws {
        let t = try TestStore()
        try population(t)
        try refresh(t)
        let head = try t.store.head()
        // One person's pack swapped for another's: the chain is intact, the read would not be.
        try t.store.queue.write { db in
            try db.execute(sql: "UPDATE person_packs SET pack = (SELECT pack FROM person_packs WHERE person = 'p-2') WHERE person = 'p-1'")
        }
        guard case .broken(_, let reason) = try t.store.verify() else { Issue.record("a swapped pack passed verify"); return }
        #expect(reason.hasPrefix("the scan pack of this event's person does not match the log"))
        // A pack for a person the log does not hold.
        try refresh(t, all: true)
        #expect(try t.store.verify() == .ok(head))
        try t.store.queue.write { db in
            try db.execute(sql: "INSERT INTO person_packs SELECT 'p-invented', pack FROM person_packs WHERE person = 'p-3'")
        }
        #expect(try t.store.verify() == .broken(seq: 480, reason: "1 scan packs belong to no person of the log (gapwatch scan --full packs everyone anew)"))
        // A damaged blob stops a read with an error, never with fewer events.
        try refresh(t, all: true)
        try t.store.queue.write { db in try db.execute(sql: "UPDATE person_packs SET pack = x'0105' WHERE person = 'p-4'") }
        #expect(throws: StoreError.damagedPack) { try fullRead(t) }
    }

    @Test func everyPersonNewerThanThePacksIsReadFromPackAndRows() throws {
        let t = try TestStore()
        try population(t)
        try refresh(t)
        try t.ingest([try t.file("c.jsonl", (0..<60).map { eventLine("more-\($0)", "contact", person: "p-\($0 % 40)") })],
                     at: "2026-04-03T00:00:00Z")
        let read = try fullRead(t)
        #expect(read.values.map(\.count).reduce(0, +) == 540)
        #expect(read == (try rowsRead(t)))
        try refresh(t)
        #expect(try fullRead(t) == read)
        #expect(try t.store.verify() == .ok(try t.store.head()))
    }

    @Test func rowsScatteredOverTheLogAreReadSortedAndTheSameAsRowsInRuns() throws {
        // 600 persons with 4 events each, one store loaded person by person, one in time order (a
        // person's rows 600 apart).
        let lines = (0..<600).flatMap { p in
            (0..<4).map { e in (e, eventLine("p\(p)-e\(e)", "contact", person: "p-\(p)", at: "2026-03-1\(e)T08:00:00Z")) }
        }
        let byPerson = try TestStore(), byTime = try TestStore()
        try byPerson.ingest([try byPerson.file("a.jsonl", lines.map(\.1))], at: "2026-04-01T00:00:00Z")
        try byTime.ingest([try byTime.file("a.jsonl", lines.sorted { $0.0 < $1.0 }.map(\.1))], at: "2026-04-01T00:00:00Z")
        #expect(try byPerson.store.queue.read { db in try EventReads.rowsLieInRuns(db) })
        #expect(try !byTime.store.queue.read { db in try EventReads.rowsLieInRuns(db) })
        let read = try rowsRead(byPerson)
        #expect(read.count == 600 && read.values.allSatisfy { $0.map(\.event.id).last?.hasSuffix("-e3") == true })
        #expect(try rowsRead(byTime).mapValues { $0.map(\.event) } == read.mapValues { $0.map(\.event) })
        // The sorted read inside a scan's write transaction, as the first scan packs everyone.
        try refresh(byTime)
        #expect(try fullRead(byTime).mapValues { $0.map(\.event) } == read.mapValues { $0.map(\.event) })
        #expect(try byTime.store.verify() == .ok(try byTime.store.head()))
    }

    @Test func aThreadsOwnActorNamesDecodeTheSameEventsFromStringsOfItsOwn() throws {
        let t = try TestStore()
        let actor = "region-ostergotland/vrinnevi/geriatrik"
        try t.ingest([try t.file("a.jsonl", (0..<6).map { eventLine("e\($0)", "contact", person: "p-\($0 % 2)", actor: actor) })],
                     at: "2026-04-01T00:00:00Z")
        var copies = ActorNameCopies()
        func storage(_ name: String) -> UnsafePointer<UInt8>? { var name = name; return name.withUTF8 { $0.baseAddress } }
        try t.store.forEachBatch(knownAt: nil) { batch in
            for person in batch {
                let shared = try person.decode(), own = try person.decode(actorNames: &copies)
                #expect(own == shared && own.count == 3)
                #expect(own.allSatisfy { $0.event.actor == actor })
                #expect(storage(own[0].event.actor) != storage(shared[0].event.actor), "a copy, not the shared string")
                #expect(storage(own[0].event.actor) == storage(own[2].event.actor), "one copy per thread, not one per event")
            }
        }
    }
}
