import EventLog
import Foundation
import GapEngine
import Nightly
import Testing

/// A person discharged with a handover nobody has answered yet, in a small region.
private let registrations = [
    #"{"id":"r1","type":"actor.registered","at":"2020-01-01T00:00:00Z","actor":"region/ward","data":{"name":"Ward","principal":"region","principal_name":"Region","kind":"hospital-ward","email":"ward@region.example"}}"#,
    #"{"id":"r2","type":"actor.registered","at":"2020-01-01T00:00:00Z","actor":"kommun/hem","data":{"name":"Hemtjänst","principal":"municipality","principal_name":"Kommun","kind":"home-care","email":"hem@kommun.example"}}"#,
]
private let discharge = [
    #"{"id":"e1","type":"admission","person":"19400101-1230","at":"2026-03-01T08:00:00Z","actor":"region/ward"}"#,
    #"{"id":"e2","type":"notification.sent","person":"19400101-1230","at":"2026-03-01T10:00:00Z","actor":"region/ward","data":{"kind":"inskrivningsmeddelande"}}"#,
    #"{"id":"e3","type":"handover.initiated","person":"19400101-1230","at":"2026-03-06T09:00:00Z","actor":"region/ward","data":{"scope":"home-care","to":"kommun/hem"}}"#,
    #"{"id":"e4","type":"discharge","person":"19400101-1230","at":"2026-03-06T13:00:00Z","actor":"region/ward"}"#,
    #"{"id":"e5","type":"need.identified","person":"19400101-1230","at":"2026-03-06T13:00:00Z","actor":"region/ward","data":{"scope":"home-care"}}"#,
]
private let accepted = #"{"id":"e6","type":"handover.accepted","person":"19400101-1230","at":"2026-03-07T12:00:00Z","actor":"kommun/hem","data":{"handover":"e3"}}"#

/// Runs digests and reads back what they said.
private struct Mailroom {
    let s: NightlyStore
    static let coordination = "samordning@kommun.example"

    /// Delivers a digest as of `now`; returns each message's recipient and decoded plain text.
    @discardableResult
    func digest(_ now: String, delivery: DigestRun.Delivery? = nil, dryRun: Bool = false, quietAfter: Int64? = nil,
                collect: Bool = true) throws -> [String: String] {
        var policy = DigestPolicy(now: instant(now))
        // Quiet-actor warnings only where a test asks for them.
        if let quietAfter { policy.quietAfter = quietAfter }
        policy.usualEvents = quietAfter == nil ? .max : 1
        final class Box: @unchecked Sendable { var messages: [String] = [] }
        let box = Box()
        let run = DigestRun(store: s.store, timeZone: Rulebook.standard.timeZone, policy: policy, coordination: [Self.coordination],
                            from: "gapwatch@test.example", domain: "test.example",
                            delivery: delivery ?? .mbox { box.messages.append($0) }, dryRun: dryRun, language: .en)
        _ = try run.run()
        return Dictionary(uniqueKeysWithValues: box.messages.map { message in
            (header("To", of: message), plainText(of: message))
        })
    }

    /// Each recipient's Message-ID in a digest as of `now`.
    func messageIDs(_ now: String, dryRun: Bool = false) throws -> [String: String] {
        final class Box: @unchecked Sendable { var messages: [String] = [] }
        let box = Box()
        _ = try digest(now, delivery: .mbox { box.messages.append($0) }, dryRun: dryRun, collect: false)
        return Dictionary(uniqueKeysWithValues: box.messages.map { (header("To", of: $0), header("Message-ID", of: $0)) })
    }

    func header(_ name: String, of message: String) -> String {
        message.split(separator: "\n").first { $0.hasPrefix(name + ": ") }.map { String($0.dropFirst(name.count + 2)) } ?? ""
    }

    func plainText(of message: String) -> String {
        let lines = message.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "Content-Type: text/plain; charset=utf-8") else { return "" }
        let body = lines[(start + 3)...].prefix { !$0.hasPrefix("--gapwatch") }.joined()
        return String(decoding: Data(base64Encoded: body) ?? Data(), as: UTF8.self)
    }
}

@Suite struct DigestTests {
    private func setUp() throws -> (NightlyStore, Mailroom) {
        let s = try NightlyStore()
        try s.ingest(registrations + discharge, at: instant("2026-03-07T08:00:00Z"))
        try s.scan(instant("2026-03-07T09:00:00Z"))
        return (s, Mailroom(s: s))
    }

