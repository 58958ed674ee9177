import GRDB

/// Migration v5: an event row keeps the event's fields in columns and `data` as canonical
/// JSON text, no longer a copy of the whole event.
///
/// Until v4 every row also held the event's canonical JSON, which repeated the id, type,
/// person and time the columns already held: about 110 of a row's 300 bytes. The canonical
/// JSON that the hash chain covers is composed from the columns instead (``CareEvent/canonicalJSON(actor:at:data:id:person:type:)``),
/// byte for byte what was stored before, so the hashes of existing rows stay valid.
enum CompactEventRows {
    /// The events table from v5 on. Clustered by person: a person's replay reads one
    /// contiguous range of the file. `person` is '' for actor.registered, which has no person;
    /// `at` and `recorded_at` are microseconds since the epoch, UTC; `data` is `NULL` when the
    /// event has none.
    static let table = """
        CREATE TABLE events_v5 (
            person      TEXT    NOT NULL,
            at          INTEGER NOT NULL,
            seq         INTEGER NOT NULL CHECK (seq >= 1),
            id          TEXT    NOT NULL,
            type        TEXT    NOT NULL,
            recorded_at INTEGER NOT NULL,
            actor       TEXT    NOT NULL,
            data        TEXT,
            hash        BLOB    NOT NULL CHECK (length(hash) = 32),
            PRIMARY KEY (person, at, seq)
        ) WITHOUT ROWID;
        """

    /// What v1, v2 and v4 had on the events table, made again for the new one.
    static let indexesAndTriggers = """
        CREATE UNIQUE INDEX events_by_seq ON events(seq);
        CREATE UNIQUE INDEX events_by_id ON events(id);
        CREATE INDEX events_controls ON events(type, at) WHERE type >= 'x-gapwatch.' AND type < 'x-gapwatch/';
        CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only: UPDATE refused'); END;
        CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the event log is append-only: DELETE refused'); END;
        """

    /// Copies every row into the new table in its key order, then puts it in the old one's
    /// place. A row whose stored JSON cannot be read (it was damaged) is copied with what can
    /// be read of it: its hash no longer matches, and `verify` names it, as it did before.
    static func migrate(_ db: Database) throws {
        try db.execute(sql: table)
        let insert = try db.makeStatement(sql: """
            INSERT INTO events_v5 (person, at, seq, id, type, recorded_at, actor, data, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let rows = try Row.fetchCursor(db, sql: "SELECT person, at, seq, id, type, recorded_at, body, hash FROM events ORDER BY person, at, seq")
        while let row = try rows.next() {
            let (actor, data) = parts(ofBody: row["body"])
            try insert.execute(arguments: [row["person"], row["at"], row["seq"], row["id"], row["type"], row["recorded_at"], actor, data, row["hash"]])
        }
        try db.execute(sql: "DROP TABLE events; ALTER TABLE events_v5 RENAME TO events;")
        try db.execute(sql: indexesAndTriggers)
    }

    /// The actor and the canonical text of `data` of a stored event's canonical JSON.
    static func parts(ofBody body: String) -> (actor: String, data: String?) {
        guard case .object(let members)? = try? JSONParser.parse(body) else { return ("", nil) }
        let data = members["data"]?.objectValue.flatMap { $0.isEmpty ? nil : CanonicalJSON.string(.object($0)) }
        return (members["actor"]?.stringValue ?? "", data)
    }
}

extension Migrations {
    /// Schema v5; shipped, so never edited (a change is a new migration).
    static let v5: Step = Step(name: "v5: compact event rows", apply: CompactEventRows.migrate)
}
