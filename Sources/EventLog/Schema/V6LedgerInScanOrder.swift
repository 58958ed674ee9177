import GRDB

extension Migrations {
    /// Schema v6; shipped, so never edited (a change is a new migration).
    static let v6: Step = .sql("v6: finding ledger in scan order",
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
                """)
}
