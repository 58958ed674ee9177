import Foundation
import Testing

/// A finding that no act opened reaches the actors holding a scope for the person, and a
/// silence by actor covers it (issue 26, item 3, the routing by responsibility).
@Suite struct RoutingTests {
    static let events = [
        #"{"id":"r1","type":"actor.registered","at":"2020-01-01T00:00:00Z","actor":"region/vc","data":{"name":"Vårdcentralen","principal":"region","principal_name":"Region","kind":"primary-care","email":"vc@region.example"}}"#,
        #"{"id":"r2","type":"actor.registered","at":"2020-01-01T00:00:00Z","actor":"kommun/hem","data":{"name":"Hemtjänst Öst","principal":"municipality","principal_name":"Kommun","kind":"home-care","email":"hem@kommun.example"}}"#,
        #"{"id":"a1","type":"responsibility.assumed","person":"19400101-1230","at":"2026-01-05T08:00:00Z","actor":"region/vc","data":{"scope":"primary-care"}}"#,
        #"{"id":"a2","type":"responsibility.assumed","person":"19400101-1230","at":"2026-01-07T08:00:00Z","actor":"kommun/hem","data":{"scope":"home-care"}}"#,
    ]

    /// Who got a `[sip-missing]` line in a dry-run digest, by recipient.
    func sipMissingRecipients(_ s: Scratch, routes: String? = nil) throws -> Set<String> {
        let digest = try CLI.run(["digest", "--db", s.db, "--as-of", "2026-03-02T06:00:00+01:00", "--to", "samordning@kommun.example", "--dry-run"]
                                 + (routes.map { ["--routes", $0] } ?? []))
        #expect(digest.status == 0, "\(digest.stderr)")
        var recipients: Set<String> = []
        for message in digest.stdout.components(separatedBy: "\nFrom gapwatch") {
            let lines = message.components(separatedBy: "\n")
            guard let to = lines.first(where: { $0.hasPrefix("To: ") }),
                  let start = lines.firstIndex(of: "Content-Type: text/plain; charset=utf-8") else { continue }
            let text = String(decoding: Data(base64Encoded: lines[(start + 3)...].prefix { !$0.hasPrefix("--gapwatch") }.joined()) ?? Data(), as: UTF8.self)
            if text.contains("[sip-missing]") { recipients.insert(String(to.dropFirst(4))) }
        }
        return recipients
    }

    func store() throws -> Scratch {
        let s = try Scratch()
        #expect(try CLI.run(["ingest", "--db", s.db, "--recorded-at", "2026-01-08T00:00:00Z", try s.write("e.jsonl", lines: Self.events)]).status == 0)
        return s
    }

    @Test func aMissingJointPlanReachesTheUnitsOfBothPrincipals() throws {
        let s = try store()
        #expect(try CLI.run(["scan", "--db", s.db, "--as-of", "2026-03-01"]).status == 0)
        #expect(try sipMissingRecipients(s) == ["vc@region.example", "hem@kommun.example", "samordning@kommun.example"])
    }

    @Test func aSilenceByActorCoversTheFindingsRoutedToIt() throws {
        let s = try store()
        #expect(try CLI.run(["silence", "--db", s.db, "--rule", "sip-missing", "--actor", "kommun/hem", "--until", "2026-12-31",
                             "--reason", "SIP pilot", "--at", "2026-01-09"]).status == 0)
        #expect(try CLI.run(["scan", "--db", s.db, "--as-of", "2026-03-01"]).status == 0)
        #expect(try sipMissingRecipients(s).isEmpty, "the one finding concerns kommun/hem, so the silence covers it")
    }

    /// A routing file adds each principal's coordination team and a rule's own recipients.
    @Test func aRoutingFileAddsEachPrincipalsCoordination() throws {
        let s = try store()
        #expect(try CLI.run(["scan", "--db", s.db, "--as-of", "2026-03-01"]).status == 0)
        let routes = try s.write("routes.yaml", """
            principals:
              Region: samordning@region.example
              Kommun: samordning@kommun.example
            rules:
              sip-missing: [sip-team@region.example]
            """)
        #expect(try sipMissingRecipients(s, routes: routes)
            == ["vc@region.example", "hem@kommun.example", "samordning@kommun.example", "samordning@region.example", "sip-team@region.example"])
    }

    @Test func aBadRoutingFileIsRefusedWithItsLines() throws {
        let s = try store()
        #expect(try CLI.run(["scan", "--db", s.db, "--as-of", "2026-03-01"]).status == 0)
        let routes = try s.write("routes.yaml", """
            principals:
              Region: not an address
            rules:
              sip-mising: [x@y.se]
            """)
        let result = try CLI.run(["digest", "--db", s.db, "--to", "a@b.se", "--dry-run", "--routes", routes])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(routes):2: principals.Region: not one e-mail address (local@domain)"))
        #expect(result.stderr.contains("\(routes):4: rules: \"sip-mising\" is no rule of the rulebook; did you mean \"sip-missing\"?"))
    }
}
