import Crypto
import Foundation
import GRDB

/// The access log's hash chain: `hash = SHA-256(previous hash ‖ record)`, the record being the
/// canonical JSON of the entry's columns, so that an entry changed, removed or put in another
/// order breaks the chain from there on, as for the event log.
package enum AccessLogChain {
    /// The "previous hash" of the first entry: 32 zero bytes.
    package static let genesis = [UInt8](repeating: 0, count: 32)

    /// One entry's columns, as the chain covers them.
    package struct Entry: Sendable {
        package let id: Int64
        package let at: Int64
        package let who: String
        package let person: String
        package let purpose: String?
        package let command: String
        package let unmasked: Bool
        package let persons: Int64

        package init(id: Int64, at: Int64, who: String, person: String, purpose: String?, command: String, unmasked: Bool, persons: Int64) {
            self.id = id
            self.at = at
            self.who = who
            self.person = person
            self.purpose = purpose
            self.command = command
            self.unmasked = unmasked
            self.persons = persons
        }

        init(_ row: Row) {
            self.init(id: row["id"], at: row["at"], who: row["who"], person: row["person"], purpose: row["purpose"],
                      command: row["command"], unmasked: row["unmasked"], persons: row["persons"])
        }

        var record: String {
            CanonicalJSON.string(.object([
                "id": .number(String(id)), "at": .number(String(at)), "who": .string(who), "person": .string(person),
                "purpose": purpose.map(JSONValue.string) ?? .null, "command": .string(command), "unmasked": .bool(unmasked),
                "persons": .number(String(persons)),
            ]))
        }
    }

    package static func hash(previous: [UInt8], entry: Entry) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: Array(entry.record.utf8))
        return Array(hasher.finalize())
    }

    /// The chain's head: how many entries, and the newest one's hash. Entries are numbered from
    /// 1 and never deleted, so the newest id is the count (found without reading the table, as
    /// every ingest, scan and logged read asks).
    package static func head(_ db: Database) throws -> ChainHead {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1"),
              let hash = row["hash"] as Data?
        else { return ChainHead(count: 0, hash: genesis) }
        return ChainHead(count: row["id"], hash: Array(hash))
    }

    /// Walks the access log in `id` order and names the first entry that does not follow the chain.
    static func verify(_ db: Database) throws -> VerifyResult? {
        var previous = genesis
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM access_log ORDER BY id")
        var position: Int64 = 0
        while let row = try rows.next() {
            position += 1
            let stored = row["hash"] as Data?
            let computed = hash(previous: previous, entry: Entry(row))
            guard stored.map(Array.init) == computed else {
                return .brokenAccessLog(entry: position, reason: "hash does not match the access log's chain")
            }
            previous = computed
        }
        return nil
    }
}

/// Where a hash chain ends: its length and its newest hash.
package struct ChainHead: Sendable, Equatable {
    package let count: Int64
    package let hash: [UInt8]

    package init(count: Int64, hash: [UInt8]) {
        self.count = count
        self.hash = hash
    }
}
