import EventLog
import Foundation
import Pipeline

/// A FHIR import made ready for the ingester: the care events as canonical JSON lines, where
/// each came from, the resources that could not be mapped, and what to keep for later imports.
package struct PreparedImport {
    /// The events, one canonical JSON line each, for an ordinary ingest.
    package var lines: [String] = []
    /// The resource each line came from (`FILE:LINE`).
    package var origins: [(file: String, line: Int)] = []
    /// Resources that make no event because something is wrong with them, in input order.
    package var problems: [(file: String, line: Int, message: String, resource: String?)] = []
    /// Patients' and Organizations' keys, for the references of later imports.
    package var keys: [ExternalKey] = []
    package var report = ImportReport()
}

/// What an import made of its input, for the summary line.
package struct ImportReport: Sendable {
    package var resources = 0
    package var eventsByType: [String: Int] = [:]
    package var skippedByType: [String: Int] = [:]
    /// Resources of mapped types that made no event: read for their references (a Patient
    /// without a death, a PractitionerRole), or in a status that has not happened (planned, draft).
    package var withoutEventsByType: [String: Int] = [:]
    /// Organizations whose kind of principal neither the principals file nor an
    /// organisationsnummer says.
    package var unregistered = 0
    package var retracted = 0

    /// `fhir: 2,148 resources made 812 events (456 contact, …); skipped 1,336 (800 Condition, …); …`
    package var line: String {
        func list(_ counts: [String: Int]) -> String {
            counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        }
        let made = eventsByType.values.reduce(0, +)
        var parts = ["fhir: \(resources) resources made \(made) events" + (made > 0 ? " (\(list(eventsByType)))" : "")]
        if retracted > 0 { parts.append("\(retracted) earlier events retracted by a new version or entered-in-error") }
        let skipped = skippedByType.values.reduce(0, +)
        if !withoutEventsByType.isEmpty {
            parts.append("\(list(withoutEventsByType)) made no event (read for their references, or not happened: planned, draft, cancelled)")
        }
        if skipped > 0 { parts.append("skipped \(skipped) of types gapwatch does not map (\(list(skippedByType)))") }
        if unregistered > 0 { parts.append("\(unregistered) Organizations not registered: no principal known (name them in --principals, or give an organisationsnummer)") }
        return parts.joined(separator: "; ")
    }
}