    @Test func eachRecipientGetsWhatConcernsItAndNeverTheSameAlertTwice() throws {
        let (s, mail) = try setUp()
        let first = try mail.digest("2026-03-07T10:00:00Z")
        #expect(Set(first.keys) == [Mailroom.coordination, "ward@region.example", "hem@kommun.example"])
        let coordination = try #require(first[Mailroom.coordination])
        #expect(coordination.contains("New since the last digest"))
        #expect(coordination.range(of: #"\[need-uncovered\] [0-9a-f]{4}-[0-9a-f]{4} \(critical\) Need without a responsible actor — 19400101-\*\*\*\*, home-care"#, options: .regularExpression) != nil)
        let homeCare = try #require(first["hem@kommun.example"])
        #expect(homeCare.contains("Due soon: act now to prevent a gap (1)"))
        #expect(homeCare.range(of: #"\[handover-unanswered\] \(high\) Handover neither accepted nor rejected — 19400101-\*\*\*\*, home-care, due 2026-03-08 10:00"#, options: .regularExpression) != nil)
        #expect(!homeCare.contains("need-uncovered"), "the need concerns no registered actor: it goes to coordination only")
        // Units by their registered names and contacts, not their ids (issue 26, item 4).
        #expect(homeCare.contains("Ward (ward@region.example) → expected: Hemtjänst (hem@kommun.example)"), "\(homeCare)")
        try s.scan(instant("2026-03-07T10:30:00Z"))
        #expect(try mail.digest("2026-03-07T11:00:00Z").isEmpty)
    }

    @Test func stillOpenFindingsAreRemindedOnlyAfterTheRepeatInterval() throws {
        let (_, mail) = try setUp()
        try mail.digest("2026-03-07T10:00:00Z")
        #expect(try mail.digest("2026-03-14T09:59:59Z").isEmpty)
        let week = try mail.digest("2026-03-14T10:00:00Z")
        #expect(week[Mailroom.coordination]?.contains("Still open (reminded every 7d) (1)") == true)
        #expect(try mail.digest("2026-03-14T11:00:00Z").isEmpty)
    }

    @Test func closedAndDueFindingsFollowOnceEach() throws {
        let (s, mail) = try setUp()
        try mail.digest("2026-03-07T10:00:00Z")
        try s.ingest([accepted], at: instant("2026-03-07T13:00:00Z"))
        try s.scan(instant("2026-03-08T03:00:00Z"))
        let next = try mail.digest("2026-03-08T05:00:00Z")
        let coordination = try #require(next[Mailroom.coordination])
        #expect(coordination.contains("Closed since the last digest (1)"))
        #expect(coordination.contains("[need-uncovered]"))
        // The team never heard of the gap while it was open; it hears of it now, as new, closed.
        #expect(next["hem@kommun.example"]?.contains("New since the last digest (1)") == true)
        let again = try mail.digest("2026-03-08T06:00:00Z")
        #expect(again.isEmpty, "\(again)")
    }

    @Test func aFailedSendIsRetriedNextRunAndNothingIsLost() throws {
        let (_, mail) = try setUp()
        let failing = DigestRun(store: mail.s.store, timeZone: Rulebook.standard.timeZone, policy: DigestPolicy(now: instant("2026-03-07T10:00:00Z")),
                                coordination: [Mailroom.coordination], from: "gapwatch@test.example", domain: "test.example",
                                delivery: .sendmail("cat >/dev/null; exit 75"), dryRun: false)
        let outcome = try failing.run()
        #expect(outcome.delivered.isEmpty && outcome.failed.count == 3)
        let retried = try mail.digest("2026-03-07T11:00:00Z")
        #expect(retried.count == 3)
        #expect(retried[Mailroom.coordination]?.contains("New since the last digest") == true)
    }

    /// At least once: a digest sent but not recorded (the run killed while sendmail ran) is
    /// sent again next run, with the same Message-ID, so mail systems drop the duplicate; the
    /// digest after a recorded one has an id of its own.
    @Test func aResentDigestKeepsItsMessageID() throws {
        let (_, mail) = try setUp()
        let first = try mail.messageIDs("2026-03-07T10:00:00Z", dryRun: true)
        let resent = try mail.messageIDs("2026-03-07T11:00:00Z")
        #expect(first.count == 3)
        #expect(resent == first)
        try mail.s.ingest([accepted], at: instant("2026-03-07T13:00:00Z"))
        _ = try mail.s.scan(instant("2026-03-07T13:00:00Z"))
        let next = try mail.messageIDs("2026-03-08T06:00:00Z")
        #expect(!next.isEmpty)
        #expect(Set(next.values).isDisjoint(with: Set(first.values)))
    }

