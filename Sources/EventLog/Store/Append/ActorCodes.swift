import GRDB

/// The log's actor names, each stored once: an event row keeps its actor's code, a small
/// integer, in place of a name such as `region-ostergotland/vrinnevi/medicin-2`.
///
/// Names were a fifth of an event row. An ingest into a full store rewrites every page of the
/// pages it touches, so bytes per row are what it pays for. The hash chain still covers the
/// name (the canonical JSON is composed with it), so a renamed actor breaks `verify`; the
/// table refuses UPDATE and DELETE.
enum ActorCodes {

    /// Every actor's name, at the index of its code (`nil` where no actor has that code).
    static func names(_ db: Database) throws -> [String?] {
        var names: [String?] = []
        for row in try Row.fetchAll(db, sql: "SELECT code, name FROM actors ORDER BY code") {
            let code: Int = row[0]
            // Codes count up from 1; one far beyond (a damaged row) names no event's actor.
            guard code >= 0, code < 1 << 24 else { continue }
            if names.count <= code { names += [String?](repeating: nil, count: code + 1 - names.count) }
            names[code] = row[1]
        }
        return names
    }

    /// Every actor's code by name.
    static func codes(_ db: Database) throws -> [String: Int64] {
        var codes: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT name, code FROM actors") { codes[row[0]] = row[1] }
        return codes
    }

    /// Stores a new actor name and returns its code.
    static func add(_ name: String, _ db: Database) throws -> Int64 {
        try db.execute(sql: "INSERT INTO actors (name) VALUES (?)", arguments: [name])
        return db.lastInsertedRowID
    }
}
