import GRDB

extension Migrations {
    /// Schema v4; shipped, so never edited (a change is a new migration).
    static let v4: Step = .sql("v4: order kept by the writer, not by a trigger",
            // v1's BEFORE INSERT trigger looked up the newest row twice for every insert and made
            // SQLite keep a statement journal for each (a fifth of an ingest's time). Order is
            // kept by the one writer holding the write lock, and checked by `verify`: a row out
            // of seq order or with a decreasing recorded_at breaks the chain.
            """
                DROP TRIGGER events_in_log_order;
                """)
}