    /// A withdrawn finding never was a gap: its line says nothing of "open" or of "no one yet".
    @Test func aWithdrawnFindingReadsAsNoGap() throws {
        let s = try NightlyStore()
        let need = #"{"id":"n1","type":"need.identified","person":"19400101-1230","at":"2026-03-01T08:00:00Z","actor":"region/ward","data":{"scope":"nursing"}}"#
        let heldAllAlong = #"{"id":"a1","type":"responsibility.assumed","person":"19400101-1230","at":"2026-02-01T08:00:00Z","actor":"kommun/hem","data":{"scope":"nursing"}}"#
        try s.ingest(registrations + [need], at: instant("2026-03-01T09:00:00Z"))
        try s.scan(instant("2026-03-02T09:00:00Z"))
        let mail = Mailroom(s: s)
        try mail.digest("2026-03-02T10:00:00Z")
        try s.ingest([heldAllAlong], at: instant("2026-03-03T09:00:00Z"))
        #expect(try s.scan(instant("2026-03-03T10:00:00Z")).withdrawn == 1)
        let text = try #require(try mail.digest("2026-03-03T11:00:00Z")[Mailroom.coordination])
        let line = try #require(text.components(separatedBy: "\n").first { $0.contains("[need-uncovered]") })
        #expect(text.contains("Withdrawn"))
        #expect(!line.contains("open for") && !line.contains("no one yet"), "\(line)")
        #expect(line.contains("flagged from 2026-03-01 09:00"))
    }

    /// A finding that a changed rulebook no longer produces is not "withdrawn" (later records
    /// show no gap): it is recorded and announced, once, as no longer checked (issue 26, item 1).
    @Test func aRulebookChangeRetiresWhatItNoLongerProducesAndSaysSo() throws {
        let s = try NightlyStore()
        let need = #"{"id":"n1","type":"need.identified","person":"19400101-1230","at":"2026-03-01T08:00:00Z","actor":"region/ward","data":{"scope":"nursing"}}"#
        try s.ingest(registrations + [need], at: instant("2026-03-01T09:00:00Z"))
        try s.scan(instant("2026-03-02T09:00:00Z"))
        let mail = Mailroom(s: s)
        try mail.digest("2026-03-02T10:00:00Z")
        let narrower = try RulebookParser.parse("""
            timezone: Europe/Stockholm
            rules:
              - id: reported-gap
                kind: report
                severity: high
                title: The person or a relative reports a gap
                after: {type: experience.reported}
            """)
        let changed = try NightlyScan(store: s.store, rulebook: narrower).run(asOf: instant("2026-03-03T09:00:00Z"), ranAt: instant("2026-03-03T09:00:00Z"))
        #expect(changed.summary.hasSuffix("0 withdrawn; 1 no longer checked (the rulebook changed)"), "\(changed.summary)")
        let text = try #require(try mail.digest("2026-03-03T10:00:00Z")[Mailroom.coordination])
        #expect(text.contains("No longer checked: the rulebook changed (1)"))
        #expect(!text.contains("Withdrawn"))
        #expect(text.contains("rule need-uncovered was changed or removed, so it is no longer checked"))
        #expect(try mail.digest("2026-03-04T10:00:00Z").isEmpty, "announced once")
        let again = try NightlyScan(store: s.store, rulebook: narrower).run(asOf: instant("2026-03-04T09:00:00Z"), ranAt: instant("2026-03-04T09:00:00Z"))
        #expect(again.withdrawn == 0 && again.retired == 0)
    }

    @Test func aDryRunRecordsNothing() throws {
        let (_, mail) = try setUp()
        #expect(try mail.digest("2026-03-07T10:00:00Z", dryRun: true).count == 3)
        #expect(try mail.digest("2026-03-07T10:30:00Z").count == 3)
    }

