import EventLog
import FHIR
import Testing

/// The import contract's core table, row by row: Encounter, CarePlan, Patient.deceased, and
/// the Organization's registration.
@Suite struct CoreTableTests {
    private func imported(_ resources: [String]) throws -> ImportHarness {
        let h = try ImportHarness()
        let outcome = try h.importResources(R.organizations + [R.patient()] + resources)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        return h
    }

    @Test(arguments: ["IMP", "ACUTE", "NONAC"]) func anInpatientEncounterIsAnAdmissionAndItsEndADischarge(_ classCode: String) throws {
        let h = try imported([R.encounter("e1", classCode: classCode)])
        let admission = try #require(try h.event("fhir:Encounter:e1:admission"))
        #expect(admission.type == "admission" && admission.person == "19400101-1230" && admission.actor == "SE-WARD")
        #expect(admission.at.description == "2026-03-02T09:00:00Z")
        let discharge = try #require(try h.event("fhir:Encounter:e1:discharge"))
        #expect(discharge.type == "discharge" && discharge.at.description == "2026-03-06T13:00:00Z")
    }

    @Test(arguments: ["in-progress", "onleave"]) func anInpatientStillInHasNoDischargeEvenWithAnEnd(_ status: String) throws {
        let h = try imported([R.encounter("e1", classCode: "IMP", status: status)])
        #expect(try h.event("fhir:Encounter:e1:admission") != nil)
        #expect(try h.event("fhir:Encounter:e1:discharge") == nil)
    }

    @Test(arguments: [("HH", "home-visit"), ("VR", "video"), ("AMB", "visit"), ("EMER", "visit")])
    func anyOtherClassIsAContact(_ classCode: String, _ mode: String) throws {
        let h = try imported([R.encounter("e1", classCode: classCode)])
        let contact = try #require(try h.event("fhir:Encounter:e1:contact"))
        #expect(contact.type == "contact" && contact.string("mode") == mode && contact.actor == "SE-WARD")
    }

    @Test(arguments: ["planned", "arrived", "triaged", "cancelled", "unknown"]) func anEncounterThatHasNotHappenedMakesNoEvent(_ status: String) throws {
        let h = try imported([R.encounter("e1", classCode: "IMP", status: status)])
        #expect(try h.event("fhir:Encounter:e1:admission") == nil)
    }

