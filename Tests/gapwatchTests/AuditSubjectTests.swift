import Foundation
import Testing

/// An audit of what the log does not hold must not read as "no gaps" (issue 26, item 6).
@Suite struct AuditSubjectTests {
    @Test func anUnknownSubjectIsRefusedWithTheClosestKnownOne() throws {
        let s = try Scratch()
        #expect(try CLI.run(["demo", "--dir", s.path + "/demo", "--persons", "20"]).status == 0)
        let db = s.path + "/demo/gapwatch.sqlite"
        let cases: [([String], String)] = [
            (["--principal", "Norrkopings kommun"], "no principal \"Norrkopings kommun\" among the actors registered in the log; did you mean \"Norrköpings kommun\"?"),
            (["--actor", "norrkoping/hemtjanst-oest"], "no actor \"norrkoping/hemtjanst-oest\" in the log; did you mean \"norrkoping/hemtjanst-ost\"?"),
            (["--person", "p-nonexistent"], "no events about this person in the log"),
        ]
        for (subject, message) in cases {
            let result = try CLI.run(["audit", "--db", db] + subject)
            #expect(result.status == 66, "\(subject)")
            #expect(result.stderr.contains(message), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let backwards = try CLI.run(["audit", "--db", db, "--principal", "Norrköpings kommun", "--from", "2026-06-01", "--to", "2026-01-01"])
        #expect(backwards.status == 64)
        #expect(backwards.stderr.contains("--from must be earlier than --to"))
        #expect(try CLI.run(["audit", "--db", db, "--principal", "Norrköpings kommun", "--format", "md"]).status == 0)
    }
}
