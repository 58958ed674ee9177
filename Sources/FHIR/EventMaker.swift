import EventLog

/// One event a resource makes, before its id: the role names it (`fhir:<Type>:<id>:<role>`).
struct MadeEvent: Sendable {
    let role: String
    let type: String
    let person: String?
    let at: String
    let actor: String
    var data: [String: JSONValue] = [:]
    /// The event's canonical JSON under its first id (`fhir:<Type>:<id>:<role>`), checked by
    /// the contract where the resource was mapped, on a worker thread.
    var checkedJSON: String?
}

/// What a resource makes, by the tables of the import contract and of docs/fhir.md.
enum Made: Sendable {
    case events([MadeEvent])
    /// A type the import does not map: counted and skipped.
    case skipped
    /// An Organization whose kind of principal no file or number says: not registered.
    case unregistered
    /// `entered-in-error`: every event it made is retracted.
    case enteredInError
    /// A CarePlan without an author whose Encounter was not indexed yet (Encounters are indexed
    /// only when one is needed): made again once it is.
    case needsEncounter(String)
}

/// Turns resources into care events. Throws the problem of a resource that cannot be placed:
/// an unresolvable patient or organisation, a time that cannot be placed, an unknown status.
struct EventMaker: Sendable {
    let index: ResolutionIndex
    let map: FHIRMap
    let principals: Principals
    let time: FHIRTime
    /// Whether every Encounter of the call is indexed (else a CarePlan that needs one waits).
    var encountersIndexed = true

    /// The roles each type may make, for retracting what a later version no longer makes.
    static let roles: [String: [String]] = [
        "Patient": ["deceased"], "Organization": ["registered"], "Encounter": ["admission", "discharge", "contact"],
        "CarePlan": ["established", "closed"], "EpisodeOfCare": ["need", "assumed", "released"], "CareTeam": ["assumed", "released"],
        "Task": ["initiated", "accepted", "rejected", "sent", "answered"], "ServiceRequest": ["sent"],
        "Communication": ["notice"], "QuestionnaireResponse": ["reported"], "PractitionerRole": [],
    ]

    func make(_ located: LocatedResource) throws(LocatedProblem) -> Made {
        let resource = located.resource
        guard Self.roles[located.type] != nil else { return .skipped }
        guard located.id != nil else { throw problem(located, "\(located.type) has no id") }
        if resource["status"]?.stringValue == "entered-in-error" { return .enteredInError }
        do {
            switch located.type {
            case "Patient": return .events(try patient(located))
            case "Organization": return try organization(located)
            case "Encounter": return .events(try encounter(located))
            case "CarePlan":
                if !encountersIndexed, try index.actor(resource["author"]) == nil,
                   let key = resource["encounter"]?["reference"]?.stringValue.flatMap(ReferenceKey.of), try index.provider(ofEncounter: resource["encounter"]) == nil {
                    return .needsEncounter(key)
                }
                return .events(try carePlan(located))
            case "EpisodeOfCare": return .events(try episodeOfCare(located))
            case "CareTeam": return .events(try careTeam(located))
            case "Task": return .events(try task(located))
            case "ServiceRequest": return .events(try serviceRequest(located))
            case "Communication": return .events(try communication(located))
            case "PractitionerRole": return .events([])
            default: return .events(try questionnaireResponse(located))
            }
        } catch let error as LocatedProblem {
            throw error
        } catch {
            throw problem(located, "\(located.type) could not be read: \(error)")
        }
    }

    // MARK: The core table of the contract

    private func patient(_ r: LocatedResource) throws -> [MadeEvent] {
        guard let deceased = r.resource["deceasedDateTime"]?.stringValue else { return [] }
        let person = try index.person(.object(["reference": .string("Patient/\(r.id!)")])) ?? "Patient/\(r.id!)"
        let actor = try index.actor(r.resource["managingOrganization"]) ?? "unknown"
        return [MadeEvent(role: "deceased", type: EventType.personDeceased, person: person, at: try at(deceased, "deceasedDateTime", r), actor: actor)]
    }

