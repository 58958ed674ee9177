extension Migrations {
    /// Migration v12: what an importer needs to resolve a source system's references in a later
    /// import (a FHIR `Patient/123` to its person, `Organization?identifier=…` to its actor).
    ///
    /// Append-only like the log: a key mapped again to another value adds a row, and the row
    /// with the highest `seq` (the log's head when it was written) holds.
    ///
    /// Shipped, so never edited (a change is a new migration).
    static let v12: Step = .sql("v12: external keys of imported resources", """
        CREATE TABLE external_keys (
            key   TEXT    NOT NULL,
            seq   INTEGER NOT NULL,
            kind  TEXT    NOT NULL,
            value TEXT    NOT NULL,
            PRIMARY KEY (key, seq)
        ) WITHOUT ROWID;
        CREATE TRIGGER external_keys_append_only_update BEFORE UPDATE ON external_keys
        BEGIN SELECT RAISE(ABORT, 'external_keys are append-only: UPDATE refused'); END;
        CREATE TRIGGER external_keys_append_only_delete BEFORE DELETE ON external_keys
        BEGIN SELECT RAISE(ABORT, 'external_keys are append-only: DELETE refused'); END;
        """)
}
