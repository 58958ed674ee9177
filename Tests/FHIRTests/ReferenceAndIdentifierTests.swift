import EventLog
import FHIR
import Foundation
import Testing

/// Every reference form of the contract, resolved in any order of lines and files and against
/// earlier imports, and every identifier system.
@Suite struct ReferenceAndIdentifierTests {
    /// An ambulatory encounter of p1 at the ward, whose patient and provider are named by `patient` and `provider`.
    private func contact(_ id: String, patient: String, provider: String) -> String {
        R.encounter(id, classCode: "AMB", patient: patient, provider: provider)
    }

    @Test(arguments: [
        ("Patient/p1", "Organization/ward"),
        ("https://fhir.example.se/fhir/Patient/p1", "https://fhir.example.se/fhir/Organization/ward/_history/3"),
        ("Patient?identifier=http://electronichealth.se/identifier/personnummer|19400101-1230", "Organization?identifier=urn:oid:1.2.752.29.4.19|SE-WARD"),
        ("Patient?identifier=http%3A%2F%2Felectronichealth.se%2Fidentifier%2Fpersonnummer%7C19400101-1230", "Organization?identifier=urn:oid:1.2.752.129.2.1.4.1|SE-OTHER"),
    ])
    func everyReferenceFormResolves(_ patient: String, _ provider: String) throws {
        let h = try ImportHarness()
        let outcome = try h.importResources(R.organizations + [R.patient(), contact("e1", patient: patient, provider: provider)])
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        let event = try #require(try h.event("fhir:Encounter:e1:contact"))
        #expect(event.person == "19400101-1230")
        #expect(event.actor == (provider.contains("SE-OTHER") ? "SE-OTHER" : "SE-WARD"), "an HSA-id needs no Organization resource")
    }

    @Test func aBundlesUrnUuidsResolveWithinIt() throws {
        let h = try ImportHarness()
        let bundle = """
            {"resourceType": "Bundle", "type": "transaction", "entry": [
              {"fullUrl": "urn:uuid:00000000-0000-0000-0000-00000000000e",
               "resource": \(contact("e1", patient: "urn:uuid:00000000-0000-0000-0000-00000000000a", provider: "urn:uuid:00000000-0000-0000-0000-00000000000b"))},
              {"fullUrl": "urn:uuid:00000000-0000-0000-0000-00000000000a",
               "resource": {"resourceType": "Patient", "identifier": [{"system": "urn:oid:1.2.752.129.2.1.3.3", "value": "19400161-1237"}], "id": "x"}},
              {"fullUrl": "urn:uuid:00000000-0000-0000-0000-00000000000b",
               "resource": {"resourceType": "Organization", "id": "w", "identifier": [{"system": "urn:oid:1.2.752.29.4.19", "value": "SE-W"}], "name": "W"}}
            ]}
            """
        let outcome = try h.importFiles([("bundle.json", bundle)])
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        let event = try #require(try h.event("fhir:Encounter:e1:contact"))
        #expect(event.person == "19400161-1237" && event.actor == "SE-W", "a samordningsnummer under its OID")
    }

    @Test func theOrderOfFilesAndLinesDoesNotMatter() throws {
        let forward = try ImportHarness(), backward = try ImportHarness()
        let resources = R.organizations + [R.patient(), contact("e1", patient: "Patient/p1", provider: "Organization/ward")]
        try forward.importFiles([("a.ndjson", resources.joined(separator: "\n")), ("b.ndjson", R.patient("p2", value: "19520717-7899"))])
        try backward.importFiles([("b.ndjson", R.patient("p2", value: "19520717-7899")), ("a.ndjson", resources.reversed().joined(separator: "\n"))])
        #expect(try forward.events().map(\.canonicalJSON).sorted() == backward.events().map(\.canonicalJSON).sorted())
        #expect(try forward.event("fhir:Encounter:e1:contact") != nil)
    }

    @Test func anEarlierImportResolvesALaterOnesReferences() throws {
        let h = try ImportHarness()
        try h.importResources(R.organizations + [R.patient()])
        let later = try h.importResources([
            contact("e1", patient: "Patient/p1", provider: "Organization/ward"),
            contact("e2", patient: "Patient?identifier=\(R.pnr)|19400101-1230", provider: "Organization/home"),
        ])
        #expect(later.problems.isEmpty, "\(later.problems)")
        #expect(try h.event("fhir:Encounter:e1:contact")?.person == "19400101-1230")
        #expect(try h.event("fhir:Encounter:e2:contact")?.actor == "SE-HOME")
    }

    @Test func aPatientNoOneImportedIsNeverGuessed() throws {
        let h = try ImportHarness()
        let outcome = try h.importResources(R.organizations + [contact("e1", patient: "Patient/nobody", provider: "Organization/ward")])
        #expect(outcome.problems == ["1-r.ndjson:5: Encounter's patient is neither in this import nor imported before (no event is made under a guessed identity)"])
        #expect(try h.store.head().count == 0)
    }

    @Test(arguments: [
        ("http://electronichealth.se/identifier/personnummer", "194001011230", "19400101-1230"),
        ("urn:oid:1.2.752.129.2.1.3.1", "19400101-1230", "19400101-1230"),
        ("http://electronichealth.se/identifier/samordningsnummer", "19400161-1237", "19400161-1237"),
        ("urn:oid:1.2.752.129.2.1.3.3", "194001611237", "19400161-1237"),
        ("http://example.org/mrn", "12345", "Patient/p1"),
    ])
    func aPatientsPersonComesFromItsIdentifier(_ system: String, _ value: String, _ person: String) throws {
        let h = try ImportHarness()
        try h.importResources(R.organizations + [R.patient(system: system, value: value), contact("e1", patient: "Patient/p1", provider: "Organization/ward")])
        #expect(try h.event("fhir:Encounter:e1:contact")?.person == person)
    }

    @Test func aWrongPersonnummerIsAProblemThatQuotesNoNumber() throws {
        let h = try ImportHarness()
        let outcome = try h.importResources(R.organizations + [R.patient(value: "19400101-1231"), R.patient("p2", value: "400101-1230")])
        #expect(outcome.problems == ["1-r.ndjson:5: Patient's personnummer fails its check digit", "1-r.ndjson:6: Patient's personnummer has no century (give all twelve digits)"])
    }

    @Test(arguments: [("212000-0142", "municipality"), ("2321000016", "region"), ("202100-5489", "state"), ("556000-1234", "private"), ("802000-1234", "ngo")])
    func anOrganisationsnummerSaysThePrincipal(_ number: String, _ kind: String) throws {
        let h = try ImportHarness()
        let top = R.organization("top", name: "Okänd huvudman", extra: #","identifier":[{"system":"urn:oid:2.5.4.97","value":"\#(number)"}]"#)
        try h.importFiles([("o.ndjson", [top, R.organization("unit", hsa: "SE-U", name: "Enhet", partOf: "Organization/top")].joined(separator: "\n"))],
                          principals: Principals())
        #expect(try h.event("fhir:Organization:unit:registered")?.string("principal") == kind, "the unit takes its top's kind")
    }
}
