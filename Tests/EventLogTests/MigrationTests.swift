import Foundation
import GRDB
import Testing
@testable import EventLog

/// Stores made by an earlier gapwatch open in this one with their log intact.
@Suite struct MigrationTests {
    /// A store of schema v4, whose rows held the whole canonical event in `body`; the last
    /// row's body damaged behind the tool's back if `damaged`. Returns the chain's last hash.
    private func makeV4Store(at path: String, events: [CareEvent], damaged: Bool = false) throws -> [UInt8] {
        let queue = try DatabaseQueue(path: path)
        var previous = HashChain.genesis
        try queue.write { db in
            for step in Migrations.steps.prefix(4) { try step.apply(db) }
            try db.execute(sql: "PRAGMA user_version = 4")
            let recordedAt = Instant(microseconds: 1_775_000_000_000_000)
            for (index, event) in events.enumerated() {
                let seq = Int64(index + 1)
                previous = HashChain.hash(previous: previous, seq: seq, recordedAt: recordedAt, canonicalEvent: event.canonicalJSON)
                let body = damaged && index == events.count - 1 ? event.canonicalJSON.replacingOccurrences(of: "region/vc", with: "region/xx") : event.canonicalJSON
                try db.execute(
                    sql: "INSERT INTO events (person, at, seq, id, type, recorded_at, body, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    arguments: [event.person ?? "", event.at.microseconds, seq, event.id, event.type, recordedAt.microseconds, body, Data(previous)])
            }
        }
        return previous
    }

    @Test func aV4StoreIsMigratedToCompactRowsWithActorCodesAndItsChainStillHolds() throws {
        let t = try TestStore()
        let path = t.folder + "/v4.sqlite"
        let events = StoredColumnsTests.events
        let head = try makeV4Store(at: path, events: events)

        var announced: [String] = []
        let store = try SQLiteEventStore(path: path, create: false) { announced.append($0) }
        #expect(announced == ["upgrading \(path) from schema v4 to v12 (v5: compact event rows; v6: finding ledger in scan order; v7: actor names stored once; v8: person packs for full reads; v9: events in log order; v10: anchored heads, chained access log; v11: findings retired by a rulebook change; v12: external keys of imported resources); this is done once, and a step that rewrites the events table takes minutes on a large store"])
        #expect(try store.verify() == .ok(LogHead(count: Int64(events.count), hash: HashChain.hex(head))))
        let columns = try store.queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('events')") }
        #expect(columns == ["person", "at", "seq", "id", "type", "recorded_at", "actor", "data", "hash"])
        // In log order: the rowid is `seq`.
        #expect(try store.queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('events') WHERE pk > 0") } == ["seq"])
        // Each actor's name once, and a code in every row.
        let (actors, codes) = try store.queue.read { db in
            (try String.fetchAll(db, sql: "SELECT name FROM actors ORDER BY code"),
             try String.fetchAll(db, sql: "SELECT DISTINCT typeof(actor) FROM events"))
        }
        #expect(actors == Array(Set(events.map(\.actor))).sorted())
        #expect(codes == ["integer"])
        #expect(try store.events(ofPerson: "p-1", knownAt: nil).map(\.event) == [events[3], events[4], events[0]])
        #expect(try store.actorRegistrations(knownAt: nil).map(\.event) == [events[2]])
        // The append-only triggers and the indexes came along.
        try store.queue.write { db in
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE events SET actor = 'someone'") }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM events") }
        }
        let indexes = try store.queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' ORDER BY name") }
        #expect(indexes.filter { !$0.hasPrefix("sqlite_autoindex") } == ["events_by_id", "events_by_person", "events_controls"])
    }

    @Test func aNewStoreIsNotAnnouncedAsAnUpgrade() throws {
        let t = try TestStore()
        var announced: [String] = []
        _ = try SQLiteEventStore(path: t.folder + "/new.sqlite", create: true) { announced.append($0) }
        _ = try SQLiteEventStore(path: t.store.path, create: false) { announced.append($0) }
        #expect(announced.isEmpty)
    }

    @Test func aRowDamagedBeforeTheMigrationIsStillNamedByVerify() throws {
        let t = try TestStore()
        let path = t.folder + "/v4.sqlite"
        _ = try makeV4Store(at: path, events: StoredColumnsTests.events, damaged: true)
        let store = try SQLiteEventStore(path: path, create: false)
        #expect(try store.verify() == .broken(seq: Int64(StoredColumnsTests.events.count), reason: "hash does not match the chain"))
    }

    @Test func aV5LedgerIsMigratedToRowidTablesWithEveryRowAndGuard() throws {
        let t = try TestStore()
        let path = t.folder + "/v5.sqlite"
        let ledger = ["findings", "finding_changes", "upcoming"]
        func rows(_ db: Database) throws -> [[String]] {
            try ledger.map { table in try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2").map(\.description) }
        }
        let before = try DatabaseQueue(path: path).write { db in
            for step in Migrations.steps.prefix(5) { try step.apply(db) }
            try db.execute(sql: "PRAGMA user_version = 5")
            try db.execute(sql: """
                INSERT INTO scans VALUES (1, 10, 10, 0, 'rulebook', 'full', 2, 0, 3, 0, 0, 0);
                INSERT INTO findings VALUES ('f-b', 'p-2', 'coverage', 'open', '{"b":1}', 'region/vc', 1, 1),
                                            ('f-a', 'p-1', 'silence', 'closed', '{"a":1}', 'kommun/hemtjanst', 1, 1);
                INSERT INTO finding_changes VALUES ('f-b', 1, 'new', '{"b":1}'), ('f-a', 1, 'new', '{"a":1}');
                INSERT INTO upcoming VALUES ('u-1', 'p-1', 20, '{"u":1}', 'region/vc');
                """)
            return try rows(db)
        }

        let store = try SQLiteEventStore(path: path, create: false)
        try store.queue.write { db in
            #expect(try rows(db) == before)
            for table in ledger {
                let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [table])
                #expect(sql?.contains("WITHOUT ROWID") == false)
            }
            let indexes = try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('findings', 'finding_changes', 'upcoming')
                    AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name
                """)
            #expect(indexes == ["finding_changes_by_scan", "findings_by_person", "findings_by_state", "upcoming_by_due", "upcoming_by_person"])
            // Ids stay unique, and history stays append-only.
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO findings VALUES ('f-a', 'p-1', 'silence', 'open', '{}', 'x', 1, 1)")
            }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "INSERT INTO upcoming VALUES ('u-1', 'p-1', 30, '{}', 'x')") }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE finding_changes SET body = '{}'") }
            #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM finding_changes") }
        }
    }
}

/// v10 chains the access log that earlier versions kept unchained, so that an entry changed or
/// removed since is found.
@Suite struct AccessLogChainMigrationTests {
    @Test func aV9AccessLogIsChainedByTheMigrationAndItsTamperingFound() throws {
        let t = try TestStore()
        let path = t.folder + "/v9.sqlite"
        try DatabaseQueue(path: path).write { db in
            for step in Migrations.steps.prefix(9) { try step.apply(db) }
            try db.execute(sql: "PRAGMA user_version = 9")
            for (index, who) in ["ivo/inspektor", "kvalitet"].enumerated() {
                try db.execute(sql: "INSERT INTO access_log (at, who, person, purpose, command, unmasked) VALUES (?, ?, '19400101-1230', 'tillsyn', 'audit --person', 0)",
                               arguments: [index, who])
            }
        }
        let store = try SQLiteEventStore(path: path, create: false)
        #expect(try store.verify() == .ok(LogHead(count: 0, hash: HashChain.hex(HashChain.genesis))))
        #expect(try store.checkpoint(made: Instant(microseconds: 0)).accessLog.count == 2)
        try store.queue.write { db in
            try db.execute(sql: "DROP TRIGGER access_log_append_only_update; UPDATE access_log SET who = 'someone else' WHERE id = 1")
        }
        #expect(try store.verify() == .brokenAccessLog(entry: 1, reason: "hash does not match the access log's chain"))
    }
}
