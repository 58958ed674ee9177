import EventLog
import Foundation

/// What the references of one import call stand for: persons of Patients, actors of
/// Organizations (and of PractitionerRoles, through their organization), and what a CarePlan,
/// a Task or a handover needs of an Encounter, an EpisodeOfCare or a CareTeam. Built from
/// every resource of the call before any is mapped, so that the order of lines and files does
/// not matter; what the call does not hold is looked up among the keys earlier imports kept.
///
/// Filled on one thread (``add(_:map:)``), then read by several at once: only the cache of
/// keys looked up in the store changes after that, under its lock.
final class ResolutionIndex: @unchecked Sendable {
    struct Organization: Sendable {
        let actor: String
        let name: String?
        let partOf: String?
        let kindByNumber: String?
    }

    private(set) var persons: [String: String] = [:]
    private(set) var organizations: [String: Organization] = [:]
    private var roleOrganizations: [String: String] = [:]
    private var encounterProviders: [String: String] = [:]
    private var scopes: [String: String] = [:]
    private let earlier: @Sendable ([String]) throws -> [String: ExternalKey]
    private let storedEvents: @Sendable ([String]) throws -> [String: RecordedEvent]
    private var looked: [String: ExternalKey?] = [:]
    private let lookedLock = NSLock()

    /// - Parameters:
    ///   - earlier: the keys that earlier imports kept (``EventStore/externalKeys(_:)``).
    ///   - storedEvents: the log's events by id (``EventStore/storedEvents(ids:)``).
    init(earlier: @escaping @Sendable ([String]) throws -> [String: ExternalKey],
         storedEvents: @escaping @Sendable ([String]) throws -> [String: RecordedEvent]) {
        self.earlier = earlier
        self.storedEvents = storedEvents
    }

    /// What one resource adds to the index, worked out on a worker thread (the resource's JSON
    /// is freed there, not on the thread that keeps the index).
    enum Entry: Sendable {
        case person([String], String)
        case organization([String], Organization)
        case role([String], String)
        case encounter([String], String)
        case scope([String], String)
        case problem(LocatedProblem)
        case none
    }

    /// The entry of a resource; a Patient whose person number is wrong is a problem.
    static func entry(for located: LocatedResource, map: FHIRMap) -> Entry {
        let resource = located.resource
        switch located.type {
        case "Patient":
            switch IdentifierSystem.person(of: located) {
            case .success(let person): return .person(ReferenceKey.keys(of: located), person)
            case .failure(let problem): return .problem(problem)
            }
        case "Organization":
            return .organization(ReferenceKey.keys(of: located), Organization(
                actor: IdentifierSystem.actor(of: resource), name: resource["name"]?.stringValue,
                partOf: resource["partOf"]?["reference"]?.stringValue.flatMap(ReferenceKey.of), kindByNumber: IdentifierSystem.principalKind(of: resource)))
        case "PractitionerRole":
            guard let organization = resource["organization"]?["reference"]?.stringValue.flatMap(ReferenceKey.of) else { return .none }
            return .role(ReferenceKey.keys(of: located), organization)
        case "Encounter":
            // By id and full URL only: a CarePlan names its encounter so, and Encounters are many.
            guard let provider = resource["serviceProvider"]?["reference"]?.stringValue.flatMap(ReferenceKey.of) else { return .none }
            return .encounter(ReferenceKey.keys(of: located).filter { !$0.contains("?identifier=") }, provider)
        case "EpisodeOfCare", "CareTeam":
            let concepts = located.type == "EpisodeOfCare" ? resource["type"]?.elements ?? [] : resource["category"]?.elements ?? []
            guard let scope = map.value(.scopes, for: concepts) else { return .none }
            return .scope(ReferenceKey.keys(of: located), scope)
        default:
            return .none
        }
    }

    /// Adds an entry; returns its problem, if it is one.
    func add(_ entry: Entry) -> LocatedProblem? {
        switch entry {
        case .person(let keys, let person): for key in keys { persons[key] = person }
        case .organization(let keys, let organization): for key in keys { organizations[key] = organization }
        case .role(let keys, let organization): for key in keys { roleOrganizations[key] = organization }
        case .encounter(let keys, let provider): for key in keys { encounterProviders[key] = provider }
        case .scope(let keys, let scope): for key in keys { scopes[key] = scope }
        case .problem(let problem): return problem
        case .none: break
        }
        return nil
    }

