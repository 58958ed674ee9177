import Testing
@testable import EventLog

/// Every validation rule of the event contract, each with the message a user sees.
@Suite struct ValidationTests {
    static let good = #"{"id":"e1","type":"contact","person":"p-1","at":"2026-03-01T08:00:00+01:00","actor":"vc-ljura"}"#

    /// A bad line and (part of) the message it must produce.
    static let badLines: [(line: String, message: String)] = [
        (#"{"id":"e1","#, "invalid JSON: unexpected end of line"),
        (#"{"id":"e1",}"#, "invalid JSON: expected a quoted key"),
        (#"[1,2]"#, "expected a JSON object, found an array"),
        (#""text""#, "expected a JSON object, found a string"),
        (#"{"id":"e1","id":"e2","type":"contact","person":"p","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "invalid JSON: duplicate key (column 12)"),
        (#"{"type":"contact","person":"p","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "missing required field \"id\""),
        (#"{"id":"e1","person":"p","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "missing required field \"type\""),
        (#"{"id":"e1","type":"contact","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "missing required field \"person\""),
        (#"{"id":"e1","type":"contact","person":"p","actor":"a"}"#, "missing required field \"at\""),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-03-01T08:00:00Z"}"#, "missing required field \"actor\""),
        (#"{"id":5,"type":"contact","person":"p","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "field \"id\" must be a string, found a number"),
        (#"{"id":"e 1","type":"contact","person":"p","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "field \"id\" must be 1–128 characters"),
        (#"{"id":"","type":"contact","person":"p","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "field \"id\" must be 1–128 characters"),
        ("{\"id\":\"\(String(repeating: "x", count: 129))\",\"type\":\"contact\",\"person\":\"p\",\"at\":\"2026-03-01T08:00:00Z\",\"actor\":\"a\"}", "field \"id\" must be 1–128 characters"),
        (#"{"id":"e1","type":"visit","person":"p","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "unknown event type (custom types start with \"x-\")"),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","atr":"x"}"#, "unknown top-level field; did you mean \"at\"? (the fields are id, type, person, at, actor, data)"),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","comment":"x"}"#, "unknown top-level field (the fields are id, type, person, at, actor, data)"),
        (#"{"id":"e1","type":"contact","person":"","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "field \"person\" must be 1–64 characters"),
        ("{\"id\":\"e1\",\"type\":\"contact\",\"person\":\"\(String(repeating: "p", count: 65))\",\"at\":\"2026-03-01T08:00:00Z\",\"actor\":\"a\"}", "field \"person\" must be 1–64 characters"),
        (#"{"id":"e1","type":"contact","person":"19400101-1234","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "fails the Luhn check"),
        (#"{"id":"e1","type":"contact","person":"194001011234","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "fails the Luhn check"),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-03-01 08:00:00Z","actor":"a"}"#, "field \"at\" is not an RFC 3339 timestamp"),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-03-01T08:00Z","actor":"a"}"#, "field \"at\" is not an RFC 3339 timestamp"),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-03-01T08:00:00","actor":"a"}"#, "field \"at\" needs an offset from UTC"),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-02-29T08:00:00Z","actor":"a"}"#, "field \"at\" names a date or time that does not exist"),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-04-31T08:00:00Z","actor":"a"}"#, "field \"at\" names a date or time that does not exist"),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-03-01T24:00:00Z","actor":"a"}"#, "field \"at\" names a date or time that does not exist"),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-03-01T08:00:00+25:00","actor":"a"}"#, "field \"at\" names a date or time that does not exist"),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-03-01T08:00:00Z","actor":""}"#, "field \"actor\" must be 1–200 characters"),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-03-01T08:00:00Z","actor":"a\u0007b"}"#, "field \"actor\" must be 1–200 characters without control characters"),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-03-01T08:00:00Z","actor":"a\u009fb"}"#, "field \"actor\" must be 1–200 characters without control characters"),
        ("{\"id\":\"e1\",\"type\":\"contact\",\"person\":\"p\",\"at\":\"2026-03-01T08:00:00Z\",\"actor\":\"\(String(repeating: "å", count: 201))\"}", "field \"actor\" must be 1–200 characters"),
        (#"{"id":"e1","type":"contact","person":"p\u007f","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "field \"person\" must not contain control characters"),
        (#"{"id":"e1","type":"contact","person":"p\u0085","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "field \"person\" must not contain control characters"),
        ("{\"id\":\"e1\",\"type\":\"contact\",\"person\":\"\(String(repeating: "ö", count: 65))\",\"at\":\"2026-03-01T08:00:00Z\",\"actor\":\"a\"}", "field \"person\" must be 1–64 characters"),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","data":[1]}"#, "field \"data\" must be an object, found an array"),
        (#"{"id":"e1","type":"responsibility.assumed","person":"p","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "responsibility.assumed requires data.scope"),
        (#"{"id":"e1","type":"responsibility.assumed","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","data":{"scope":""}}"#, "data.scope must be a non-empty string"),
        (#"{"id":"e1","type":"handover.initiated","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","data":{"scope":"home-care"}}"#, "handover.initiated requires data.to"),
        (#"{"id":"e1","type":"handover.accepted","person":"p","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "handover.accepted requires data.handover"),
        (#"{"id":"e1","type":"referral.answered","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","data":{"referral":"r","outcome":"maybe"}}"#, "data.outcome must be one of accepted, declined"),
        (#"{"id":"e1","type":"assessment","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","data":{"needs":"medical"}}"#, "data.needs must be a list of non-empty strings"),
        (#"{"id":"e1","type":"assessment","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","data":{"next_due":"soon"}}"#, "field \"data.next_due\" is not an RFC 3339 timestamp"),
        (#"{"id":"e1","type":"plan.established","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","data":{"kind":"sip","review_by":"2026-02-30T00:00:00Z"}}"#, "field \"data.review_by\" names a date or time that does not exist"),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","data":{"mode":"letter"}}"#, "data.mode must be one of visit, home-visit, phone, video, meeting"),
        (#"{"id":"e1","type":"actor.registered","at":"2026-03-01T08:00:00Z","actor":"a","data":{"name":"A","principal":"county","principal_name":"X","kind":"ward"}}"#, "data.principal must be one of region, municipality, private, ngo, state"),
        (#"{"id":"e1","type":"actor.registered","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","data":{"name":"A","principal":"region","principal_name":"X","kind":"ward"}}"#, "actor.registered takes no \"person\" field"),
        (#"{"id":"e1","type":"notification.sent","person":"p","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "notification.sent requires data.kind"),
        (#"{"id":"e1","type":"event.retracted","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","data":{"target":"e0"}}"#, "event.retracted requires data.reason"),
        (#"{"id":"e1","type":"plan.reviewed","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","data":{}}"#, "plan.reviewed requires data.plan"),
    ] + ["h@k.se\\r\\nBcc: attacker@example.org", "h@k.se, attacker@example.org", "Hemtjänst <h@k.se>", "h@k.se\\n", " h@k.se", "h.@k.se",
         "h@k..se", "@k.se", "h@", "h@k.se@x.se", "\\\"h k\\\"@k.se", "h@k.se\\u0000"].map { email in
        ("{\"id\":\"e1\",\"type\":\"actor.registered\",\"at\":\"2026-03-01T08:00:00Z\",\"actor\":\"a\",\"data\":{\"name\":\"A\",\"principal\":\"region\",\"principal_name\":\"X\",\"kind\":\"ward\",\"email\":\"\(email)\"}}",
         "data.email must be one e-mail address, local@domain (no name, list or white space)")
    }

    @Test(arguments: ["h@k.se", "first.last+tag@vard.region-ostergotland.se", "o'neil@x.example", "root@localhost"])
    func oneAddressIsAValidEmail(_ address: String) {
        #expect(EmailAddress.isValid(address))
    }

    @Test func aGoodLineIsAccepted() throws {
        let event = try EventValidator.validate(line: Array(Self.good.utf8)).get()
        #expect(event.id == "e1")
        #expect(event.person == "p-1")
        #expect(event.at == (try RFC3339.parse("2026-03-01T07:00:00Z")))
    }

    /// Lengths count Unicode scalars, not bytes, and only C0, DEL and C1 are control characters.
    @Test(arguments: [
        ("person", String(repeating: "ö", count: 64)), ("person", "p\u{a0}q"), ("person", "19400101-1230"),
        ("actor", String(repeating: "å", count: 200)), ("actor", "Vårdcentralen Ljura\u{a0}\u{c2}"),
    ])
    func aLongOrUnusualButValidFieldIsAccepted(field: String, value: String) throws {
        var object = ["id": "e1", "type": "contact", "person": "p", "at": "2026-03-01T08:00:00Z", "actor": "a"]
        object[field] = value
        let line = "{" + object.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",") + "}"
        let event = try EventValidator.validate(line: Array(line.utf8)).get()
        #expect((field == "person" ? event.person : event.actor) == value)
    }

    @Test(arguments: badLines)
    func aBadLineIsRejectedWithItsMessage(line: String, message: String) {
        switch EventValidator.validate(line: Array(line.utf8)) {
        case .success: Issue.record("accepted a bad line: \(line)")
        case .failure(let problems):
            #expect(problems.messages.contains { $0.contains(message) }, "got \(problems.messages)")
        }
    }

    /// A personnummer where a key, a type or an id should be is never quoted back, and the
    /// short forms are personnummer, never pseudonyms.
    @Test(arguments: [
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","19400101-1230":"x"}"#, "unknown top-level field"),
        (#"{"id":"e1","type":"19400101-1230","person":"p","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "unknown event type"),
        (#"{"id":"e1","type":"contact","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","data":{"19400101-1230":1,"19400101-1230":2}}"#, "duplicate key"),
        (#"{"id":"e1","type":"contact","person":"4001011230","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "a personnummer without its century"),
        (#"{"id":"e1","type":"contact","person":"400101+1230","at":"2026-03-01T08:00:00Z","actor":"a"}"#, "a personnummer without its century"),
    ])
    func messagesQuoteNothingFromTheInput(line: String, message: String) {
        guard case .failure(let problems) = EventValidator.validate(line: Array(line.utf8)) else {
            Issue.record("accepted \(line)")
            return
        }
        #expect(problems.messages.contains { $0.contains(message) }, "\(problems.messages)")
        #expect(!problems.messages.joined().contains("1230"))
        #expect(!problems.messages.joined().contains("400101"))
    }

    @Test func messagesNeverEchoAPersonnummer() {
        let line = #"{"id":"e1","type":"contact","person":"19400101-1234","at":"2026-03-01T08:00:00Z","actor":"a"}"#
        guard case .failure(let problems) = EventValidator.validate(line: Array(line.utf8)) else {
            Issue.record("accepted a bad personnummer")
            return
        }
        #expect(!problems.messages.joined().contains("1234"))
    }

    @Test func everyProblemOfALineIsReported() {
        let line = #"{"id":"bad id","type":"contact","at":"yesterday","actor":""}"#
        guard case .failure(let problems) = EventValidator.validate(line: Array(line.utf8)) else {
            Issue.record("accepted")
            return
        }
        #expect(problems.messages.count == 4, "\(problems.messages)")
    }

    @Test func customTypesAndUnknownDataFieldsAreKept() throws {
        let line = #"{"id":"e1","type":"x-medication-review","person":"p","at":"2026-03-01T08:00:00Z","actor":"a","data":{"anything":{"nested":[1,2.50,true,null]}}}"#
        let event = try EventValidator.validate(line: Array(line.utf8)).get()
        #expect(event.data["anything"] == .object(["nested": .array([.number("1"), .number("2.50"), .bool(true), .null])]))
    }

    @Test func personnummerAreCanonicalAndEventsCompareByCanonicalJSON() throws {
        let a = try EventValidator.validate(line: Array(#"{"id":"x1","type":"contact","person":"194001011230","at":"2026-01-05T08:00:00+01:00","actor":"a"}"#.utf8)).get()
        let b = try EventValidator.validate(line: Array(#"{"actor":"a", "at":"2026-01-05T07:00:00Z", "person":"19400101-1230", "type":"contact", "id":"x1", "data":{}}"#.utf8)).get()
        #expect(a.person == "19400101-1230")
        #expect(a.canonicalJSON == b.canonicalJSON)
        #expect(a.canonicalJSON == #"{"actor":"a","at":"2026-01-05T07:00:00Z","id":"x1","person":"19400101-1230","type":"contact"}"#)
    }
}