    private func organization(_ r: LocatedResource) throws -> Made {
        let actor = IdentifierSystem.actor(of: r.resource)
        let key = "Organization/\(r.id!)"
        guard let organization = index.organizations[key] else { return .unregistered }
        let top = index.top(of: organization)
        let principalName = top.name
        guard let kind = principals.kind(actor: actor, principalName: principalName) ?? organization.kindByNumber ?? top.kindByNumber else { return .unregistered }
        var data: [String: JSONValue] = ["name": .string(organization.name ?? actor), "principal": .string(kind), "kind": .string(organizationKind(r.resource))]
        if let principalName { data["principal_name"] = .string(principalName) }
        let lastUpdated = r.resource["meta"]?["lastUpdated"]?.stringValue
        return .events([MadeEvent(role: "registered", type: EventType.actorRegistered, person: nil,
                                  at: try lastUpdated.map { try at($0, "meta.lastUpdated", r) } ?? "1970-01-01T00:00:00Z", actor: actor, data: data)])
    }

    private func encounter(_ r: LocatedResource) throws -> [MadeEvent] {
        let status = try status(r, happened: ["in-progress", "onleave", "finished"], other: ["planned", "arrived", "triaged", "cancelled", "unknown"])
        guard status != nil else { return [] }
        let person = try subject(r)
        guard let actor = try index.actor(r.resource["serviceProvider"]) else {
            throw problem(r, "Encounter's serviceProvider names no Organization of this import or an earlier one (the acting unit is unknown)")
        }
        guard let startText = r.resource["period"]?["start"]?.stringValue else { throw problem(r, "Encounter has no period.start") }
        let start = try at(startText, "period.start", r)
        let classCode = r.resource["class"]?["code"]?.stringValue ?? ""
        if ["IMP", "ACUTE", "NONAC"].contains(classCode) {
            var events = [MadeEvent(role: "admission", type: EventType.admission, person: person, at: start, actor: actor)]
            if status == "finished", let end = r.resource["period"]?["end"]?.stringValue {
                events.append(MadeEvent(role: "discharge", type: EventType.discharge, person: person, at: try at(end, "period.end", r), actor: actor))
            }
            return events
        }
        let mode = classCode == "HH" ? "home-visit" : classCode == "VR" ? "video" : "visit"
        return [MadeEvent(role: "contact", type: EventType.contact, person: person, at: start, actor: actor, data: ["mode": .string(mode)])]
    }

    private func carePlan(_ r: LocatedResource) throws -> [MadeEvent] {
        let status = try status(r, happened: ["active", "on-hold", "completed", "revoked"], other: ["draft", "unknown"])
        guard status != nil, let startText = r.resource["period"]?["start"]?.stringValue else { return [] }
        let person = try subject(r)
        let author = try index.actor(r.resource["author"])
        guard let actor = try author ?? index.provider(ofEncounter: r.resource["encounter"]) else {
            throw problem(r, "CarePlan has no author (Organization or PractitionerRole) and no encounter with a serviceProvider")
        }
        let categories = r.resource["category"]?.elements ?? []
        let kind = map.value(.plans, for: categories) ?? (categories.contains { $0.codings.contains { $0.code == "sip" } } ? "sip" : "care-plan")
        var data: [String: JSONValue] = ["kind": .string(kind)]
        if let author { data["lead"] = .string(author) }
        var events = [MadeEvent(role: "established", type: EventType.planEstablished, person: person, at: try at(startText, "period.start", r), actor: actor, data: data)]
        if status == "completed" || status == "revoked", let end = r.resource["period"]?["end"]?.stringValue {
            events.append(MadeEvent(role: "closed", type: EventType.planClosed, person: person, at: try at(end, "period.end", r), actor: actor,
                                    data: ["plan": .string(Self.id("CarePlan", r.id!, "established"))]))
        }
        return events
    }

    // MARK: The project's mappings (docs/fhir.md)