/// Turns FHIR R4 inputs into care events by the import contract: reads every input twice,
/// first to resolve references (so that the order of lines and files does not matter), then
/// to map each resource; a resource imported again with other content retracts and replaces
/// what it made, and one `entered-in-error` retracts it.
package struct FHIRImport {
    let store: any EventStore
    let map: FHIRMap
    let principals: Principals
    let timeZone: TimeZone
    /// Threads that parse and map resources while this one decides what to ingest.
    let workers: Int

    package init(store: any EventStore, map: FHIRMap, principals: Principals, timeZone: TimeZone, workers: Int = Parallel.defaultWorkers) {
        self.store = store
        self.map = map
        self.principals = principals
        self.timeZone = timeZone
        self.workers = workers
    }

    /// Refuses inputs that are missing or are directories: called before a store is made, so
    /// that an import that cannot start leaves none behind.
    package static func requireInputs(_ paths: [String]) throws(IngestError) {
        for path in paths where path != "-" { try FHIRInput.requireFile(path) }
    }

    package func prepare(paths: [String]) throws -> PreparedImport {
        let inputs = try paths.map { try FHIRInput(path: $0) }
        var prepared = PreparedImport()
        let index = ResolutionIndex(earlier: store.externalKeys, storedEvents: store.storedEvents)
        var bad: Set<String> = []
        for input in inputs {
            // Encounters are many and rarely referred to: they are indexed only if a CarePlan needs one (below).
            try input.mapResources(workers: workers, types: ["Patient", "Organization", "PractitionerRole", "EpisodeOfCare", "CareTeam"], { [map] result -> (ResolutionIndex.Entry, String?) in
                guard case .success(let located) = result else { return (.none, nil) }
                let entry = ResolutionIndex.entry(for: located, map: map)
                guard case .problem = entry else { return (entry, nil) }
                return (entry, CanonicalJSON.string(located.resource))
            }) { entry, json in
                if let problem = index.add(entry) {
                    bad.insert("\(problem.file):\(problem.line)")
                    prepared.problems.append((problem.file, problem.line, problem.message, json))
                }
            }
        }
        var maker = EventMaker(index: index, map: map, principals: principals, time: FHIRTime(timeZone: timeZone))
        maker.encountersIndexed = false
        var versions = try Versions(store: store)
        // A chunk at a time, so that the log's versions of its events are looked up together.
        var chunk: [(MappedResource, Made)] = []
        func addChunk() throws {
            if versions.readsTheLog {
                try versions.prefetch(bases: chunk.flatMap { resource, _ in
                    (EventMaker.roles[resource.type] ?? []).map { EventMaker.id(resource.type, resource.id, $0) }
                })
            }
            for (resource, made) in chunk {
                do {
                    try add(resource, made: made, versions: &versions, to: &prepared)
                } catch let problem as LocatedProblem {
                    prepared.problems.append((problem.file, problem.line, problem.message, resource.json))
                }
            }
            chunk = []
        }
        // Resources are parsed, mapped and checked on the worker threads, and only what they
        // made comes here, where versions are decided in input order.
        let mapping = maker
        let mapped: @Sendable (Result<LocatedResource, LocatedProblem>) -> Result<(MappedResource, Result<Made, LocatedProblem>, LocatedResource?), LocatedProblem> = { result in
            result.map { located in
                let maker = mapping
                let made = Result { () throws(LocatedProblem) in
                    let made = try maker.make(located)
                    guard case .events(var events) = made else { return made }
                    for index in events.indices {
                        let event = try Self.validated(events[index], id: EventMaker.id(located.type, located.id ?? "", events[index].role), at: MappedResource(located))
                        events[index].checkedJSON = event.canonicalJSON
                    }
                    return .events(events)
                }
                var resource = MappedResource(located)
                if case .failure = made { resource.json = CanonicalJSON.string(located.resource) }
                if case .success(.needsEncounter) = made { return (resource, made, located) }
                return (resource, made, nil)
            }
        }
        var deferred: [LocatedResource] = []
        var neededEncounters: Set<String> = []
        for input in inputs {
            try input.mapResources(workers: workers, mapped) { result in
                switch result {
                case .failure(let problem):
                    prepared.problems.append((problem.file, problem.line, problem.message, nil))
                case .success(let (resource, made, located)):
                    prepared.report.resources += 1
                    guard resource.type != "Patient" || !bad.contains("\(resource.file):\(resource.line)") else { return }
                    switch made {
                    case .success(.needsEncounter(let key)):
                        deferred.append(located!)
                        neededEncounters.insert(key)
                    case .success(let made): chunk.append((resource, made))
                    case .failure(let problem): prepared.problems.append((problem.file, problem.line, problem.message, resource.json))
                    }
                    if chunk.count == 2000 { try addChunk() }
                }
            }
        }
        try addChunk()
        if !deferred.isEmpty {
            // The Encounters the CarePlans without an author name, then those CarePlans.
            for input in inputs {
                try input.mapResources(workers: workers, types: ["Encounter"], { [map] result -> ResolutionIndex.Entry in
                    guard case .success(let located) = result, located.type == "Encounter" else { return .none }
                    return ResolutionIndex.entry(for: located, map: map)
                }) { entry in
                    if case .encounter(let keys, _) = entry, keys.contains(where: neededEncounters.contains) { _ = index.add(entry) }
                }
            }
            maker.encountersIndexed = true
            for located in deferred {
                do {
                    chunk.append((MappedResource(located), try maker.make(located)))
                } catch {
                    prepared.problems.append((error.file, error.line, error.message, CanonicalJSON.string(located.resource)))
                }
            }
            try addChunk()
        }
        prepared.keys = index.keysToKeep()
        return prepared
    }

    /// Adds what one resource made, as new events, duplicates, or corrections of what an
    /// earlier version made.
    private func add(_ located: MappedResource, made: Made, versions: inout Versions, to prepared: inout PreparedImport) throws {
        let type = located.type, id = located.id
        let events: [MadeEvent]
        switch made {
        case .skipped:
            prepared.report.skippedByType[type, default: 0] += 1
            return
        case .unregistered:
            prepared.report.unregistered += 1
            return
        case .enteredInError, .needsEncounter: events = []
        case .events(let list): events = list
        }
        let version = located.versionId
        let reason = made.isEnteredInError ? "FHIR \(type)/\(id) entered-in-error" : "FHIR \(type)/\(id) version \(version ?? "without versionId")"
        var lines: [(json: String, type: String)] = []
        for event in events {
            let base = EventMaker.id(type, id, event.role)
            let current = versions.current(of: base)
            // Checked on a worker under its first id; under a later version's id, checked again here.
            let json: String
            if let checked = event.checkedJSON, (current?.id ?? base) == base {
                json = checked
            } else {
                json = try Self.validated(event, id: current?.id ?? base, at: located).canonicalJSON
            }
            if let current, !current.retracted, current.content == json.hashValue {
                // The same again: the ingest counts it as a duplicate.
                lines.append((json, event.type))
                continue
            }
            guard let current else {
                lines.append((json, event.type))
                versions.record(base: base, id: base, number: 1, event: event, json: json)
                continue
            }
            // A registration is replaced by the next (the latest holds); any other event is retracted first.
            if !current.retracted, event.type != EventType.actorRegistered {
                lines.append((try retraction(of: current, reason: reason, located: located).canonicalJSON, EventType.eventRetracted))
                prepared.report.retracted += 1
            }
            let next = "\(base):\(current.number + 1)"
            let replacement = try Self.validated(event, id: next, at: located).canonicalJSON
            lines.append((replacement, event.type))
            versions.record(base: base, id: next, number: current.number + 1, event: event, json: replacement)
        }
        // What an earlier version made and this one does not (or nothing, entered-in-error) no longer holds.
        let madeRoles = Set(events.map(\.role))
        for role in EventMaker.roles[type] ?? [] where !madeRoles.contains(role) && type != "Organization" {
            let base = EventMaker.id(type, id, role)
            guard let current = versions.current(of: base), !current.retracted else { continue }
            lines.append((try retraction(of: current, reason: reason, located: located).canonicalJSON, EventType.eventRetracted))
            versions.markRetracted(base: base)
            prepared.report.retracted += 1
        }
        if lines.isEmpty { prepared.report.withoutEventsByType[type, default: 0] += 1 }
        for line in lines {
            prepared.lines.append(line.json)
            prepared.origins.append((located.file, located.line))
            prepared.report.eventsByType[line.type, default: 0] += 1
        }
    }

    /// The event as the contract checks it; a problem (a person id too long) is the resource's.
    private static func validated(_ event: MadeEvent, id: String, at located: MappedResource) throws(LocatedProblem) -> CareEvent {
        var object: [String: JSONValue] = ["id": .string(id), "type": .string(event.type), "at": .string(event.at), "actor": .string(event.actor)]
        if let person = event.person { object["person"] = .string(person) }
        if !event.data.isEmpty { object["data"] = .object(event.data) }
        switch EventValidator.validate(object: object) {
        case .success(let event): return event
        case .failure(let problems):
            throw LocatedProblem(file: located.file, line: located.line, message: "the \(event.type) it makes is not valid: " + problems.messages.joined(separator: "; "))
        }
    }

    private func retraction(of current: Versions.Current, reason: String, located: MappedResource) throws -> CareEvent {
        let at = located.lastUpdated.flatMap { try? FHIRTime(timeZone: timeZone).text($0) } ?? current.at
        let made = MadeEvent(role: "", type: EventType.eventRetracted, person: current.person, at: at, actor: current.actor,
                             data: ["target": .string(current.id), "reason": .string(reason)])
        return try Self.validated(made, id: "\(current.id):retracted", at: located)
    }
}

