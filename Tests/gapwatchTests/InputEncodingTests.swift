import Foundation
import Testing

/// What Windows programs write: a byte order mark at the start of a UTF-8 file is taken in
/// event files as in rulebooks; bytes that are not UTF-8 are bad input (65) with their line.
@Suite struct InputEncodingTests {
    static let bom = Data([0xEF, 0xBB, 0xBF])

    @Test func aByteOrderMarkStartsAnEventFileWithoutHarm() throws {
        let s = try Scratch()
        let file = s.path + "/bom.jsonl"
        try (Self.bom + Data((CommandTests.contact + "\n" + CommandTests.need + "\n").utf8)).write(to: URL(fileURLWithPath: file))
        let result = try CLI.run(["ingest", "--db", s.db, file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "ingested 2 new, 0 duplicate, 0 rejected\n")
    }

    @Test func aByteOrderMarkInsideAFileIsStillBadInput() throws {
        let s = try Scratch()
        let file = s.path + "/bom.jsonl"
        try (Data((CommandTests.contact + "\n").utf8) + Self.bom + Data((CommandTests.need + "\n").utf8)).write(to: URL(fileURLWithPath: file))
        let result = try CLI.run(["ingest", "--db", s.db, file])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(file):2: invalid JSON"))
    }

    @Test func aRulebookThatIsNotUTF8IsBadInputWithItsLine() throws {
        let s = try Scratch()
        let file = s.path + "/rules.yaml"
        try (Data("rules:\n  - id: caf".utf8) + [0xE9, 0x0A]).write(to: URL(fileURLWithPath: file))
        let result = try CLI.run(["rules", "check", file])
        #expect(result.status == 65)
        #expect(result.stderr == "gapwatch: \(file):2: not UTF-8 (rulebooks and routing files are UTF-8 text)\n")
    }
}