    private func episodeOfCare(_ r: LocatedResource) throws -> [MadeEvent] {
        let status = try status(r, happened: ["waitlist", "active", "onhold", "finished"], other: ["planned", "cancelled"])
        guard status != nil else { return [] }
        let person = try subject(r, field: "patient")
        guard let scope = map.value(.scopes, for: r.resource["type"]?.elements ?? []) else {
            throw problem(r, "EpisodeOfCare's type maps to no scope (add its coding to the map file's scopes)")
        }
        guard let actor = try index.actor(r.resource["managingOrganization"]) else {
            throw problem(r, "EpisodeOfCare's managingOrganization names no Organization of this import or an earlier one")
        }
        // The waiting list is the need before anyone holds it; active, on hold or finished, the
        // managing organisation held it from when the episode (or its first active status) began.
        let history = r.resource["statusHistory"]?.elements ?? []
        func start(of statuses: Set<String>) throws -> String? {
            if let entry = history.first(where: { statuses.contains($0["status"]?.stringValue ?? "") }), let text = entry["period"]?["start"]?.stringValue {
                return try at(text, "statusHistory.period.start", r)
            }
            return nil
        }
        var events: [MadeEvent] = []
        let periodStart = try r.resource["period"]?["start"]?.stringValue.map { try at($0, "period.start", r) }
        if let waiting = try start(of: ["waitlist"]) ?? (status == "waitlist" ? periodStart : nil) {
            events.append(MadeEvent(role: "need", type: EventType.needIdentified, person: person, at: waiting, actor: actor, data: ["scope": .string(scope)]))
        }
        // The current status began where the history's last entry ended.
        let currentStart = try history.last?["period"]?["end"]?.stringValue.map { try at($0, "statusHistory.period.end", r) }
        if status != "waitlist", let held = try start(of: ["active", "onhold"]) ?? currentStart ?? periodStart {
            events.append(MadeEvent(role: "assumed", type: EventType.responsibilityAssumed, person: person, at: held, actor: actor, data: ["scope": .string(scope)]))
            if status == "finished", let end = r.resource["period"]?["end"]?.stringValue {
                events.append(MadeEvent(role: "released", type: EventType.responsibilityReleased, person: person, at: try at(end, "period.end", r), actor: actor,
                                        data: ["scope": .string(scope)]))
            }
        }
        return events
    }

    private func careTeam(_ r: LocatedResource) throws -> [MadeEvent] {
        let status = try status(r, happened: ["active", "suspended", "inactive"], other: ["proposed"])
        guard status != nil, let startText = r.resource["period"]?["start"]?.stringValue else { return [] }
        let person = try subject(r)
        guard let scope = map.value(.scopes, for: r.resource["category"]?.elements ?? []) else {
            throw problem(r, "CareTeam's category maps to no scope (add its coding to the map file's scopes)")
        }
        guard let actor = try index.actor(r.resource["managingOrganization"]?.elements.first) else {
            throw problem(r, "CareTeam's managingOrganization names no Organization of this import or an earlier one")
        }
        var events = [MadeEvent(role: "assumed", type: EventType.responsibilityAssumed, person: person, at: try at(startText, "period.start", r), actor: actor,
                                data: ["scope": .string(scope)])]
        if status == "inactive", let end = r.resource["period"]?["end"]?.stringValue {
            events.append(MadeEvent(role: "released", type: EventType.responsibilityReleased, person: person, at: try at(end, "period.end", r), actor: actor,
                                    data: ["scope": .string(scope)]))
        }
        return events
    }