    /// The person a reference names, if this call or an earlier import holds its Patient.
    func person(_ reference: JSONValue?) throws -> String? {
        guard let key = reference?["reference"]?.stringValue.flatMap(ReferenceKey.of) else { return nil }
        if let person = persons[key] { return person }
        return try stored(key).flatMap { $0.kind == .person ? $0.value : nil }
    }

    /// The actor a reference names: an Organization (of this call, or by HSA-id without one,
    /// or of an earlier import), or the organization of a PractitionerRole.
    func actor(_ reference: JSONValue?) throws -> String? {
        guard let key = reference?["reference"]?.stringValue.flatMap(ReferenceKey.of) else { return nil }
        return try actor(key: key)
    }

    func actor(key: String) throws -> String? {
        if let organization = organizations[key] { return organization.actor }
        if let organizationKey = roleOrganizations[key] { return try actor(key: organizationKey) }
        if let hsa = Self.hsaID(in: key) { return hsa }
        return try stored(key).flatMap { $0.kind == .actor ? $0.value : nil }
    }

    /// The actor that provided an Encounter: of this call, or the actor of the events an
    /// earlier import made of it.
    func provider(ofEncounter reference: JSONValue?) throws -> String? {
        guard let key = reference?["reference"]?.stringValue.flatMap(ReferenceKey.of) else { return nil }
        if let provider = encounterProviders[key] { return try actor(key: provider) }
        guard key.hasPrefix("Encounter/") else { return nil }
        let id = key.dropFirst("Encounter/".count)
        let made = try storedEvents(["admission", "contact"].map { "fhir:Encounter:\(id):\($0)" })
        return made.values.first?.event.actor
    }

    /// The scope of the EpisodeOfCare or CareTeam a reference names, of this call or an earlier import.
    func scope(_ reference: JSONValue?) throws -> String? {
        guard let key = reference?["reference"]?.stringValue.flatMap(ReferenceKey.of) else { return nil }
        if let scope = scopes[key] { return scope }
        return try stored(key).flatMap { $0.kind == .scope ? $0.value : nil }
    }

    /// The top of an Organization's `partOf` chain (itself, if it is part of none): its principal.
    func top(of organization: Organization) -> Organization {
        var current = organization, seen: Set<String> = []
        while let parent = current.partOf, seen.insert(parent).inserted, let next = organizations[parent] { current = next }
        return current
    }

    /// The keys to keep for later imports: every Patient's and Organization's, and the scope of
    /// every EpisodeOfCare and CareTeam (a later Task may hand one over).
    func keysToKeep() -> [ExternalKey] {
        persons.map { ExternalKey(key: $0.key, kind: .person, value: $0.value) }
            + scopes.map { ExternalKey(key: $0.key, kind: .scope, value: $0.value) }
            + organizations.map { ExternalKey(key: $0.key, kind: .actor, value: $0.value.actor) }
            + roleOrganizations.compactMap { key, organization in
                (try? actor(key: organization)).flatMap { $0 }.map { ExternalKey(key: key, kind: .actor, value: $0) }
            }
    }

    private func stored(_ key: String) throws -> ExternalKey? {
        if let known = lookedLock.withLock({ looked[key] }) { return known }
        let found = try earlier([key])[key]
        lookedLock.withLock { looked[key] = found }
        return found
    }

    /// `Organization?identifier=HSA-SYSTEM|VALUE`: the HSA-id is the actor, with or without the resource.
    private static func hsaID(in key: String) -> String? {
        guard let range = key.range(of: "?identifier=") else { return nil }
        let parts = key[range.upperBound...].split(separator: "|", maxSplits: 1).map(String.init)
        guard parts.count == 2, IdentifierSystem.hsaID.contains(parts[0]), !parts[1].isEmpty else { return nil }
        return parts[1]
    }
}
