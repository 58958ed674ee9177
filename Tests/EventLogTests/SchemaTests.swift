import Foundation
import GRDB
import TestSupport
import Testing
@testable import EventLog

/// docs/schema.sql is the schema a fresh store has: every table, index and trigger as SQLite
/// keeps it. `GAPWATCH_RECORD_GOLDEN=1 swift test` writes it anew after a migration is added.
@Suite struct SchemaTests {
    /// The schema of a fresh store, in a stable order, as SQL statements.
    static func freshSchema() throws -> String {
        let test = try TestStore()
        let statements = try test.store.queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT sql FROM sqlite_master WHERE sql IS NOT NULL
                ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, name
                """)
        }
        let version = try test.store.queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
        return "-- The schema of a new gapwatch store (schema version \(version)), as SQLite keeps it.\n"
            + "-- Made by a test from a fresh store (Tests/EventLogTests/SchemaTests.swift); do not edit by hand.\n\n"
            + statements.map { $0 + ";\n" }.joined(separator: "\n")
    }

    @Test func theDocumentedSchemaIsAFreshStoresSchema() throws {
        let mismatch = try Golden.mismatch(try Self.freshSchema(), file: "docs/schema.sql")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }
}
