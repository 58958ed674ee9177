-- The schema of a new gapwatch store (schema version 12), as SQLite keeps it.
-- Made by a test from a fresh store (Tests/EventLogTests/SchemaTests.swift); do not edit by hand.

CREATE TABLE access_log (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    who      TEXT    NOT NULL,
    person   TEXT    NOT NULL,
    purpose  TEXT,
    command  TEXT    NOT NULL,
    unmasked INTEGER NOT NULL CHECK (unmasked IN (0, 1))
, persons INTEGER NOT NULL DEFAULT 1 CHECK (persons >= 1), hash BLOB);

CREATE TABLE actor_activity (
    actor            TEXT    NOT NULL PRIMARY KEY,
    events           INTEGER NOT NULL,
    last_recorded_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE actors (
    code INTEGER PRIMARY KEY,
    name TEXT    NOT NULL UNIQUE
);

CREATE TABLE digests (
    id         INTEGER PRIMARY KEY,
    created_at INTEGER NOT NULL,
    recipient  TEXT    NOT NULL,
    message_id TEXT    NOT NULL UNIQUE,
    scan       INTEGER NOT NULL
);

CREATE TABLE "events" (
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

CREATE TABLE external_keys (
    key   TEXT    NOT NULL,
    seq   INTEGER NOT NULL,
    kind  TEXT    NOT NULL,
    value TEXT    NOT NULL,
    PRIMARY KEY (key, seq)
) WITHOUT ROWID;

CREATE TABLE "finding_changes" (
    finding TEXT    NOT NULL,
    scan    INTEGER NOT NULL REFERENCES scans(id) DEFERRABLE INITIALLY DEFERRED,
    change  TEXT    NOT NULL CHECK (change IN ('new', 'closed', 'reopened', 'changed', 'withdrawn')),
    body    TEXT    NOT NULL,
    PRIMARY KEY (finding, scan)
);

CREATE TABLE "findings" (
    id           TEXT    NOT NULL PRIMARY KEY,
    person       TEXT    NOT NULL,
    rule         TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('open', 'closed', 'withdrawn')),
    body         TEXT    NOT NULL,
    concerned    TEXT    NOT NULL,
    first_scan   INTEGER NOT NULL REFERENCES scans(id) DEFERRABLE INITIALLY DEFERRED,
    changed_scan INTEGER NOT NULL REFERENCES scans(id) DEFERRABLE INITIALLY DEFERRED
);

CREATE TABLE heads (
    id          INTEGER PRIMARY KEY,
    seq         INTEGER NOT NULL CHECK (seq >= 0),
    hash        BLOB    NOT NULL CHECK (length(hash) = 32),
    access_count INTEGER NOT NULL CHECK (access_count >= 0),
    access_hash BLOB    NOT NULL CHECK (length(access_hash) = 32),
    noted_at    INTEGER NOT NULL,
    source      TEXT    NOT NULL CHECK (source IN ('ingest', 'scan', 'read'))
);

CREATE TABLE notifications (
    digest  INTEGER NOT NULL REFERENCES digests(id),
    finding TEXT    NOT NULL,
    kind    TEXT    NOT NULL CHECK (kind IN ('new', 'closed', 'withdrawn', 'reminder', 'due-soon')),
    PRIMARY KEY (digest, finding, kind)
) WITHOUT ROWID;

CREATE TABLE packs (
    through INTEGER NOT NULL
);

CREATE TABLE person_packs (
    person TEXT NOT NULL PRIMARY KEY,
    pack   BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE retirements (
    finding TEXT    NOT NULL,
    scan    INTEGER NOT NULL REFERENCES scans(id) DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (finding, scan)
) WITHOUT ROWID;

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
, retired INTEGER NOT NULL DEFAULT 0);

CREATE TABLE "upcoming" (
    id        TEXT    NOT NULL PRIMARY KEY,
    person    TEXT    NOT NULL,
    due       INTEGER NOT NULL,
    body      TEXT    NOT NULL,
    concerned TEXT    NOT NULL
);

CREATE TABLE watch (
    person      TEXT    NOT NULL PRIMARY KEY,
    next_change INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX access_log_by_person ON access_log(person, at);

CREATE INDEX digests_by_recipient ON digests(recipient, scan);

CREATE UNIQUE INDEX events_by_id ON events(id);

CREATE INDEX events_by_person ON events(person, at);

CREATE INDEX events_controls ON events(type, at) WHERE type >= 'x-gapwatch.' AND type < 'x-gapwatch/';

CREATE INDEX finding_changes_by_scan ON finding_changes(scan);

CREATE INDEX findings_by_person ON findings(person);

CREATE INDEX findings_by_state ON findings(state, changed_scan);

CREATE INDEX notifications_by_finding ON notifications(finding);

CREATE INDEX upcoming_by_due ON upcoming(due);

CREATE INDEX upcoming_by_person ON upcoming(person);

CREATE INDEX watch_by_time ON watch(next_change);

CREATE TRIGGER access_log_append_only_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only: DELETE refused'); END;

CREATE TRIGGER access_log_append_only_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'the access log is append-only: UPDATE refused'); END;

CREATE TRIGGER access_log_hashed BEFORE INSERT ON access_log WHEN NEW.hash IS NULL OR length(NEW.hash) != 32
BEGIN SELECT RAISE(ABORT, 'an access log entry needs its hash'); END;

CREATE TRIGGER actors_append_only_delete BEFORE DELETE ON actors
BEGIN SELECT RAISE(ABORT, 'actor names are append-only: DELETE refused'); END;

CREATE TRIGGER actors_append_only_update BEFORE UPDATE ON actors
BEGIN SELECT RAISE(ABORT, 'actor names are append-only: UPDATE refused'); END;

CREATE TRIGGER digests_append_only BEFORE DELETE ON digests
BEGIN SELECT RAISE(ABORT, 'the notification log is append-only: DELETE refused'); END;

CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only: DELETE refused'); END;

CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only: UPDATE refused'); END;

CREATE TRIGGER external_keys_append_only_delete BEFORE DELETE ON external_keys
BEGIN SELECT RAISE(ABORT, 'external_keys are append-only: DELETE refused'); END;

CREATE TRIGGER external_keys_append_only_update BEFORE UPDATE ON external_keys
BEGIN SELECT RAISE(ABORT, 'external_keys are append-only: UPDATE refused'); END;

CREATE TRIGGER finding_changes_append_only_delete BEFORE DELETE ON finding_changes
BEGIN SELECT RAISE(ABORT, 'finding history is append-only: DELETE refused'); END;

CREATE TRIGGER finding_changes_append_only_update BEFORE UPDATE ON finding_changes
BEGIN SELECT RAISE(ABORT, 'finding history is append-only: UPDATE refused'); END;

CREATE TRIGGER heads_append_only_delete BEFORE DELETE ON heads
BEGIN SELECT RAISE(ABORT, 'the heads are append-only: DELETE refused'); END;

CREATE TRIGGER heads_append_only_update BEFORE UPDATE ON heads
BEGIN SELECT RAISE(ABORT, 'the heads are append-only: UPDATE refused'); END;

CREATE TRIGGER notifications_append_only BEFORE DELETE ON notifications
BEGIN SELECT RAISE(ABORT, 'the notification log is append-only: DELETE refused'); END;

CREATE TRIGGER retirements_append_only_delete BEFORE DELETE ON retirements
BEGIN SELECT RAISE(ABORT, 'retirements are append-only: DELETE refused'); END;

CREATE TRIGGER retirements_append_only_update BEFORE UPDATE ON retirements
BEGIN SELECT RAISE(ABORT, 'retirements are append-only: UPDATE refused'); END;

CREATE TRIGGER scans_append_only_delete BEFORE DELETE ON scans
BEGIN SELECT RAISE(ABORT, 'scans are history: DELETE refused'); END;

CREATE TRIGGER scans_append_only_update BEFORE UPDATE ON scans
BEGIN SELECT RAISE(ABORT, 'scans are history: UPDATE refused'); END;
