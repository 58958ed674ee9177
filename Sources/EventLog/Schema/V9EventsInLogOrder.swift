import GRDB

extension Migrations {
    /// Migration v9: the events table in log order, a rowid table keyed by `seq`, read by person
    /// through an index. The copy of the log clustered by person is the packs (``PersonPacks``).
    ///
    /// Until v8 the table was keyed by (person, at, seq), clustered by person. An export touches
    /// most persons, so an ingest inserted into nearly every page of the table, in an order
    /// unrelated to the pages: every page was written again for each person on it. In log order
    /// the rows are appended; only the person and id indexes take inserts in the middle, and
    /// their entries are a fifth of a row (figures in docs/performance-notes.md).
    ///
    /// A full read takes each person's pack and the rows stored after it; a read from the rows
    /// alone (no packs yet, `verify`, `scan --full`) goes through the person index.
    ///
    /// Shipped, so never edited (a change is a new migration).
    static let v9: Step = .sql("v9: events in log order", """
    CREATE TABLE events_v9 (
        person      TEXT    NOT NULL,
        at          INTEGER NOT NULL,
        seq         INTEGER PRIMARY KEY CHECK (seq >= 1),
        id          TEXT    NOT NULL,
        type        TEXT    NOT NULL,
        recorded_at INTEGER NOT NULL,
        actor       INTEGER NOT NULL,
        data        TEXT,
        hash        BLOB    NOT NULL CHECK (length(hash) = 32)
    );
    INSERT INTO events_v9 (person, at, seq, id, type, recorded_at, actor, data, hash)
        SELECT person, at, seq, id, type, recorded_at, actor, data, hash FROM events ORDER BY seq;
    DROP TABLE events;
    ALTER TABLE events_v9 RENAME TO events;
    -- A person's rows in replay order: (person, at) and the rowid, which is `seq`.
    CREATE INDEX events_by_person ON events(person, at);
    CREATE UNIQUE INDEX events_by_id ON events(id);
    CREATE INDEX events_controls ON events(type, at) WHERE type >= 'x-gapwatch.' AND type < 'x-gapwatch/';
    CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only: UPDATE refused'); END;
    CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only: DELETE refused'); END;
    """)
}
