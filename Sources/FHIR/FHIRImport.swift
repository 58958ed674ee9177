import EventLog
import Foundation

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

    package init(store: any EventStore, map: FHIRMap, principals: Principals, timeZone: TimeZone) {
        self.store = store
        self.map = map
        self.principals = principals
        self.timeZone = timeZone
    }

    package func prepare(paths: [String]) throws -> PreparedImport {
        let inputs = try paths.map { try FHIRInput(path: $0) }
        var prepared = PreparedImport()
        let index = ResolutionIndex(earlier: store.externalKeys)
        var bad: Set<String> = []
        for input in inputs {
            try input.forEachResource { result in
                guard case .success(let located) = result else { return }
                if let problem = index.add(located, map: map) {
                    bad.insert("\(problem.file):\(problem.line)")
                    prepared.problems.append((problem.file, problem.line, problem.message, CanonicalJSON.string(located.resource)))
                }
            }
        }
        let maker = EventMaker(index: index, map: map, principals: principals, time: FHIRTime(timeZone: timeZone))
        var versions = Versions(store: store)
        for input in inputs {
            try input.forEachResource { result in
                switch result {
                case .failure(let problem):
                    prepared.problems.append((problem.file, problem.line, problem.message, nil))
                case .success(let located):
                    prepared.report.resources += 1
                    guard !bad.contains("\(located.file):\(located.line)") || located.type != "Patient" else { return }
                    do {
                        try add(located, made: try maker.make(located), versions: &versions, to: &prepared)
                    } catch let problem as LocatedProblem {
                        prepared.problems.append((problem.file, problem.line, problem.message, CanonicalJSON.string(located.resource)))
                    }
                }
            }
        }
        prepared.keys = index.keysToKeep()
        return prepared
    }

    /// Adds what one resource made, as new events, duplicates, or corrections of what an
    /// earlier version made.
    private func add(_ located: LocatedResource, made: Made, versions: inout Versions, to prepared: inout PreparedImport) throws {
        let type = located.type, id = located.id ?? ""
        let events: [MadeEvent]
        switch made {
        case .skipped:
            prepared.report.skippedByType[type, default: 0] += 1
            return
        case .unregistered:
            prepared.report.unregistered += 1
            return
        case .enteredInError: events = []
        case .events(let list): events = list
        }
        let version = located.resource["meta"]?["versionId"]?.stringValue
        let reason = made.isEnteredInError ? "FHIR \(type)/\(id) entered-in-error" : "FHIR \(type)/\(id) version \(version ?? "without versionId")"
        var lines: [String] = []
        for event in events {
            let base = EventMaker.id(type, id, event.role)
            let current = try versions.current(of: base)
            let candidate = try validated(event, id: current?.id ?? base, at: located)
            if let current, !current.retracted, current.json == candidate.canonicalJSON {
                // The same again: the ingest counts it as a duplicate.
                lines.append(candidate.canonicalJSON)
                continue
            }
            guard let current else {
                lines.append(candidate.canonicalJSON)
                versions.record(base: base, id: base, json: candidate.canonicalJSON)
                continue
            }
            // A registration is replaced by the next (the latest holds); any other event is retracted first.
            if !current.retracted, event.type != EventType.actorRegistered {
                lines.append(try retraction(of: current, reason: reason, located: located).canonicalJSON)
                prepared.report.retracted += 1
            }
            let next = "\(base):\(current.number + 1)"
            let replacement = try validated(event, id: next, at: located)
            lines.append(replacement.canonicalJSON)
            versions.record(base: base, id: next, json: replacement.canonicalJSON)
        }
        // What an earlier version made and this one does not (or nothing, entered-in-error) no longer holds.
        let made = Set(events.map(\.role))
        for role in EventMaker.roles[type] ?? [] where !made.contains(role) && type != "Organization" {
            let base = EventMaker.id(type, id, role)
            guard let current = try versions.current(of: base), !current.retracted else { continue }
            lines.append(try retraction(of: current, reason: reason, located: located).canonicalJSON)
            versions.markRetracted(base: base)
            prepared.report.retracted += 1
        }
        if lines.isEmpty { prepared.report.withoutEventsByType[type, default: 0] += 1 }
        for line in lines {
            prepared.lines.append(line)
            prepared.origins.append((located.file, located.line))
            if let type = Self.type(of: line) { prepared.report.eventsByType[type, default: 0] += 1 }
        }
    }

    /// The event as the contract checks it; a problem (a person id too long) is the resource's.
    private func validated(_ event: MadeEvent, id: String, at located: LocatedResource) throws -> CareEvent {
        var object: [String: JSONValue] = ["id": .string(id), "type": .string(event.type), "at": .string(event.at), "actor": .string(event.actor)]
        if let person = event.person { object["person"] = .string(person) }
        if !event.data.isEmpty { object["data"] = .object(event.data) }
        switch EventValidator.validate(object: object) {
        case .success(let event): return event
        case .failure(let problems):
            throw LocatedProblem(file: located.file, line: located.line, message: "the \(event.type) it makes is not valid: " + problems.messages.joined(separator: "; "))
        }
    }

    private func retraction(of current: Versions.Current, reason: String, located: LocatedResource) throws -> CareEvent {
        let at = located.resource["meta"]?["lastUpdated"]?.stringValue.flatMap { try? FHIRTime(timeZone: timeZone).text($0) } ?? current.event.at.description
        let made = MadeEvent(role: "", type: EventType.eventRetracted, person: current.event.person, at: at, actor: current.event.actor,
                             data: ["target": .string(current.id), "reason": .string(reason)])
        return try validated(made, id: "\(current.id):retracted", at: located)
    }

    private static func type(of line: String) -> String? {
        guard let value = try? JSONParser.parse(line) else { return nil }
        return value["type"]?.stringValue
    }
}

extension Made {
    var isEnteredInError: Bool { if case .enteredInError = self { true } else { false } }
}

/// The versions of each event a resource made: `fhir:<Type>:<id>:<role>`, then `…:2`, `…:3`,
/// as the log and this import hold them.
struct Versions {
    struct Current {
        let id: String
        let number: Int
        let json: String
        let event: CareEvent
        let retracted: Bool
    }

    let store: any EventStore
    private var inThisImport: [String: Current] = [:]

    init(store: any EventStore) { self.store = store }

    /// The latest version of an event, if the log or this import holds one.
    mutating func current(of base: String) throws -> Current? {
        if let current = inThisImport[base] { return current }
        guard var event = try store.storedEvent(id: base)?.event else { return nil }
        var number = 1, id = base
        while let next = try store.storedEvent(id: "\(base):\(number + 1)")?.event {
            number += 1
            id = "\(base):\(number)"
            event = next
        }
        let retracted = try store.storedEvent(id: "\(id):retracted") != nil
        let current = Current(id: id, number: number, json: event.canonicalJSON, event: event, retracted: retracted)
        inThisImport[base] = current
        return current
    }

    mutating func record(base: String, id: String, json: String) {
        let number = id == base ? 1 : Int(id.split(separator: ":").last!)!
        guard case .success(let event) = EventValidator.validate(line: Array(json.utf8)) else { return }
        inThisImport[base] = Current(id: id, number: number, json: json, event: event, retracted: false)
    }

    mutating func markRetracted(base: String) {
        guard let current = inThisImport[base] else { return }
        inThisImport[base] = Current(id: current.id, number: current.number, json: current.json, event: current.event, retracted: true)
    }
}
