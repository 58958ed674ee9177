import Foundation
import GRDB

/// Every person's rows packed in one blob (``PersonPack``), kept by scans, read by full reads.
///
/// The events table is the log: rows in columns, each under the hash chain. A full read of it
/// steps SQLite once per event, and that alone took as long as DuckDB's whole coverage query.
/// The packs hold the same rows, one blob per person, up to the log position `packs.through`:
/// a read takes each person's pack and the rows stored after it. So a read never misses an
/// event, however far behind the packs are. They are also the log's copy clustered by person:
/// the table is in log order (``Migrations/v9``).
///
/// Ingest does not touch them (it stays a pass of appends). The nightly scan brings them up to
/// date at its end: the persons with events after `through`, from their pack and those rows.
/// `verify` checks them against the rows, since they are outside the chain.
package enum PersonPacks {

    /// The log position the packs hold every event up to, if they were ever made.
    static func through(_ db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT through FROM packs")
    }

    /// Makes the packs hold every event of the log: packs anew the persons with events after
    /// `through`, from their pack and those rows (everyone from their rows when `all`, or when
    /// there were no packs).
    package static func refresh(_ db: Database, all: Bool = false) throws {
        let head = try EventReads.head(db).count
        let through = all ? nil : try through(db)
        guard through != head else { return }
        if all { try db.execute(sql: "DELETE FROM person_packs") }
        let write = try db.makeStatement(sql: "INSERT OR REPLACE INTO person_packs (person, pack) VALUES (?, ?)")
        func store(_ batch: [StoredPerson]) throws {
            for person in batch {
                write.setUncheckedArguments([person.person, Data(PersonPack.encode(person.batch, range: person.range))])
                try write.execute()
            }
        }
        if let through {
            try EventReads.forEachBatch(db, persons: try EventReads.persons(db, recordedAfter: through), eventsPerBatch: EventReads.eventsPerBatch, store)
        } else {
            try EventReads.forEachBatch(db, knownAt: nil, eventsPerBatch: EventReads.eventsPerBatch, fromRows: true, store)
        }
        try db.execute(sql: "DELETE FROM packs; INSERT INTO packs (through) VALUES (?)", arguments: [head])
    }

    /// Whether every pack holds exactly its person's rows up to `through`, and every person
    /// with such rows has a pack: `nil` if so, else what is wrong (for `verify`).
    static func check(_ db: Database) throws -> VerifyResult? {
        guard let through = try through(db) else { return nil }
        let stored = try db.makeStatement(sql: "SELECT pack FROM person_packs WHERE person = ?")
        var persons = 0
        var broken: VerifyResult?
        try EventReads.forEachBatch(db, knownAt: nil, eventsPerBatch: EventReads.eventsPerBatch, fromRows: true) { batch in
            for person in batch where broken == nil {
                let first = person.oldestSeq
                guard first <= through else { continue }
                persons += 1
                stored.setUncheckedArguments([person.person])
                let pack = try Data.fetchOne(stored)
                if pack.map(Array.init) != PersonPack.encode(person.batch, range: person.range, throughSeq: through) {
                    broken = .broken(seq: first, reason: "the scan pack of this event's person does not match the log (gapwatch scan --full packs everyone anew)")
                }
            }
        }
        if let broken { return broken }
        let packs = try Int.fetchOne(db, sql: "SELECT count(*) FROM person_packs") ?? 0
        guard packs == persons else {
            return .broken(seq: through, reason: "\(packs - persons) scan packs belong to no person of the log (gapwatch scan --full packs everyone anew)")
        }
        return nil
    }
}