    private func task(_ r: LocatedResource) throws -> [MadeEvent] {
        let status = try status(r, happened: ["requested", "received", "accepted", "rejected", "ready", "in-progress", "on-hold", "completed", "failed"],
                                other: ["draft", "cancelled"])
        guard let status else { return [] }
        guard let kind = map.value(.tasks, for: [r.resource["code"]].compactMap { $0 }) else { return [] }
        let person = try subject(r, field: "for")
        guard let requester = try index.actor(r.resource["requester"]) else { throw problem(r, "Task's requester names no Organization or PractitionerRole") }
        guard let owner = try index.actor(r.resource["owner"]) else { throw problem(r, "Task's owner names no Organization or PractitionerRole") }
        guard let authored = r.resource["authoredOn"]?.stringValue else { throw problem(r, "Task has no authoredOn") }
        let asked = try at(authored, "authoredOn", r)
        let answeredText = r.resource["executionPeriod"]?["start"]?.stringValue ?? r.resource["lastModified"]?.stringValue
        let answered = ["accepted", "in-progress", "completed", "rejected", "failed"].contains(status)
        if kind == "handover" {
            guard let scope = try index.scope(r.resource["focus"]) else {
                throw problem(r, "Task's focus names no EpisodeOfCare or CareTeam whose scope is known (the handed-over scope)")
            }
            var events = [MadeEvent(role: "initiated", type: EventType.handoverInitiated, person: person, at: asked, actor: requester,
                                    data: ["scope": .string(scope), "to": .string(owner)])]
            if answered {
                guard let answeredText else { throw problem(r, "an answered Task has neither executionPeriod.start nor lastModified") }
                let refused = status == "rejected" || status == "failed"
                events.append(MadeEvent(role: refused ? "rejected" : "accepted", type: refused ? EventType.handoverRejected : EventType.handoverAccepted,
                                        person: person, at: try at(answeredText, "lastModified", r), actor: owner,
                                        data: ["handover": .string(Self.id("Task", r.id!, "initiated"))]))
            }
            return events
        }
        var sent = MadeEvent(role: "sent", type: EventType.referralSent, person: person, at: asked, actor: requester, data: ["to": .string(owner)])
        if let scope = try index.scope(r.resource["focus"]) { sent.data["scope"] = .string(scope) }
        var events = [sent]
        if answered {
            guard let answeredText else { throw problem(r, "an answered Task has neither executionPeriod.start nor lastModified") }
            events.append(MadeEvent(role: "answered", type: EventType.referralAnswered, person: person, at: try at(answeredText, "lastModified", r), actor: owner,
                                    data: ["referral": .string(Self.id("Task", r.id!, "sent")),
                                           "outcome": .string(status == "rejected" || status == "failed" ? "declined" : "accepted")]))
        }
        return events
    }

    private func serviceRequest(_ r: LocatedResource) throws -> [MadeEvent] {
        let status = try status(r, happened: ["active", "on-hold", "completed"], other: ["draft", "revoked", "unknown"])
        guard status != nil else { return [] }
        let person = try subject(r)
        guard let requester = try index.actor(r.resource["requester"]) else { throw problem(r, "ServiceRequest's requester names no Organization or PractitionerRole") }
        guard let performer = try index.actor(r.resource["performer"]?.elements.first) else { throw problem(r, "ServiceRequest's performer names no Organization or PractitionerRole") }
        guard let authored = r.resource["authoredOn"]?.stringValue else { throw problem(r, "ServiceRequest has no authoredOn") }
        var data: [String: JSONValue] = ["to": .string(performer)]
        if let scope = map.value(.scopes, for: r.resource["category"]?.elements ?? []) { data["scope"] = .string(scope) }
        return [MadeEvent(role: "sent", type: EventType.referralSent, person: person, at: try at(authored, "authoredOn", r), actor: requester, data: data)]
    }

    private func communication(_ r: LocatedResource) throws -> [MadeEvent] {
        let status = try status(r, happened: ["completed"], other: ["preparation", "in-progress", "not-done", "on-hold", "stopped", "unknown"])
        guard status != nil else { return [] }
        guard let notice = map.value(.notices, for: r.resource["category"]?.elements ?? []) else { return [] }
        let person = try subject(r)
        guard let sender = try index.actor(r.resource["sender"]) else { throw problem(r, "Communication's sender names no Organization or PractitionerRole") }
        guard let sent = r.resource["sent"]?.stringValue else { throw problem(r, "Communication has no sent time") }
        let at = try at(sent, "sent", r)
        if notice == "utskrivningsklar" {
            return [MadeEvent(role: "notice", type: EventType.dischargeReady, person: person, at: at, actor: sender)]
        }
        var data: [String: JSONValue] = ["kind": .string(notice)]
        if let recipient = try index.actor(r.resource["recipient"]?.elements.first) { data["to"] = .string(recipient) }
        return [MadeEvent(role: "notice", type: EventType.notificationSent, person: person, at: at, actor: sender, data: data)]
    }

