import GRDB

/// Reads of the `external_keys` table.
enum ExternalKeys {
    /// The latest row of each key that has one; looked up in slices, within SQLite's limit of
    /// variables per statement.
    static func latest(_ db: Database, keys: [String]) throws -> [String: ExternalKey] {
        var found: [String: ExternalKey] = [:]
        let unique = Array(Set(keys))
        for start in stride(from: 0, to: unique.count, by: 500) {
            let slice = Array(unique[start..<min(start + 500, unique.count)])
            let marks = slice.map { _ in "?" }.joined(separator: ",")
            let rows = try Row.fetchAll(db, sql: """
                SELECT key, kind, value FROM external_keys AS k
                WHERE key IN (\(marks)) AND seq = (SELECT MAX(seq) FROM external_keys WHERE key = k.key)
                """, arguments: StatementArguments(slice))
            for row in rows {
                guard let kind = ExternalKey.Kind(rawValue: row["kind"]) else { continue }
                let key: String = row["key"]
                found[key] = ExternalKey(key: key, kind: kind, value: row["value"])
            }
        }
        return found
    }
}
