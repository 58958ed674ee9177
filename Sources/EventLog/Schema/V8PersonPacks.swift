import GRDB

extension Migrations {
    /// Migration v8: the packs and how far along the log they are (no row until the first scan).
    ///
    /// Schema v8; shipped, so never edited (a change is a new migration).
    static let v8: Step = .sql("v8: person packs for full reads", """
    CREATE TABLE person_packs (
        person TEXT NOT NULL PRIMARY KEY,
        pack   BLOB NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE packs (
        through INTEGER NOT NULL
    );
    """)
}
