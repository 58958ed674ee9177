import GRDB

extension Migrations {
    /// Schema v3; shipped, so never edited (a change is a new migration).
    static let v3: Step = .sql("v3: access log",
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
                """)
}
