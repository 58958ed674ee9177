import EventLog
import FHIR
import Testing

/// The mappings docs/fhir.md documents for the resources the contract leaves to the project.
@Suite struct ProjectMappingTests {
    static let scope = "urn:gapwatch:codesystem:scope"

    private func imported(_ resources: [String]) throws -> ImportHarness {
        let h = try ImportHarness()
        let outcome = try h.importResources(R.organizations + [R.patient()] + resources)
        #expect(outcome.problems.isEmpty, "\(outcome.problems)")
        return h
    }

    static func episode(_ id: String, status: String, history: String = "", end: String? = nil) -> String {
        let period = end.map { #"{"start":"2026-03-06T14:00:00+01:00","end":"\#($0)"}"# } ?? #"{"start":"2026-03-06T14:00:00+01:00"}"#
        return #"{"resourceType":"EpisodeOfCare","id":"\#(id)","status":"\#(status)"\#(history),"type":[{"coding":[{"system":"\#(scope)","code":"home-care"}]}],"patient":{"reference":"Patient/p1"},"managingOrganization":{"reference":"Organization/home"},"period":\#(period)}"#
    }

    @Test func anEpisodeOfCareIsResponsibilityHeldAndItsWaitingListANeed() throws {
        let history = #","statusHistory":[{"status":"waitlist","period":{"start":"2026-03-06T14:00:00+01:00","end":"2026-03-09T11:00:00+01:00"}}]"#
        let h = try imported([
            Self.episode("waiting", status: "waitlist"),
            Self.episode("held", status: "active", history: history),
            Self.episode("ended", status: "finished", end: "2026-04-01T00:00:00+02:00"),
            Self.episode("planned", status: "planned"),
        ])
        #expect(try h.event("fhir:EpisodeOfCare:waiting:need")?.type == "need.identified")
        #expect(try h.event("fhir:EpisodeOfCare:waiting:assumed") == nil)
        #expect(try h.event("fhir:EpisodeOfCare:held:need")?.at.description == "2026-03-06T13:00:00Z")
        let held = try #require(try h.event("fhir:EpisodeOfCare:held:assumed"))
        #expect(held.at.description == "2026-03-09T10:00:00Z" && held.actor == "SE-HOME" && held.string("scope") == "home-care", "held from where the waiting ended")
        #expect(try h.event("fhir:EpisodeOfCare:ended:released")?.at.description == "2026-03-31T22:00:00Z")
        #expect(try h.event("fhir:EpisodeOfCare:planned:assumed") == nil)
    }

    @Test func aCareTeamHoldsItsCategorysScope() throws {
        let team = #"{"resourceType":"CareTeam","id":"t1","status":"inactive","category":[{"coding":[{"system":"\#(Self.scope)","code":"coordination"}]}],"subject":{"reference":"Patient/p1"},"managingOrganization":[{"reference":"Organization/ward"}],"period":{"start":"2026-02-01","end":"2026-02-20"}}"#
        let h = try imported([team])
        #expect(try h.event("fhir:CareTeam:t1:assumed")?.string("scope") == "coordination")
        #expect(try h.event("fhir:CareTeam:t1:released")?.type == "responsibility.released")
    }

    static func task(_ id: String, code: String, status: String, focus: String = "EpisodeOfCare/held") -> String {
        #"{"resourceType":"Task","id":"\#(id)","status":"\#(status)","intent":"order","code":{"coding":[{"system":"urn:gapwatch:codesystem:task","code":"\#(code)"}]},"focus":{"reference":"\#(focus)"},"for":{"reference":"Patient/p1"},"authoredOn":"2026-03-05T09:30:00+01:00","lastModified":"2026-03-09T11:00:00+01:00","requester":{"reference":"Organization/ward"},"owner":{"reference":"Organization/home"}}"#
    }

    @Test func aHandoverTaskIsInitiatedAndAnswered() throws {
        let h = try imported([Self.episode("held", status: "active"), Self.task("asked", code: "handover", status: "requested"),
                              Self.task("taken", code: "handover", status: "accepted"), Self.task("refused", code: "handover", status: "rejected")])
        let asked = try #require(try h.event("fhir:Task:asked:initiated"))
        #expect(asked.type == "handover.initiated" && asked.string("scope") == "home-care" && asked.string("to") == "SE-HOME" && asked.actor == "SE-WARD")
        #expect(try h.event("fhir:Task:asked:accepted") == nil)
        let taken = try #require(try h.event("fhir:Task:taken:accepted"))
        #expect(taken.string("handover") == "fhir:Task:taken:initiated" && taken.actor == "SE-HOME" && taken.at.description == "2026-03-09T10:00:00Z")
        #expect(try h.event("fhir:Task:refused:rejected")?.type == "handover.rejected")
    }

    @Test func aReferralTaskOrServiceRequestIsSentAndATaskAnswered() throws {
        let request = #"{"resourceType":"ServiceRequest","id":"s1","status":"active","intent":"order","subject":{"reference":"Patient/p1"},"authoredOn":"2026-03-01","requester":{"reference":"Organization/ward"},"performer":[{"reference":"Organization/home"}],"category":[{"coding":[{"system":"\#(Self.scope)","code":"rehabilitation"}]}]}"#
        let h = try imported([Self.task("r1", code: "referral", status: "completed", focus: "ServiceRequest/s1"), request])
        let sent = try #require(try h.event("fhir:Task:r1:sent"))
        #expect(sent.type == "referral.sent" && sent.string("to") == "SE-HOME")
        let answered = try #require(try h.event("fhir:Task:r1:answered"))
        #expect(answered.string("referral") == "fhir:Task:r1:sent" && answered.string("outcome") == "accepted")
        #expect(try h.event("fhir:ServiceRequest:s1:sent")?.string("scope") == "rehabilitation")
    }

    @Test func aCommunicationIsANoticeAndUtskrivningsklarIsReadyForDischarge() throws {
        func notice(_ id: String, _ code: String) -> String {
            #"{"resourceType":"Communication","id":"\#(id)","status":"completed","category":[{"coding":[{"system":"urn:gapwatch:codesystem:notice","code":"\#(code)"}]}],"subject":{"reference":"Patient/p1"},"sent":"2026-03-02T13:00:00+01:00","sender":{"reference":"Organization/ward"},"recipient":[{"reference":"Organization/home"}]}"#
        }
        let h = try imported([notice("n1", "inskrivningsmeddelande"), notice("n2", "utskrivningsklar"), notice("n3", "something-else")])
        let sent = try #require(try h.event("fhir:Communication:n1:notice"))
        #expect(sent.type == "notification.sent" && sent.string("kind") == "inskrivningsmeddelande" && sent.string("to") == "SE-HOME")
        #expect(try h.event("fhir:Communication:n2:notice")?.type == "discharge.ready")
        #expect(try h.event("fhir:Communication:n3:notice") == nil, "a notice the map does not know makes no event")
    }

    @Test func aQuestionnaireResponseIsThePersonsOwnVoice() throws {
        let response = #"{"resourceType":"QuestionnaireResponse","id":"q1","status":"completed","subject":{"reference":"Patient/p1"},"source":{"reference":"Patient/p1"},"author":{"reference":"Organization/home"},"authored":"2026-03-12T10:00:00+01:00","item":[{"linkId":"1","answer":[{"valueString":"Ingen visste vem som skulle komma."}]}]}"#
        let h = try imported([response])
        let reported = try #require(try h.event("fhir:QuestionnaireResponse:q1:reported"))
        #expect(reported.type == "experience.reported" && reported.string("reporter") == "person" && reported.string("text") == "Ingen visste vem som skulle komma.")
    }

    @Test func inputThatCannotBeReadIsItsLinesProblem() throws {
        let h = try ImportHarness()
        let outcome = try h.importFiles([("x.ndjson", [
            R.patient(), #"{"resourceType":"Patient","id":"p2""#, #"{"id":"nothing"}"#,
            R.encounter("e1", classCode: "AMB", start: "2026-03", end: nil, provider: "Organization/x"),
        ].joined(separator: "\n"))])
        #expect(outcome.problems == [
            "1-x.ndjson:2: not JSON (unexpected end of line inside an object at column 36)",
            "1-x.ndjson:3: not a FHIR resource (no resourceType)",
            "1-x.ndjson:4: Encounter's serviceProvider names no Organization of this import or an earlier one (the acting unit is unknown)",
        ])
    }

    @Test func aTimeOfAYearOrAMonthCannotBePlaced() throws {
        let h = try ImportHarness()
        let outcome = try h.importResources(R.organizations + [R.patient(), R.encounter("e1", classCode: "AMB", start: "2026-03", end: nil)])
        #expect(outcome.problems == ["1-r.ndjson:6: Encounter.period.start is a year or a month alone, which cannot be placed in time"])
    }
}