    @Test func anUnknownStatusOrAnUnknownServiceProviderIsTheResourcesProblem() throws {
        let h = try ImportHarness()
        let outcome = try h.importResources(R.organizations + [R.patient(),
            R.encounter("e1", classCode: "IMP", status: "finishd"),
            R.encounter("e2", classCode: "IMP", provider: "Organization/nosuch")])
        #expect(outcome.problems == [
            "1-r.ndjson:6: Encounter has an unknown status (expected one of arrived, cancelled, finished, in-progress, onleave, planned, triaged, unknown)",
            "1-r.ndjson:7: Encounter's serviceProvider names no Organization of this import or an earlier one (the acting unit is unknown)",
        ])
    }

    @Test func aCarePlanIsEstablishedAndWhenCompletedClosed() throws {
        let plan = #"{"resourceType":"CarePlan","id":"c1","status":"completed","intent":"plan","category":[{"coding":[{"system":"http://example.org/x","code":"sip"}]}],"subject":{"reference":"Patient/p1"},"author":{"reference":"Organization/home"},"period":{"start":"2026-03-10T13:00:00+01:00","end":"2026-05-01T12:00:00+02:00"}}"#
        let h = try imported([plan])
        let established = try #require(try h.event("fhir:CarePlan:c1:established"))
        #expect(established.type == "plan.established" && established.string("kind") == "sip" && established.string("lead") == "SE-HOME")
        let closed = try #require(try h.event("fhir:CarePlan:c1:closed"))
        #expect(closed.string("plan") == "fhir:CarePlan:c1:established" && closed.at.description == "2026-05-01T10:00:00Z")
    }

    @Test func aCarePlansKindComesFromTheMapThenSipThenCarePlan() throws {
        func plan(_ id: String, _ system: String, _ code: String) -> String {
            #"{"resourceType":"CarePlan","id":"\#(id)","status":"active","intent":"plan","category":[{"coding":[{"system":"\#(system)","code":"\#(code)"}]}],"subject":{"reference":"Patient/p1"},"author":{"reference":"Organization/home"},"period":{"start":"2026-03-10T13:00:00+01:00"}}"#
        }
        let h = try imported([plan("a", "urn:gapwatch:codesystem:plan", "implementation-plan"), plan("b", "http://other", "sip"), plan("c", "http://other", "x")])
        #expect(try h.event("fhir:CarePlan:a:established")?.string("kind") == "implementation-plan")
        #expect(try h.event("fhir:CarePlan:b:established")?.string("kind") == "sip")
        #expect(try h.event("fhir:CarePlan:c:established")?.string("kind") == "care-plan")
        #expect(try h.event("fhir:CarePlan:a:closed") == nil, "an active plan is not closed")
    }

    @Test func aCarePlanWithoutAnAuthorActsThroughItsEncountersProviderAndHasNoLead() throws {
        let plan = #"{"resourceType":"CarePlan","id":"c1","status":"active","intent":"plan","subject":{"reference":"Patient/p1"},"encounter":{"reference":"Encounter/e1"},"period":{"start":"2026-03-03"}}"#
        let h = try imported([R.encounter("e1", classCode: "IMP"), plan])
        let established = try #require(try h.event("fhir:CarePlan:c1:established"))
        #expect(established.actor == "SE-WARD" && established.string("lead") == nil)
        #expect(established.at.description == "2026-03-02T23:00:00Z", "a date alone is its start in Europe/Stockholm")
    }

    @Test func aPractitionerRoleStandsForItsOrganization() throws {
        let role = #"{"resourceType":"PractitionerRole","id":"r1","organization":{"reference":"Organization/home"}}"#
        let plan = #"{"resourceType":"CarePlan","id":"c1","status":"draft","intent":"plan","subject":{"reference":"Patient/p1"},"author":{"reference":"PractitionerRole/r1"},"period":{"start":"2026-03-03"}}"#
        let active = plan.replacingOccurrences(of: "\"draft\"", with: "\"active\"").replacingOccurrences(of: "\"c1\"", with: "\"c2\"")
        let h = try imported([role, plan, active])
        #expect(try h.event("fhir:CarePlan:c1:established") == nil, "a draft has not happened")
        #expect(try h.event("fhir:CarePlan:c2:established")?.actor == "SE-HOME")
    }

    @Test func aDeathIsThePersonsAndActsThroughTheManagingOrganization() throws {
        let h = try ImportHarness()
        try h.importResources(R.organizations + [
            R.patient(extra: #","deceasedDateTime":"2026-04-01T03:00:00+02:00","managingOrganization":{"reference":"Organization/home"}"#),
            R.patient("p2", value: "19520717-7899", extra: #","deceasedDateTime":"2026-04-02T03:00:00+02:00""#),
        ])
        let death = try #require(try h.event("fhir:Patient:p1:deceased"))
        #expect(death.type == "person.deceased" && death.actor == "SE-HOME" && death.person == "19400101-1230")
        #expect(try h.event("fhir:Patient:p2:deceased")?.actor == "unknown")
    }

    @Test func anOrganizationIsRegisteredUnderItsPrincipalOrNotAtAll() throws {
        let h = try ImportHarness()
        let outcome = try h.importResources(R.organizations + [
            R.organization("private", hsa: "SE-PRIV", name: "Privat vård AB"),
            R.organization("numbered", name: "Kommunen med nummer", extra: #","identifier":[{"system":"urn:oid:2.5.4.97","value":"212000-0142"}],"meta":{"lastUpdated":"2025-01-01T00:00:00Z"}"#),
        ])
        let ward = try #require(try h.event("fhir:Organization:ward:registered"))
        #expect(ward.actor == "SE-WARD" && ward.string("principal") == "region" && ward.string("principal_name") == "Region Test" && ward.string("name") == "Avdelning 1")
        #expect(ward.at.description == "1970-01-01T00:00:00Z")
        #expect(try h.event("fhir:Organization:numbered:registered")?.string("principal") == "municipality")
        #expect(try h.event("fhir:Organization:numbered:registered")?.at.description == "2025-01-01T00:00:00Z")
        #expect(try h.event("fhir:Organization:private:registered") == nil)
        #expect(outcome.prepared.report.unregistered == 1)
        #expect(outcome.prepared.report.line.contains("1 Organizations not registered: no principal known"))
    }
}
