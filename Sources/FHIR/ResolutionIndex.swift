import EventLog

/// What the references of one import call stand for: persons of Patients, actors of
/// Organizations (and of PractitionerRoles, through their organization), and what a CarePlan,
/// a Task or a handover needs of an Encounter, an EpisodeOfCare or a CareTeam. Built from
/// every resource of the call before any is mapped, so that the order of lines and files does
/// not matter; what the call does not hold is looked up among the keys earlier imports kept.
final class ResolutionIndex {
    struct Organization {
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
    private let earlier: ([String]) throws -> [String: ExternalKey]
    private var looked: [String: ExternalKey?] = [:]

    /// - Parameter earlier: the keys that earlier imports kept (``EventStore/externalKeys(_:)``).
    init(earlier: @escaping ([String]) throws -> [String: ExternalKey]) {
        self.earlier = earlier
    }

    /// Indexes a resource of the call; a Patient whose person number is wrong is a problem.
    func add(_ located: LocatedResource, map: FHIRMap) -> LocatedProblem? {
        let keys = ReferenceKey.keys(of: located)
        let resource = located.resource
        switch located.type {
        case "Patient":
            switch IdentifierSystem.person(of: located) {
            case .success(let person): for key in keys { persons[key] = person }
            case .failure(let problem): return problem
            }
        case "Organization":
            let organization = Organization(
                actor: IdentifierSystem.actor(of: resource), name: resource["name"]?.stringValue,
                partOf: resource["partOf"]?["reference"]?.stringValue.flatMap(ReferenceKey.of), kindByNumber: IdentifierSystem.principalKind(of: resource))
            for key in keys { organizations[key] = organization }
        case "PractitionerRole":
            if let organization = resource["organization"]?["reference"]?.stringValue.flatMap(ReferenceKey.of) {
                for key in keys { roleOrganizations[key] = organization }
            }
        case "Encounter":
            if let provider = resource["serviceProvider"]?["reference"]?.stringValue.flatMap(ReferenceKey.of) {
                for key in keys { encounterProviders[key] = provider }
            }
        case "EpisodeOfCare", "CareTeam":
            let concepts = located.type == "EpisodeOfCare" ? resource["type"]?.elements ?? [] : resource["category"]?.elements ?? []
            if let scope = map.value(.scopes, for: concepts) { for key in keys { scopes[key] = scope } }
        default: break
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

    /// The actor that provided an Encounter.
    func provider(ofEncounter reference: JSONValue?) throws -> String? {
        guard let key = reference?["reference"]?.stringValue.flatMap(ReferenceKey.of), let provider = encounterProviders[key] else { return nil }
        return try actor(key: provider)
    }

    /// The scope of the EpisodeOfCare or CareTeam a reference names.
    func scope(_ reference: JSONValue?) -> String? {
        reference?["reference"]?.stringValue.flatMap(ReferenceKey.of).flatMap { scopes[$0] }
    }

    /// The name at the top of an Organization's `partOf` chain (itself, if it is part of none).
    func principalName(of organization: Organization) -> String? {
        var current = organization, seen: Set<String> = []
        while let parent = current.partOf, seen.insert(parent).inserted, let next = organizations[parent] { current = next }
        return current.name
    }

    /// The keys to keep for later imports: every Patient's and Organization's.
    func keysToKeep() -> [ExternalKey] {
        persons.map { ExternalKey(key: $0.key, kind: .person, value: $0.value) }
            + organizations.map { ExternalKey(key: $0.key, kind: .actor, value: $0.value.actor) }
            + roleOrganizations.compactMap { key, organization in
                (try? actor(key: organization)).flatMap { $0 }.map { ExternalKey(key: key, kind: .actor, value: $0) }
            }
    }

    private func stored(_ key: String) throws -> ExternalKey? {
        if let known = looked[key] { return known }
        let found = try earlier([key])[key]
        looked[key] = found
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
