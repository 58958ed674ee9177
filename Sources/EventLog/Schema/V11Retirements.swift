extension Migrations {
    /// Migration v11: findings that a changed rulebook no longer produces.
    ///
    /// Withdrawn means one thing only: records learnt later show the gap never was. A finding
    /// that disappears in a scan with another rulebook than the scan before is recorded as
    /// withdrawn in the ledger, as before, and also here, so that the digest announces it,
    /// once, as no longer checked rather than as no gap. `scans.retired` counts them. A new
    /// table rather than a fourth state, because SQLite cannot change the shipped tables' CHECK
    /// constraints without rebuilding them.
    ///
    /// Shipped, so never edited (a change is a new migration).
    static let v11: Step = .sql("v11: findings retired by a rulebook change", """
        CREATE TABLE retirements (
            finding TEXT    NOT NULL,
            scan    INTEGER NOT NULL REFERENCES scans(id) DEFERRABLE INITIALLY DEFERRED,
            PRIMARY KEY (finding, scan)
        ) WITHOUT ROWID;
        CREATE TRIGGER retirements_append_only_update BEFORE UPDATE ON retirements
        BEGIN SELECT RAISE(ABORT, 'retirements are append-only: UPDATE refused'); END;
        CREATE TRIGGER retirements_append_only_delete BEFORE DELETE ON retirements
        BEGIN SELECT RAISE(ABORT, 'retirements are append-only: DELETE refused'); END;
        ALTER TABLE scans ADD COLUMN retired INTEGER NOT NULL DEFAULT 0;
        """)
}
