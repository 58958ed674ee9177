import GRDB

extension Migrations {
    /// Migration v7: the `actors` table, and the events table again with codes for names.
    ///
    /// Schema v7; shipped, so never edited (a change is a new migration).
    static let v7: Step = .sql("v7: actor names stored once", """
    CREATE TABLE actors (
        code INTEGER PRIMARY KEY,
        name TEXT    NOT NULL UNIQUE
    );
    CREATE TRIGGER actors_append_only_update BEFORE UPDATE ON actors
    BEGIN SELECT RAISE(ABORT, 'actor names are append-only: UPDATE refused'); END;
    CREATE TRIGGER actors_append_only_delete BEFORE DELETE ON actors
    BEGIN SELECT RAISE(ABORT, 'actor names are append-only: DELETE refused'); END;
    INSERT INTO actors (name) SELECT DISTINCT actor FROM events ORDER BY actor;

    CREATE TABLE events_v7 (
        person      TEXT    NOT NULL,
        at          INTEGER NOT NULL,
        seq         INTEGER NOT NULL CHECK (seq >= 1),
        id          TEXT    NOT NULL,
        type        TEXT    NOT NULL,
        recorded_at INTEGER NOT NULL,
        actor       INTEGER NOT NULL,
        data        TEXT,
        hash        BLOB    NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (person, at, seq)
    ) WITHOUT ROWID;
    INSERT INTO events_v7 SELECT e.person, e.at, e.seq, e.id, e.type, e.recorded_at, a.code, e.data, e.hash
        FROM events e JOIN actors a ON a.name = e.actor ORDER BY e.person, e.at, e.seq;
    DROP TABLE events;
    ALTER TABLE events_v7 RENAME TO events;
    \(CompactEventRows.indexesAndTriggers)
    """)
}