/// What the thread that decides versions needs of a resource: not its JSON (freed on the
/// worker that parsed it), except for a resource with a problem, which may be set aside.
struct MappedResource: Sendable {
    let type: String
    let id: String
    let file: String
    let line: Int
    let versionId: String?
    let lastUpdated: String?
    /// The resource, one line of canonical JSON, when it is to be set aside.
    var json: String?

    init(_ located: LocatedResource) {
        type = located.type
        id = located.id ?? ""
        file = located.file
        line = located.line
        versionId = located.resource["meta"]?["versionId"]?.stringValue
        lastUpdated = located.resource["meta"]?["lastUpdated"]?.stringValue
    }
}

extension Made {
    var isEnteredInError: Bool { if case .enteredInError = self { true } else { false } }
}

/// The versions of each event a resource made: `fhir:<Type>:<id>:<role>`, then `…:2`, `…:3`,
/// as the log and this import hold them. The log's are fetched a chunk of resources at a time
/// (``prefetch(bases:)``), and not at all when it holds no FHIR event yet.
struct Versions {
    /// The latest version of one event.
    struct Current {
        let id: String
        let number: Int
        /// A hash of its canonical JSON, to tell a duplicate from a change.
        let content: Int
        let person: String?
        let actor: String
        /// RFC 3339: the time a retraction of it falls back on.
        let at: String
        var retracted: Bool
    }

