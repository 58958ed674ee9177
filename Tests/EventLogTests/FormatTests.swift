import Testing
@testable import EventLog

@Suite struct RFC3339Tests {
    @Test(arguments: [
        ("2026-03-01T08:00:00+01:00", "2026-03-01T07:00:00Z"),
        ("2026-03-01T08:00:00Z", "2026-03-01T08:00:00Z"),
        ("2026-03-01t08:00:00z", "2026-03-01T08:00:00Z"),
        ("2026-03-01T00:30:00+02:00", "2026-02-28T22:30:00Z"),
        ("2024-02-29T12:00:00-05:30", "2024-02-29T17:30:00Z"),
        ("2026-03-01T08:00:00.5Z", "2026-03-01T08:00:00.5Z"),
        ("2026-03-01T08:00:00.123456789Z", "2026-03-01T08:00:00.123456Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
        ("2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z"),
    ])
    func parsesAndFormatsInUTC(input: String, canonical: String) throws {
        #expect(RFC3339.format(try RFC3339.parse(input), fraction: true) == canonical)
    }

    @Test(arguments: ["1900-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-06-31T00:00:00Z", "2026-01-01T23:60:00Z", "2026-01-01T23:00:60Z"])
    func rejectsDaysAndTimesThatDoNotExist(input: String) {
        #expect(throws: RFC3339.Problem.noSuchDate) { try RFC3339.parse(input) }
    }

    @Test(arguments: ["", "2026-03-01", "2026-03-01T08:00:00+0100", "2026-03-01T08:00:00.Z", "2026-3-01T08:00:00Z", "2026-03-01T08:00:00Z ", "２026-03-01T08:00:00Z"])
    func rejectsMalformedText(input: String) {
        #expect(throws: RFC3339.Problem.self) { try RFC3339.parse(input) }
    }

    @Test func findingFormatDropsFractions() throws {
        #expect(try RFC3339.parse("2026-03-01T08:00:00.75+01:00").description == "2026-03-01T07:00:00Z")
    }
}

@Suite struct PersonIDTests {
    @Test func validPersonnummerInBothFormsAreCanonical() {
        #expect(PersonID.read("194001011230") == .personnummer("19400101-1230"))
        #expect(PersonID.read("19400101-1230") == .personnummer("19400101-1230"))
    }

    @Test func samordningsnummerPassWithDayPlusSixty() {
        // 1940-01-01 as samordningsnummer: day 61; its check digit is 7.
        #expect(PersonID.read("19400161-1237") == .personnummer("19400161-1237"))
    }

    @Test func aWrongCheckDigitIsRejected() {
        for digit in 0...9 where digit != 0 {
            #expect(PersonID.read("19400101-123\(digit)") == .failsLuhn)
        }
    }

    @Test func otherShapesArePseudonyms() {
        #expect(PersonID.read("p-kvist") == .pseudonym("p-kvist"))
        #expect(PersonID.read("19400101+1230") == .pseudonym("19400101+1230"))
        #expect(PersonID.read("4013011230") == .pseudonym("4013011230"))
        #expect(PersonID.read("400132-1230") == .pseudonym("400132-1230"))
        #expect(PersonID.read("400101*1230") == .pseudonym("400101*1230"))
    }

    /// The short forms are personnummer without their century: refused rather than kept as
    /// pseudonyms, which would show them unmasked (a samordningsnummer's day + 60 too).
    @Test func shortFormsAreRefusedAsPersonnummerWithoutCentury() {
        for form in ["4001011230", "400101-1230", "400101+1230", "400161-1237"] {
            #expect(PersonID.read(form) == .withoutCentury, "\(form)")
        }
        #expect(PersonID.read("400101-1234") == .failsLuhn)
    }

    @Test func shortFormsAreMaskedInText() {
        #expect(PersonID.maskingIdentifiers(in: "a 400101-1230 b 400101+1230 c 4001011230 d") == "a 400101-**** b 400101-**** c 400101-**** d")
        #expect(PersonID.maskingIdentifiers(in: "seq 12345678901") == "seq 12345678901")
    }

