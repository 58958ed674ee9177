import GRDB

extension Migrations {
    /// Schema v1; shipped, so never edited (a change is a new migration).
    static let v1: Step = .sql("v1: events",
            // Clustered by person: a person's replay reads one contiguous range of the file.
            // `person` is '' for actor.registered, which has no person; `at` and
            // `recorded_at` are microseconds since the epoch, UTC.
            """
                CREATE TABLE events (
                    person      TEXT    NOT NULL,
                    at          INTEGER NOT NULL,
                    seq         INTEGER NOT NULL CHECK (seq >= 1),
                    id          TEXT    NOT NULL,
                    type        TEXT    NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    body        TEXT    NOT NULL,
                    hash        BLOB    NOT NULL CHECK (length(hash) = 32),
                    PRIMARY KEY (person, at, seq)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX events_by_seq ON events(seq);
                CREATE UNIQUE INDEX events_by_id ON events(id);

                CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'the event log is append-only: UPDATE refused'); END;
                CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'the event log is append-only: DELETE refused'); END;
                CREATE TRIGGER events_in_log_order BEFORE INSERT ON events
                WHEN NEW.seq <> coalesce((SELECT max(seq) FROM events), 0) + 1
                  OR NEW.recorded_at < coalesce((SELECT recorded_at FROM events ORDER BY seq DESC LIMIT 1), NEW.recorded_at)
                BEGIN SELECT RAISE(ABORT, 'events must be appended in seq order with non-decreasing recorded_at'); END;
                """)
}
