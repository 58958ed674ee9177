import Foundation
import GRDB

extension Migrations {
    /// Migration v10: what lets `verify` see the log's end cut off and the access log changed.
    /// Every ingest, scan and logged read notes the heads it ended at.
    ///
    /// A hash chain proves every row up to its last one, but not that the last one is the
    /// end: rows cut off the tail leave a shorter chain that verifies. So every ingest and scan
    /// records the heads it ended at, of the log and of the access log, in `heads` (append-only),
    /// and `verify` checks that both still reach each. The access log, the evidence of who read whose data, gets a hash
    /// chain of its own (rows of earlier versions are chained here, in `id` order), and a count
    /// of the persons a bulk read showed.
    ///
    /// Shipped, so never edited (a change is a new migration).
    static let v10 = Step(name: "v10: anchored heads, chained access log") { db in
        try db.execute(sql: """
            CREATE TABLE heads (
                id          INTEGER PRIMARY KEY,
                seq         INTEGER NOT NULL CHECK (seq >= 0),
                hash        BLOB    NOT NULL CHECK (length(hash) = 32),
                access_count INTEGER NOT NULL CHECK (access_count >= 0),
                access_hash BLOB    NOT NULL CHECK (length(access_hash) = 32),
                noted_at    INTEGER NOT NULL,
                source      TEXT    NOT NULL CHECK (source IN ('ingest', 'scan', 'read'))
            );
            CREATE TRIGGER heads_append_only_update BEFORE UPDATE ON heads
            BEGIN SELECT RAISE(ABORT, 'the heads are append-only: UPDATE refused'); END;
            CREATE TRIGGER heads_append_only_delete BEFORE DELETE ON heads
            BEGIN SELECT RAISE(ABORT, 'the heads are append-only: DELETE refused'); END;

            ALTER TABLE access_log ADD COLUMN persons INTEGER NOT NULL DEFAULT 1 CHECK (persons >= 1);
            ALTER TABLE access_log ADD COLUMN hash BLOB;
            DROP TRIGGER access_log_append_only_update;
            """)
        var previous = AccessLogChain.genesis
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM access_log ORDER BY id")
        for row in rows {
            let hash = AccessLogChain.hash(previous: previous, entry: AccessLogChain.Entry(row))
            try db.execute(sql: "UPDATE access_log SET hash = ? WHERE id = ?", arguments: [Data(hash), row["id"] as Int64])
            previous = hash
        }
        try db.execute(sql: """
            CREATE TRIGGER access_log_append_only_update BEFORE UPDATE ON access_log
            BEGIN SELECT RAISE(ABORT, 'the access log is append-only: UPDATE refused'); END;
            CREATE TRIGGER access_log_hashed BEFORE INSERT ON access_log WHEN NEW.hash IS NULL OR length(NEW.hash) != 32
            BEGIN SELECT RAISE(ABORT, 'an access log entry needs its hash'); END;
            """)
    }
}