    let store: any EventStore
    private let storeHasFHIR: Bool
    /// What this import made, by base id: it decides over the log's.
    private var made: [String: Current] = [:]
    /// The log's, for the chunk being mapped (nil: the log holds none).
    private var stored: [String: Current?] = [:]

    init(store: any EventStore) throws {
        self.store = store
        storeHasFHIR = try store.hasEvents(idPrefix: "fhir:")
    }

    /// Whether the log holds FHIR events whose versions matter (a first import skips the lookups).
    var readsTheLog: Bool { storeHasFHIR }

    /// Looks up, in a few queries, the log's latest versions of these events.
    mutating func prefetch(bases: [String]) throws {
        stored = [:]
        guard storeHasFHIR else { return }
        var latest: [String: (id: String, number: Int, event: RecordedEvent)] = [:]
        for (id, event) in try store.storedEvents(ids: bases) { latest[id] = (id, 1, event) }
        var probing = Array(latest.keys)
        while !probing.isEmpty {
            let next = probing.map { "\($0):\(latest[$0]!.number + 1)" }
            let found = try store.storedEvents(ids: next)
            probing = probing.filter { base in
                let id = "\(base):\(latest[base]!.number + 1)"
                guard let event = found[id] else { return false }
                latest[base] = (id, latest[base]!.number + 1, event)
                return true
            }
        }
        let retractions = try store.storedEvents(ids: latest.values.map { "\($0.id):retracted" })
        for base in bases { stored[base] = .some(nil) }
        for (base, version) in latest {
            let event = version.event.event
            stored[base] = Current(id: version.id, number: version.number, content: event.canonicalJSON.hashValue, person: event.person, actor: event.actor,
                                   at: event.at.description, retracted: retractions["\(version.id):retracted"] != nil)
        }
    }

    /// The latest version of an event, if this import or the log holds one.
    func current(of base: String) -> Current? {
        if let current = made[base] { return current }
        return stored[base] ?? nil
    }

    mutating func record(base: String, id: String, number: Int, event: MadeEvent, json: String) {
        made[base] = Current(id: id, number: number, content: json.hashValue, person: event.person, actor: event.actor, at: event.at, retracted: false)
    }

    mutating func markRetracted(base: String) {
        if var current = current(of: base) {
            current.retracted = true
            made[base] = current
        }
    }
}