    @Test func maskingHidesTheLastFourDigits() {
        #expect(PersonID.masked("19400101-1230") == "19400101-****")
        #expect(PersonID.masked("p-kvist") == "p-kvist")
    }
}

@Suite struct JSONParserTests {
    @Test func parsesEscapesAndUnicode() throws {
        let value = try JSONParser.parse(Array(#"{"a":"\u00e5\n\"\\\/","b":"\ud83d\ude00","c":"Östergötland"}"#.utf8))
        #expect(value == .object(["a": .string("å\n\"\\/"), "b": .string("😀"), "c": .string("Östergötland")]))
    }

    @Test(arguments: [#"{"a":01}"#, #"{"a":1.}"#, #"{"a":-}"#, #"{"a":"\x"}"#, #"{"a":"\ud800"}"#, #"{"a":tru}"#, #"{"a":1}x"#, "{\"a\":\"\u{01}\"}"])
    func rejectsInvalidJSON(input: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(input.utf8)) }
    }

    @Test func canonicalFormSortsKeysAndEscapesMinimally() throws {
        let value = try JSONParser.parse(Array(#"{ "b" : [1, 2.50], "a" : "x\ty", "Ö": null }"#.utf8))
        #expect(CanonicalJSON.string(value) == #"{"a":"x\ty","b":[1,2.50],"Ö":null}"#)
    }

    @Test func canonicalFormEscapesEveryControlCharacterAndKeepsTheRest() {
        let value = JSONValue.string("q\"b\\s\u{08}\u{0C}\n\r\t\u{01}\u{1F}å😀/")
        #expect(CanonicalJSON.string(value) == #""q\"b\\s\b\f\n\r\t\u0001\u001få😀/""#)
    }
}

@Suite struct MaskingTests {
    @Test(arguments: [
        ("person 19400101-1230 left", "person 19400101-**** left"),
        ("194001011234,19400101-1234", "19400101-****,19400101-****"),
        ("id 1234567890123 is longer", "id 1234567890123 is longer"),
        ("p-kvist 2026-03-01", "p-kvist 2026-03-01"),
        ("x19400101-1230", "x19400101-****"),
    ])
    func identifiersShapedLikePersonnummerAreMasked(text: String, masked: String) {
        #expect(PersonID.maskingIdentifiers(in: text) == masked)
    }
}

@Suite struct StoredColumnsTests {
    static let events = [
        CareEvent(id: "e1", type: "contact", person: "p-1", at: Instant(microseconds: 1_772_352_000_000_000), actor: "region/vc", data: ["mode": "phone"]),
        CareEvent(id: "e\"2", type: "assessment", person: "19400101-1230", at: Instant(microseconds: 1_772_352_000_500_000),
                  actor: "kommun/\"hemtjänst\"\\\n", data: ["needs": ["home-care", "medical"], "kind": "dementia-followup", "n": .number("1.50")]),
        CareEvent(id: "reg-1", type: "actor.registered", person: nil, at: Instant(microseconds: 0), actor: "kommun/x", data: ["principal": "municipality"]),
        CareEvent(id: "e4", type: "x-lab.\"ordered\"", person: "p-1", at: Instant(microseconds: 1_000_000), actor: "region/vc", data: [:]),
        CareEvent(id: "e5", type: "x-lab.answered", person: "p-1", at: Instant(microseconds: 1_000_000), actor: "region/vc", data: [:]),
    ]

    /// Reads an event back from the columns the log stores for it, `data` amid other bytes
    /// as it lies in a batch's buffer.
    private func readBack(_ event: CareEvent) throws -> CareEvent {
        try readBack(event.type, data: event.canonicalData ?? "", of: event)
    }

    private func readBack(_ type: String, data: String, of event: CareEvent) throws -> CareEvent {
        var type = type
        let texts = Array("before".utf8) + Array(data.utf8) + Array("after".utf8)
        return try type.withUTF8 { type in
            try CareEvent.stored(id: event.id, type: type, person: event.person, at: event.at, actor: event.actor,
                                 texts: texts, dataRange: 6..<(6 + data.utf8.count))
        }
    }

    @Test(arguments: events)
    func anEventReadsBackFromItsColumns(event: CareEvent) throws {
        let read = try readBack(event)
        #expect(read == event && read.typeCode == event.typeCode)
        #expect(read.canonicalJSON == event.canonicalJSON)
        #expect(read.canonicalData == event.canonicalData)
        for (field, value) in event.data {
            #expect(read.value(field) == value)
            #expect(read.string(field) == value.stringValue)
        }
        #expect(read.value("absent") == nil && read.string("absent") == nil)
    }

    /// A stored event reads each member of its `data` alone, past nested values, escapes and
    /// numbers, and finds members by their decoded names.
    @Test func storedDataIsReadMemberByMember() throws {
        let event = Self.events[0]
        let data = #"{"a\"b":"q\"uote","list":[{"x":"}]"},2],"n":-1.5e3,"obj":{"scope":"inner"},"scope":"home-care","t":true,"until":"2026-03-01T09:30:00+01:00","z":null}"#
        let read = try readBack("contact", data: data, of: event)
        #expect(read.string("scope") == "home-care")
        #expect(read.string("a\"b") == "q\"uote")
        #expect(read.value("n") == .number("-1.5e3"))
        #expect(read.instant("until") == (try RFC3339.parse("2026-03-01T08:30:00Z")) && read.instant("scope") == nil && read.instant("n") == nil)
        #expect(read.value("t") == .bool(true) && read.value("z") == .null)
        #expect(read.value("list") == .array([.object(["x": "}]"]), .number("2")]))
        #expect(read.value("obj") == .object(["scope": "inner"]))
        #expect(read.string("n") == nil && read.string("obj") == nil && read.string("inner") == nil)
        #expect(read.data == (try JSONParser.parse(data)).objectValue)
    }

    /// The JSON the chain hashes is composed from the columns exactly as the whole event's, and
    /// the `data` column an ingest stores is the part of that JSON which is `data`.
    @Test func theCanonicalFormsAgree() throws {
        let event = Self.events[1]
        let data = #"{"kind":"dementia-followup","n":1.50,"needs":["home-care","medical"]}"#
        #expect(event.canonicalData == data)
        #expect(event.canonicalJSON == #"{"actor":"kommun/\"hemtjänst\"\\\n","at":"2026-03-01T08:00:00.5Z","data":\#(data),"id":"e\"2","person":"19400101-1230","type":"assessment"}"#)
        var out = Array("before".utf8)
        let range = event.writeCanonicalJSON(to: &out)
        #expect(String(decoding: out[range], as: UTF8.self) == data)
        #expect(String(decoding: out.dropFirst(6), as: UTF8.self) == event.canonicalJSON)
        #expect(Self.events[3].canonicalData == nil)
        #expect(Self.events[3].writeCanonicalJSON(to: &out).isEmpty)
    }

    @Test(arguments: [#"{"mode":"ph"#, #"{"mode":"phone""#, #"{"mode""phone"}"#, #"{"mode":"phone",}"#, #"{"mode":"phone"}x"#,
                      #"{"mode":["phone"}"#, #"["phone"]"#, #"{mode:"phone"}"#, "{"])
    func damagedDataIsAnError(data: String) {
        #expect(throws: (any Error).self) { try readBack("contact", data: data, of: Self.events[0]) }
    }
}