    @Test func silencesHideFindingsUntilTheyExpire() throws {
        let (s, mail) = try setUp()
        try s.ingest([#"{"id":"sil1","type":"x-gapwatch.silence","at":"2026-03-07T09:30:00Z","actor":"samordnare","data":{"rule":"need-uncovered","until":"2026-03-10T00:00:00Z","reason":"known, being handled"}}"#],
                     at: instant("2026-03-07T09:30:00Z"))
        let silenced = try mail.digest("2026-03-07T10:00:00Z")
        #expect(silenced[Mailroom.coordination]?.contains("need-uncovered") == false)
        let expired = try mail.digest("2026-03-10T00:00:00Z")
        #expect(expired[Mailroom.coordination]?.contains("[need-uncovered]") == true)
    }

    @Test func anAcknowledgedFindingIsNotReminded() throws {
        let (s, mail) = try setUp()
        try mail.digest("2026-03-07T10:00:00Z")
        let finding = try #require(try s.store.ledgerEntries().first { $0.rule == "need-uncovered" })
        try s.ingest(["{\"id\":\"ack1\",\"type\":\"x-gapwatch.ack\",\"person\":\"19400101-1230\",\"at\":\"2026-03-07T11:00:00Z\",\"actor\":\"samordnare\",\"data\":{\"finding\":\"\(finding.id)\"}}"],
                     at: instant("2026-03-07T11:00:00Z"))
        #expect(try mail.digest("2026-03-15T10:00:00Z").isEmpty)
    }

    @Test func noTwelveDigitPersonnummerAppearsAnywhereInADigest() throws {
        let (s, _) = try setUp()
        let folder = s.folder + "/mail"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Mailroom(s: s).digest("2026-03-07T10:00:00Z", delivery: .directory(folder))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(files.count == 3)
        for file in files {
            let raw = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            let decoded = raw.components(separatedBy: "\r\n").compactMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }.joined()
            for text in [raw, decoded] {
                #expect(text.range(of: "[0-9]{8}-?[0-9]{4}", options: .regularExpression) == nil)
            }
            #expect(decoded.contains("19400101-****"))
        }
    }

    @Test func anActorThatWentQuietIsWarnedAboutAndItsFindingsMarked() throws {
        let (s, mail) = try setUp()
        try s.scan(instant("2026-03-12T04:00:00Z"))
        let digest = try mail.digest("2026-03-12T05:00:00Z", quietAfter: 3 * 86_400_000_000)
        let coordination = try #require(digest[Mailroom.coordination])
        #expect(coordination.contains("No data is not no care"))
        #expect(coordination.contains("! region/ward: nothing since 2026-03-07 09:00"))
        #expect(coordination.contains("! no data from region/ward lately"))
    }
}

/// No stored text can add a header or a recipient to a message, whatever the log holds
/// (addresses stored before ingest checked them, names with line ends).
@Suite struct MailHeaderTests {
    @Test(arguments: [
        ("h@k.se\r\nBcc: attacker@example.org", "subject"),
        ("h@k.se\nBcc: attacker@example.org", "subject"),
        ("h@k.se, attacker@example.org", "subject"),
        ("h@k.se", "Hemtj\r\nBcc: attacker@example.org"),
        ("h@k.se", "Hemtjänst Öst\nX-Injected: yes and a subject long enough to be folded over more than one line"),
    ])
    func noStoredTextAddsAHeader(to: String, subject: String) {
        let message = MailMessage(from: "gapwatch@test.example", to: to, subject: subject, date: instant("2026-03-08T06:00:00Z"),
                                  messageID: "gapwatch.1.abc@test.example", text: "text", html: "<p>html</p>")
        for crlf in [false, true] {
            let rendered = message.rendered(crlf: crlf)
            let head = rendered.components(separatedBy: crlf ? "\r\n\r\n" : "\n\n")[0]
            let lines = head.components(separatedBy: crlf ? "\r\n" : "\n")
            #expect(!head.contains("\r") || crlf)
            #expect(!lines.contains { $0.hasPrefix("Bcc:") || $0.hasPrefix("X-Injected:") }, "\(head)")
            let names = lines.filter { !$0.hasPrefix(" ") }.map { $0.prefix { $0 != ":" } }
            #expect(names == ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"])
            #expect(!lines.contains { $0.hasPrefix("To: ") && $0.contains(",") })
        }
    }

    @Test func aPlainAddressAndSubjectAreWrittenAsTheyAre() {
        let message = MailMessage(from: "gapwatch@test.example", to: "h@k.se", subject: "gapwatch: 2 new", date: instant("2026-03-08T06:00:00Z"),
                                  messageID: "gapwatch.1.abc@test.example", text: "text", html: "html")
        let lines = message.rendered().components(separatedBy: "\n")
        #expect(lines.contains("To: h@k.se"))
        #expect(lines.contains("Subject: gapwatch: 2 new"))
    }
}
