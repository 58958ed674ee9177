import GRDB

extension Migrations {
    /// Schema v2; shipped, so never edited (a change is a new migration).
    static let v2: Step = .sql("v2: scans, finding lifecycle, notifications",
            """
                -- One row per nightly scan; never changed once written.
                CREATE TABLE scans (
                    id            INTEGER PRIMARY KEY,
                    ran_at        INTEGER NOT NULL,
                    as_of         INTEGER NOT NULL,
                    log_seq       INTEGER NOT NULL,
                    rulebook_hash TEXT    NOT NULL,
                    mode          TEXT    NOT NULL CHECK (mode IN ('full', 'incremental')),
                    persons       INTEGER NOT NULL,
                    events        INTEGER NOT NULL,
                    new           INTEGER NOT NULL,
                    still_open    INTEGER NOT NULL,
                    closed        INTEGER NOT NULL,
                    withdrawn     INTEGER NOT NULL
                );
                CREATE TRIGGER scans_append_only_update BEFORE UPDATE ON scans
                BEGIN SELECT RAISE(ABORT, 'scans are history: UPDATE refused'); END;
                CREATE TRIGGER scans_append_only_delete BEFORE DELETE ON scans
                BEGIN SELECT RAISE(ABORT, 'scans are history: DELETE refused'); END;

                -- The current state of every finding a scan has flagged (a projection of the
                -- history below, kept for fast lookups).
                CREATE TABLE findings (
                    id           TEXT    NOT NULL PRIMARY KEY,
                    person       TEXT    NOT NULL,
                    rule         TEXT    NOT NULL,
                    state        TEXT    NOT NULL CHECK (state IN ('open', 'closed', 'withdrawn')),
                    body         TEXT    NOT NULL,
                    concerned    TEXT    NOT NULL,
                    first_scan   INTEGER NOT NULL REFERENCES scans(id) DEFERRABLE INITIALLY DEFERRED,
                    changed_scan INTEGER NOT NULL REFERENCES scans(id) DEFERRABLE INITIALLY DEFERRED
                ) WITHOUT ROWID;
                CREATE INDEX findings_by_person ON findings(person);
                CREATE INDEX findings_by_state ON findings(state, changed_scan);

                -- Every change of a finding, by scan: history is kept, never overwritten.
                CREATE TABLE finding_changes (
                    finding TEXT    NOT NULL,
                    scan    INTEGER NOT NULL REFERENCES scans(id) DEFERRABLE INITIALLY DEFERRED,
                    change  TEXT    NOT NULL CHECK (change IN ('new', 'closed', 'reopened', 'changed', 'withdrawn')),
                    body    TEXT    NOT NULL,
                    PRIMARY KEY (finding, scan)
                ) WITHOUT ROWID;
                CREATE INDEX finding_changes_by_scan ON finding_changes(scan);
                CREATE TRIGGER finding_changes_append_only_update BEFORE UPDATE ON finding_changes
                BEGIN SELECT RAISE(ABORT, 'finding history is append-only: UPDATE refused'); END;
                CREATE TRIGGER finding_changes_append_only_delete BEFORE DELETE ON finding_changes
                BEGIN SELECT RAISE(ABORT, 'finding history is append-only: DELETE refused'); END;

                -- When each person's findings can next change by the passage of time alone
                -- (incremental scans replay those whose time has come).
                CREATE TABLE watch (
                    person      TEXT    NOT NULL PRIMARY KEY,
                    next_change INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX watch_by_time ON watch(next_change);

                -- Obligations and gaps not yet due, as of the last scan of their person.
                CREATE TABLE upcoming (
                    id        TEXT    NOT NULL PRIMARY KEY,
                    person    TEXT    NOT NULL,
                    due       INTEGER NOT NULL,
                    body      TEXT    NOT NULL,
                    concerned TEXT    NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX upcoming_by_person ON upcoming(person);
                CREATE INDEX upcoming_by_due ON upcoming(due);

                -- Per actor: how many events it has sent and when the log last heard from it
                -- ("no data is not no care").
                CREATE TABLE actor_activity (
                    actor            TEXT    NOT NULL PRIMARY KEY,
                    events           INTEGER NOT NULL,
                    last_recorded_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO actor_activity
                    SELECT json_extract(body, '$.actor'), count(*), max(recorded_at) FROM events GROUP BY 1;

                -- Acknowledgements and silences are events (x-gapwatch.*): find them fast.
                CREATE INDEX events_controls ON events(type, at) WHERE type >= 'x-gapwatch.' AND type < 'x-gapwatch/';

                -- What each digest sent to whom: the same alert is never sent twice.
                CREATE TABLE digests (
                    id         INTEGER PRIMARY KEY,
                    created_at INTEGER NOT NULL,
                    recipient  TEXT    NOT NULL,
                    message_id TEXT    NOT NULL UNIQUE,
                    scan       INTEGER NOT NULL
                );
                CREATE INDEX digests_by_recipient ON digests(recipient, scan);
                CREATE TABLE notifications (
                    digest  INTEGER NOT NULL REFERENCES digests(id),
                    finding TEXT    NOT NULL,
                    kind    TEXT    NOT NULL CHECK (kind IN ('new', 'closed', 'withdrawn', 'reminder', 'due-soon')),
                    PRIMARY KEY (digest, finding, kind)
                ) WITHOUT ROWID;
                CREATE INDEX notifications_by_finding ON notifications(finding);
                CREATE TRIGGER digests_append_only BEFORE DELETE ON digests
                BEGIN SELECT RAISE(ABORT, 'the notification log is append-only: DELETE refused'); END;
                CREATE TRIGGER notifications_append_only BEFORE DELETE ON notifications
                BEGIN SELECT RAISE(ABORT, 'the notification log is append-only: DELETE refused'); END;
                """)
}
