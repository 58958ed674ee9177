import EventLog

/// Care events as FHIR R4 resources: the import's mappings (docs/fhir.md) run backwards, so
/// that the synthetic population can be exported as FHIR NDJSON (`generate --format fhir`) for
/// demos and for the import's benchmark.
///
/// A unit's HSA-id is its gapwatch actor id (synthetic units have none), so that an import
/// names the same actors; its principal is an Organization above it with an
/// organisationsnummer of its kind. Events the import has no form for (assessments, resolved
/// needs, plan reviews, retractions, custom types) are left out and counted.
package struct EventsAsFHIR {
    /// Events left out, by type.
    package private(set) var leftOut: [String: Int] = [:]
    private var principals: Set<String> = []

    package init() {}

    /// The Organizations of one registration (its principal's too, the first time).
    package mutating func registration(_ event: CareEvent) -> [JSONValue] {
        var resources: [JSONValue] = []
        let principalName = event.string("principal_name") ?? event.actor
        if principals.insert(principalName).inserted {
            let prefix = switch event.string("principal") {
            case "region": "232100"
            case "municipality": "212000"
            case "state": "202100"
            case "private": "556000"
            default: "802000"
            }
            resources.append(.object([
                "resourceType": .string("Organization"), "id": .string(Self.slug("principal." + principalName)), "name": .string(principalName),
                "identifier": .array([.object(["system": .string(IdentifierSystem.organisationsnummer), "value": .string(prefix + "-0000")])]),
            ]))
        }
        var unit: [String: JSONValue] = [
            "resourceType": .string("Organization"), "id": .string(Self.slug(event.actor)), "name": .string(event.string("name") ?? event.actor),
            "identifier": .array([.object(["system": .string(FindingBundle.hsaSystem), "value": .string(event.actor)])]),
            "partOf": .object(["reference": .string("Organization/" + Self.slug("principal." + principalName))]),
        ]
        if let kind = event.string("kind") {
            unit["type"] = .array([.object(["coding": .array([.object(["system": .string("urn:gapwatch:codesystem:unit"), "code": .string(kind)])])])])
        }
        resources.append(.object(unit))
        return resources
    }

    /// The resources of one person's events (all of them, in replay order).
    package mutating func person(_ events: [CareEvent]) -> [JSONValue] {
        guard let person = events.first?.person else { return [] }
        let patientID = FindingBundle.id("p", person)
        let patient = ref("Patient", patientID)
        var resources: [JSONValue] = []
        var patientResource: [String: JSONValue] = ["resourceType": .string("Patient"), "id": .string(patientID)]
        if let system = IdentifierSystem.system(of: person) {
            patientResource["identifier"] = .array([.object(["system": .string(system), "value": .string(person)])])
        }
        var admissions: [String: CareEvent] = [:]
        var held: [String: (event: CareEvent, index: Int)] = [:]
        var tasks: [String: Int] = [:]
        var plans: [String: Int] = [:]
        for event in events {
            switch event.type {
            case EventType.admission:
                admissions[event.actor] = event
            case EventType.discharge:
                guard let admission = admissions.removeValue(forKey: event.actor) else { leftOut[event.type, default: 0] += 1; continue }
                resources.append(encounter(admission, patient: patient, classCode: "IMP", end: event.at))
            case EventType.contact:
                let mode = event.string("mode")
                resources.append(encounter(event, patient: patient, classCode: mode == "home-visit" ? "HH" : mode == "video" ? "VR" : "AMB", end: nil))
            case EventType.responsibilityAssumed, EventType.needIdentified:
                let scope = event.string("scope") ?? ""
                if event.type == EventType.responsibilityAssumed { held[event.actor + "|" + scope] = (event, resources.count) }
                resources.append(episode(event, patient: patient, status: event.type == EventType.needIdentified ? "waitlist" : "active", end: nil))
            case EventType.responsibilityReleased:
                guard let (start, index) = held.removeValue(forKey: event.actor + "|" + (event.string("scope") ?? "")) else { leftOut[event.type, default: 0] += 1; continue }
                resources[index] = episode(start, patient: patient, status: "finished", end: event.at)
            case EventType.handoverInitiated, EventType.referralSent:
                let handover = event.type == EventType.handoverInitiated
                tasks[event.id] = resources.count
                resources.append(task(event, patient: patient, code: handover ? "handover" : "referral", answer: nil))
                if let scope = event.string("scope"), let to = event.string("to") {
                    // What the handover or referral is about: the receiving unit's episode, planned (it makes no event by itself).
                    resources.append(.object(["resourceType": .string("EpisodeOfCare"), "id": .string(Self.slug(event.id) + ".focus"), "status": .string("planned"),
                                              "type": .array([scopeConcept(scope)]), "patient": patient, "managingOrganization": ref("Organization", Self.slug(to))]))
                }
            case EventType.handoverAccepted, EventType.handoverRejected, EventType.referralAnswered:
                let question = event.string(event.type == EventType.referralAnswered ? "referral" : "handover") ?? ""
                guard let index = tasks[question], case .object(var task) = resources[index] else { leftOut[event.type, default: 0] += 1; continue }
                let refused = event.type == EventType.handoverRejected || event.string("outcome") == "declined"
                task["status"] = .string(refused ? "rejected" : "accepted")
                task["lastModified"] = .string(event.at.description)
                resources[index] = .object(task)
            case EventType.planEstablished:
                plans[event.id] = resources.count
                resources.append(carePlan(event, patient: patient))
            case EventType.planClosed:
                guard let index = plans[event.string("plan") ?? ""], case .object(var plan) = resources[index], case .object(var period)? = plan["period"] else {
                    leftOut[event.type, default: 0] += 1
                    continue
                }
                period["end"] = .string(event.at.description)
                plan["period"] = .object(period)
                plan["status"] = .string("completed")
                resources[index] = .object(plan)
            case EventType.notificationSent, EventType.dischargeReady:
                resources.append(communication(event, patient: patient))
            case EventType.experienceReported:
                resources.append(questionnaireResponse(event, patient: patient, patientReference: "Patient/" + patientID))
            case EventType.personDeceased:
                patientResource["deceasedDateTime"] = .string(event.at.description)
                patientResource["managingOrganization"] = ref("Organization", Self.slug(event.actor))
            default:
                leftOut[event.type, default: 0] += 1
            }
        }
        for admission in admissions.values.sorted(by: { $0.id < $1.id }) {
            resources.append(encounter(admission, patient: patient, classCode: "IMP", end: nil))
        }
        return [.object(patientResource)] + resources
    }

    private func encounter(_ event: CareEvent, patient: JSONValue, classCode: String, end: Instant?) -> JSONValue {
        var period: [String: JSONValue] = ["start": .string(event.at.description)]
        if let end { period["end"] = .string(end.description) }
        return .object([
            "resourceType": .string("Encounter"), "id": .string(Self.slug(event.id)), "status": .string(classCode == "IMP" && end == nil ? "in-progress" : "finished"),
            "class": .object(["system": .string("http://terminology.hl7.org/CodeSystem/v3-ActCode"), "code": .string(classCode)]),
            "subject": patient, "period": .object(period), "serviceProvider": ref("Organization", Self.slug(event.actor)),
        ])
    }

    private func episode(_ event: CareEvent, patient: JSONValue, status: String, end: Instant?) -> JSONValue {
        var period: [String: JSONValue] = ["start": .string(event.at.description)]
        if let end { period["end"] = .string(end.description) }
        return .object([
            "resourceType": .string("EpisodeOfCare"), "id": .string(Self.slug(event.id)), "status": .string(status),
            "type": .array([scopeConcept(event.string("scope") ?? "")]), "patient": patient,
            "managingOrganization": ref("Organization", Self.slug(event.actor)), "period": .object(period),
        ])
    }

    private func task(_ event: CareEvent, patient: JSONValue, code: String, answer: CareEvent?) -> JSONValue {
        var task: [String: JSONValue] = [
            "resourceType": .string("Task"), "id": .string(Self.slug(event.id)), "status": .string("requested"), "intent": .string("order"),
            "code": .object(["coding": .array([.object(["system": .string("urn:gapwatch:codesystem:task"), "code": .string(code)])])]),
            "for": patient, "authoredOn": .string(event.at.description), "requester": ref("Organization", Self.slug(event.actor)),
            "owner": ref("Organization", Self.slug(event.string("to") ?? "")),
        ]
        if event.string("scope") != nil { task["focus"] = ref("EpisodeOfCare", Self.slug(event.id) + ".focus") }
        return .object(task)
    }

    private func carePlan(_ event: CareEvent, patient: JSONValue) -> JSONValue {
        .object([
            "resourceType": .string("CarePlan"), "id": .string(Self.slug(event.id)), "status": .string("active"), "intent": .string("plan"),
            "category": .array([.object(["coding": .array([.object(["system": .string("urn:gapwatch:codesystem:plan"), "code": .string(event.string("kind") ?? "care-plan")])])])]),
            "subject": patient, "author": ref("Organization", Self.slug(event.string("lead") ?? event.actor)),
            "period": .object(["start": .string(event.at.description)]),
        ])
    }

    private func communication(_ event: CareEvent, patient: JSONValue) -> JSONValue {
        let notice = event.type == EventType.dischargeReady ? "utskrivningsklar" : event.string("kind") ?? "other"
        var resource: [String: JSONValue] = [
            "resourceType": .string("Communication"), "id": .string(Self.slug(event.id)), "status": .string("completed"),
            "category": .array([.object(["coding": .array([.object(["system": .string("urn:gapwatch:codesystem:notice"), "code": .string(notice)])])])]),
            "subject": patient, "sent": .string(event.at.description), "sender": ref("Organization", Self.slug(event.actor)),
        ]
        if let to = event.string("to") { resource["recipient"] = .array([ref("Organization", Self.slug(to))]) }
        return .object(resource)
    }

    private func questionnaireResponse(_ event: CareEvent, patient: JSONValue, patientReference: String) -> JSONValue {
        var resource: [String: JSONValue] = [
            "resourceType": .string("QuestionnaireResponse"), "id": .string(Self.slug(event.id)), "status": .string("completed"),
            "subject": patient, "authored": .string(event.at.description), "author": ref("Organization", Self.slug(event.actor)),
        ]
        if event.string("reporter") == "person" { resource["source"] = .object(["reference": .string(patientReference)]) }
        if let text = event.string("text") {
            resource["item"] = .array([.object(["linkId": .string("1"), "answer": .array([.object(["valueString": .string(text)])])])])
        }
        return .object(resource)
    }

    private func scopeConcept(_ scope: String) -> JSONValue {
        .object(["coding": .array([.object(["system": .string("urn:gapwatch:codesystem:scope"), "code": .string(scope)])])])
    }

    private func ref(_ type: String, _ id: String) -> JSONValue { .object(["reference": .string("\(type)/\(id)")]) }

    /// A FHIR id (`[A-Za-z0-9.-]{1,64}`) from any text: other characters become `.`; a longer
    /// text is shortened to a hash.
    static func slug(_ text: String) -> String {
        let mapped = String(text.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") ? Character($0) : "." })
        return mapped.count <= 64 ? mapped : FindingBundle.id("x", text)
    }
}
