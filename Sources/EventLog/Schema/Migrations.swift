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
    static let steps: [Step] = [v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12]
}