    private func questionnaireResponse(_ r: LocatedResource) throws -> [MadeEvent] {
        let status = try status(r, happened: ["completed", "amended"], other: ["in-progress", "stopped"])
        guard status != nil else { return [] }
        let person = try subject(r)
        guard let authored = r.resource["authored"]?.stringValue else { throw problem(r, "QuestionnaireResponse has no authored time") }
        let actor = try index.actor(r.resource["author"]) ?? "unknown"
        var data: [String: JSONValue] = [:]
        let source = r.resource["source"]?["reference"]?.stringValue ?? ""
        if source.hasPrefix("Patient/") { data["reporter"] = .string("person") } else if source.hasPrefix("RelatedPerson/") { data["reporter"] = .string("relative") }
        let answers = Self.answers(r.resource["item"]?.elements ?? [])
        if !answers.isEmpty { data["text"] = .string(answers.joined(separator: "\n")) }
        return [MadeEvent(role: "reported", type: EventType.experienceReported, person: person, at: try at(authored, "authored", r), actor: actor, data: data)]
    }

    // MARK: Helpers

    /// `fhir:<Type>:<id>:<role>`.
    static func id(_ type: String, _ id: String, _ role: String) -> String { "fhir:\(type):\(id):\(role)" }

    /// The resource's status: nil when it makes no event; an unknown status is a problem.
    private func status(_ r: LocatedResource, happened: Set<String>, other: Set<String>) throws -> String? {
        guard let status = r.resource["status"]?.stringValue else { throw problem(r, "\(r.type) has no status") }
        if happened.contains(status) { return status }
        if other.contains(status) { return nil }
        throw problem(r, "\(r.type) has an unknown status (expected one of \((happened.union(other)).sorted().joined(separator: ", ")))")
    }

    /// The person of `subject` (or `patient`, `for`): a Patient of this call or an earlier one.
    private func subject(_ r: LocatedResource, field: String? = nil) throws -> String {
        let names = field.map { [$0] } ?? ["subject", "patient", "for"]
        guard let reference = names.lazy.compactMap({ r.resource[$0] }).first else { throw problem(r, "\(r.type) names no patient") }
        guard let person = try index.person(reference) else {
            throw problem(r, "\(r.type)'s patient is neither in this import nor imported before (no event is made under a guessed identity)")
        }
        return person
    }

    private func at(_ text: String, _ field: String, _ r: LocatedResource) throws -> String {
        do {
            return try time.text(text)
        } catch .tooCoarse {
            throw problem(r, "\(r.type).\(field) is a year or a month alone, which cannot be placed in time")
        } catch {
            throw problem(r, "\(r.type).\(field) is not a FHIR dateTime")
        }
    }

    /// What kind of unit: the first type coding's display or code, else `organization`.
    private func organizationKind(_ resource: JSONValue) -> String {
        let coding = resource["type"]?.elements.first?["coding"]?.elements.first
        return coding?["code"]?.stringValue ?? coding?["display"]?.stringValue ?? "organization"
    }

    private static func answers(_ items: [JSONValue]) -> [String] {
        items.flatMap { item in
            (item["answer"]?.elements ?? []).compactMap { $0["valueString"]?.stringValue } + answers(item["item"]?.elements ?? [])
        }
    }

    private func problem(_ r: LocatedResource, _ message: String) -> LocatedProblem {
        LocatedProblem(file: r.file, line: r.line, message: message)
    }
}
