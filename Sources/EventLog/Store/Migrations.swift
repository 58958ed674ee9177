import GRDB

/// The store's schema, as versioned migrations. A migration is never edited once it has
/// shipped: a change is a new migration.
///
/// The schema version is SQLite's `user_version`, read and advanced inside one IMMEDIATE
/// transaction, so that two processes creating or upgrading one store at the same time apply
/// each migration exactly once (GRDB's migrator reads what is applied outside the transaction
/// that applies it, which races between processes).
enum Migrations {
    /// Brings the store's schema up to date; `announce` hears which steps an existing store
    /// (not a new one) is about to go through, since some rewrite a whole table.
    static func migrate(_ queue: DatabaseQueue, path: String, announce: (String) -> Void = { _ in }) throws {
        try queue.writeWithoutTransaction { db in
            if try Int.fetchOne(db, sql: "PRAGMA user_version") == steps.count { return }
            // Inside a transaction SQLite keeps a statement journal of every page a statement
            // changes: in a file, not in memory, when a step rewrites a whole table (v5 drops
            // the old events table, and journals all of its pages).
            try db.execute(sql: "PRAGMA temp_store = FILE")
            defer { try? db.execute(sql: "PRAGMA temp_store = MEMORY") }
            try db.inTransaction(.immediate) {
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                guard version <= steps.count else {
                    throw StoreError.cannotOpen(path: path, reason: "its schema (version \(version)) is newer than this gapwatch knows")
                }
                if version > 0 {
                    announce("upgrading \(path) from schema v\(version) to v\(steps.count) (\(steps[version...].map(\.name).joined(separator: "; "))); "
                             + "this is done once, and a step that rewrites the events table takes minutes on a large store")
                }
                for step in steps[version...] { try step.apply(db) }
                try db.execute(sql: "PRAGMA user_version = \(steps.count)")
                return .commit
            }
        }
    }

    /// One step of the schema.
    struct Step: Sendable {
        let name: String
        let apply: @Sendable (Database) throws -> Void

        /// A step that is SQL alone.
        static func sql(_ name: String, _ sql: String) -> Step {
            Step(name: name) { db in try db.execute(sql: sql) }
        }
    }

    /// The migrations, in order; the store's `user_version` counts those applied.
    static let steps: [Step] = [
        .sql("v1: events",
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
                """),
        .sql("v2: scans, finding lifecycle, notifications",
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
                """),
        .sql("v3: access log",
            // Every person-level read: who, when, which person, why (Patientdatalagen 4 kap. 3 §).
            """
                CREATE TABLE access_log (
                    id       INTEGER PRIMARY KEY,
                    at       INTEGER NOT NULL,
                    who      TEXT    NOT NULL,
                    person   TEXT    NOT NULL,
                    purpose  TEXT,
                    command  TEXT    NOT NULL,
                    unmasked INTEGER NOT NULL CHECK (unmasked IN (0, 1))
                );
                CREATE INDEX access_log_by_person ON access_log(person, at);
                CREATE TRIGGER access_log_append_only_update BEFORE UPDATE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only: UPDATE refused'); END;
                CREATE TRIGGER access_log_append_only_delete BEFORE DELETE ON access_log
                BEGIN SELECT RAISE(ABORT, 'the access log is append-only: DELETE refused'); END;
                """),
        .sql("v4: order kept by the writer, not by a trigger",
            // v1's BEFORE INSERT trigger looked up the newest row twice for every insert and made
            // SQLite keep a statement journal for each (a fifth of an ingest's time). Order is
            // kept by the one writer holding the write lock, and checked by `verify`: a row out
            // of seq order or with a decreasing recorded_at breaks the chain.
            """
                DROP TRIGGER events_in_log_order;
                """),
        Step(name: "v5: compact event rows", apply: CompactEventRows.migrate),
        .sql("v6: finding ledger in scan order",
            // v2 keyed findings, their history and upcoming obligations by finding id, a hash:
            // a full scan, which goes person by person, inserted all over those tables, and
            // once they outgrew the page cache every insert wrote a whole page back (at 11M
            // events, 400 MB of ledger: the first scan took 44% longer with 64 KiB pages than
            // with 16 KiB). As rowid tables their rows are appended in the order scans write
            // them, a person's together; the id stays unique through its index.
            """
                CREATE TABLE findings_v6 (
                    id           TEXT    NOT NULL PRIMARY KEY,
                    person       TEXT    NOT NULL,
                    rule         TEXT    NOT NULL,
                    state        TEXT    NOT NULL CHECK (state IN ('open', 'closed', 'withdrawn')),
                    body         TEXT    NOT NULL,
                    concerned    TEXT    NOT NULL,
                    first_scan   INTEGER NOT NULL REFERENCES scans(id) DEFERRABLE INITIALLY DEFERRED,
                    changed_scan INTEGER NOT NULL REFERENCES scans(id) DEFERRABLE INITIALLY DEFERRED
                );
                INSERT INTO findings_v6 SELECT id, person, rule, state, body, concerned, first_scan, changed_scan
                    FROM findings ORDER BY person, id;
                DROP TABLE findings;
                ALTER TABLE findings_v6 RENAME TO findings;
                CREATE INDEX findings_by_person ON findings(person);
                CREATE INDEX findings_by_state ON findings(state, changed_scan);

                CREATE TABLE finding_changes_v6 (
                    finding TEXT    NOT NULL,
                    scan    INTEGER NOT NULL REFERENCES scans(id) DEFERRABLE INITIALLY DEFERRED,
                    change  TEXT    NOT NULL CHECK (change IN ('new', 'closed', 'reopened', 'changed', 'withdrawn')),
                    body    TEXT    NOT NULL,
                    PRIMARY KEY (finding, scan)
                );
                INSERT INTO finding_changes_v6 SELECT finding, scan, change, body FROM finding_changes ORDER BY scan, finding;
                DROP TABLE finding_changes;
                ALTER TABLE finding_changes_v6 RENAME TO finding_changes;
                CREATE INDEX finding_changes_by_scan ON finding_changes(scan);
                CREATE TRIGGER finding_changes_append_only_update BEFORE UPDATE ON finding_changes
                BEGIN SELECT RAISE(ABORT, 'finding history is append-only: UPDATE refused'); END;
                CREATE TRIGGER finding_changes_append_only_delete BEFORE DELETE ON finding_changes
                BEGIN SELECT RAISE(ABORT, 'finding history is append-only: DELETE refused'); END;

                CREATE TABLE upcoming_v6 (
                    id        TEXT    NOT NULL PRIMARY KEY,
                    person    TEXT    NOT NULL,
                    due       INTEGER NOT NULL,
                    body      TEXT    NOT NULL,
                    concerned TEXT    NOT NULL
                );
                INSERT INTO upcoming_v6 SELECT id, person, due, body, concerned FROM upcoming ORDER BY person, id;
                DROP TABLE upcoming;
                ALTER TABLE upcoming_v6 RENAME TO upcoming;
                CREATE INDEX upcoming_by_person ON upcoming(person);
                CREATE INDEX upcoming_by_due ON upcoming(due);
                """),
        .sql("v7: actor names stored once", ActorCodes.migration),
        .sql("v8: person packs for full reads", PersonPacks.migration),
        .sql("v9: events in log order", EventsInLogOrder.migration),
    ]
}
