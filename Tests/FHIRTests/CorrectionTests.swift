import EventLog
import FHIR
import Testing

/// Corrections as the contract says: the same resource again is a duplicate; a changed version
/// retracts and replaces its events; `entered-in-error` retracts them. Nothing stored changes.
@Suite struct CorrectionTests {
    private let stay = R.encounter("e1", classCode: "IMP", extra: #","meta":{"versionId":"1"}"#)

    @Test func theSameResourceAgainIsADuplicate() throws {
        let h = try ImportHarness()
        try h.importResources(R.organizations + [R.patient(), stay])
        let again = try h.importResources(R.organizations + [R.patient(), stay])
        #expect(again.summary.new == 0 && again.summary.duplicate == 6)
    }

    @Test func aNewVersionRetractsWhatChangedAndAddsItAgain() throws {
        let h = try ImportHarness()
        try h.importResources(R.organizations + [R.patient(), stay])
        let longer = R.encounter("e1", classCode: "IMP", end: "2026-03-08T10:00:00+01:00", extra: #","meta":{"versionId":"2","lastUpdated":"2026-03-08T12:00:00+01:00"}"#)
        let outcome = try h.importResources([longer])
        #expect(outcome.summary.new == 2 && outcome.summary.duplicate == 1, "the admission is unchanged")
        let retraction = try #require(try h.event("fhir:Encounter:e1:discharge:retracted"))
        #expect(retraction.type == "event.retracted" && retraction.string("target") == "fhir:Encounter:e1:discharge")
        #expect(retraction.string("reason") == "FHIR Encounter/e1 version 2")
        #expect(try h.event("fhir:Encounter:e1:discharge:2")?.at.description == "2026-03-08T09:00:00Z")
        #expect(try h.event("fhir:Encounter:e1:discharge")?.at.description == "2026-03-06T13:00:00Z", "nothing stored is changed")
        let third = try h.importResources([longer])
        #expect(third.summary.new == 0, "version 2 again is a duplicate")
    }

    @Test func aVersionThatNoLongerMakesAnEventRetractsIt() throws {
        let h = try ImportHarness()
        try h.importResources(R.organizations + [R.patient(), stay])
        try h.importResources([R.encounter("e1", classCode: "IMP", status: "in-progress", extra: #","meta":{"versionId":"2"}"#)])
        #expect(try h.event("fhir:Encounter:e1:discharge:retracted") != nil)
        #expect(try h.event("fhir:Encounter:e1:admission:retracted") == nil)
    }

    @Test func enteredInErrorRetractsEverythingItMade() throws {
        let h = try ImportHarness()
        try h.importResources(R.organizations + [R.patient(), stay])
        let outcome = try h.importResources([R.encounter("e1", classCode: "IMP", status: "entered-in-error")])
        #expect(outcome.summary.new == 2)
        for role in ["admission", "discharge"] {
            #expect(try h.event("fhir:Encounter:e1:\(role):retracted")?.string("reason") == "FHIR Encounter/e1 entered-in-error")
        }
    }

    @Test func aChangedOrganizationRegistersAgainAndTheLatestHolds() throws {
        let h = try ImportHarness()
        try h.importResources(R.organizations)
        try h.importResources([R.organization("home", hsa: "SE-HOME", name: "Hemtjänst Norr", partOf: "Organization/kommun"), R.organization("kommun", name: "Testkommun")])
        #expect(try h.event("fhir:Organization:home:registered:2")?.string("name") == "Hemtjänst Norr")
        #expect(try h.event("fhir:Organization:home:registered:retracted") == nil, "a registration is not retracted: the next one holds")
    }
}
