import Foundation
import Testing

/// A reference from a digest leads, through gaps --finding, audit --finding and ack, to its
/// finding; each read is in the access log; a masked person says how to look it up (issue 26,
/// item 2).
@Suite struct FindingReferenceCommandTests {
    /// The digest's first reference and the finding id it stands for.
    func firstReference(_ store: StoreFaultTests.Store) throws -> (reference: String, id: String) {
        let digest = try CLI.run(["digest", "--db", store.s.db, "--as-of", "2026-06-02", "--to", "s@k.se", "--dry-run"])
        let lines = digest.stdout.components(separatedBy: "\n")
        // Every message's plain text: due-soon lines have no reference (no finding yet).
        let text = lines.indices.filter { lines[$0] == "Content-Type: text/plain; charset=utf-8" }.map { start in
            String(decoding: Data(base64Encoded: lines[(start + 3)...].prefix { !$0.hasPrefix("--gapwatch") }.joined()) ?? Data(), as: UTF8.self)
        }.joined()
        let line = try #require(text.components(separatedBy: "\n").first {
            $0.range(of: #"^  - \[[a-z-]+\] [0-9a-f]{4}-"#, options: .regularExpression) != nil
        })
        let reference = String(try #require(line.split(separator: " ").dropFirst(2).first))
        #expect(reference.range(of: "^[0-9a-f]{4}-[0-9a-f]{4}(-[0-9a-f]{1,4})*$", options: .regularExpression) != nil, "\(line)")
        let id = try store.sqlite("SELECT id FROM findings WHERE id LIKE '\(reference.replacingOccurrences(of: "-", with: ""))%'")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 20)
        return (reference, id)
    }

    @Test func aReferenceFromTheDigestLeadsToItsFinding() throws {
        let store = try StoreFaultTests.Store()
        let (reference, id) = try firstReference(store)
        let gaps = try CLI.run(["gaps", "--db", store.s.db, "--finding", reference, "--format", "json", "--as-of", "2026-06-02"])
        #expect(gaps.status == 0, "\(gaps.stderr)")
        let shown = gaps.stdout.split(separator: "\n")
        #expect(shown.count == 1)
        #expect(shown.first?.contains("\"id\":\"\(id)\"") == true)
        let audit = try CLI.run(["audit", "--db", store.s.db, "--finding", reference, "--format", "md", "--as-of", "2026-06-02"])
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.contains("--finding \(reference)"), "the reproduce line reproduces")
        #expect(audit.stdout.contains(", ref \(reference))"), "the audit names the finding by the digest's reference")
        let ack = try CLI.run(["ack", "--db", store.s.db, reference, "--by", "norrkoping/samordnare"])
        #expect(ack.status == 0, "\(ack.stderr)")
        #expect(ack.stdout.hasPrefix("acknowledged \(reference) "))
        #expect(try store.sqlite("SELECT count(*) FROM events WHERE type = 'x-gapwatch.ack' AND data LIKE '%\(id)%'") == "1\n")
        let commands = try store.sqlite("SELECT command FROM access_log ORDER BY id")
        #expect(commands == "gaps --finding\naudit --finding\n")
    }

    @Test func anUnknownOrMaskedReferenceSaysWhatToDo() throws {
        let store = try StoreFaultTests.Store()
        let unknown = try CLI.run(["gaps", "--db", store.s.db, "--finding", "ffff-ffff-ffff"])
        #expect(unknown.status == 66)
        #expect(unknown.stderr.contains("no finding ffff-ffff-ffff in the store"))
        let notAReference = try CLI.run(["ack", "--db", store.s.db, "19380412-****", "--by", "x"])
        #expect(notAReference.status == 64)
        #expect(notAReference.stderr.contains("is not a finding reference"))
        let masked = try CLI.run(["gaps", "--db", store.s.db, "--person", "19380412-****"])
        #expect(masked.status == 64)
        #expect(masked.stderr.contains("a masked personnummer names no one; look the finding up by its reference"))
    }
}
