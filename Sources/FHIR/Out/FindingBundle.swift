import Crypto
import EventLog
import GapEngine

/// Findings as a FHIR R4 Bundle of type `collection`, in the spirit of the DEQM `$care-gaps`
/// report's gaps bundle: one `DetectedIssue` per finding (its gap status open or closed,
/// `identified` = `due`, the patient, the implicated units, the log's events as evidence, the
/// rule's title and source as `detail`), with the Patients and Organizations it refers to.
///
/// Written as a stream: ``opening``, each person's ``entries(person:findings:)`` as they come,
/// then ``closing(actors:)``, so that memory does not grow with the population.
package struct FindingBundle: Sendable {
    let sources: [String: String]
    let directory: ActorDirectory

    static let gapStatusURL = "http://hl7.org/fhir/us/davinci-deqm/StructureDefinition/extension-gapStatus"
    static let gapStatusSystem = "http://hl7.org/fhir/us/davinci-deqm/CodeSystem/gaps-status"
    static let hsaSystem = "urn:oid:1.2.752.29.4.19"

    package init(rulebook: Rulebook, actors: ActorDirectory) {
        sources = Dictionary(rulebook.rules.compactMap { rule in rule.source.map { (rule.id, $0) } }, uniquingKeysWith: { first, _ in first })
        directory = actors
    }

    /// The Bundle up to its first entry.
    package static let opening = #"{"resourceType":"Bundle","type":"collection","entry":["#

    /// The entries of one person's findings: their Patient, then a DetectedIssue each (none
    /// for a person without findings). Each entry is one JSON text, to be joined by commas.
    package func entries(person: String, findings: [Finding]) -> [String] {
        guard !findings.isEmpty else { return [] }
        let patient = Self.fullURL("Patient", person)
        var entries = [entry(patient, resource: [
            "resourceType": .string("Patient"), "id": .string(Self.id("p", person)),
            "identifier": .array([.object(Self.personIdentifier(person))]),
        ])]
        for finding in findings { entries.append(entry(Self.fullURL("DetectedIssue", finding.id), resource: issue(finding, patient: patient))) }
        return entries
    }

    /// The actors the findings implicate, as Organizations, and the end of the Bundle. The
    /// actors are those of findings already written, so an entry always comes before them.
    package func closing(actors: Set<String>) -> String {
        let organizations = actors.sorted().map { actor in
            var resource: [String: JSONValue] = [
                "resourceType": .string("Organization"), "id": .string(Self.id("o", actor)),
                "identifier": .array([.object(Self.actorIdentifier(actor))]),
            ]
            if let name = directory[actor]?.name { resource["name"] = .string(name) }
            return entry(Self.fullURL("Organization", actor), resource: resource)
        }
        return organizations.map { "," + $0 }.joined() + "]}\n"
    }

    /// The actors one finding implicates.
    package static func implicated(_ finding: Finding) -> [String] {
        var seen: Set<String> = []
        return ([finding.actorBefore, finding.actorAfter, finding.expectedActor].compactMap { $0 } + finding.involved).filter { seen.insert($0).inserted }
    }

    private func issue(_ finding: Finding, patient: String) -> [String: JSONValue] {
        let severity = switch finding.severity {
        case .critical, .high: "high"
        case .medium: "moderate"
        case .low: "low"
        }
        var period: [String: JSONValue] = ["start": .string(finding.start.description)]
        if let end = finding.end { period["end"] = .string(end.description) }
        let status = finding.isOpen ? "open-gap" : "closed-gap"
        return [
            "resourceType": .string("DetectedIssue"), "id": .string(finding.id), "status": .string("final"),
            "modifierExtension": .array([.object([
                "url": .string(Self.gapStatusURL),
                "valueCodeableConcept": .object(["coding": .array([.object(["system": .string(Self.gapStatusSystem), "code": .string(status)])])]),
            ])]),
            "extension": .array([.object(["url": .string("urn:gapwatch:extension:gap-period"), "valuePeriod": .object(period)])]),
            "code": .object([
                "coding": .array([.object(["system": .string("urn:gapwatch:codesystem:rule"), "code": .string(finding.rule), "display": .string(finding.title)])]),
                "text": .string(finding.title),
            ]),
            "severity": .string(severity),
            "patient": .object(["reference": .string(patient)]),
            "identifiedDateTime": .string(finding.due.description),
            "implicated": .array(Self.implicated(finding).map { actor in
                var reference: [String: JSONValue] = ["reference": .string(Self.fullURL("Organization", actor))]
                if let name = directory[actor]?.name { reference["display"] = .string(name) }
                return .object(reference)
            }),
            "evidence": .array(finding.evidence.map { id in
                .object(["detail": .array([.object(["identifier": .object(["system": .string("urn:gapwatch:event"), "value": .string(id)])])])])
            }),
            "detail": .string(finding.title + (sources[finding.rule].map { ". " + $0 } ?? "")),
        ]
    }

    private func entry(_ fullURL: String, resource: [String: JSONValue]) -> String {
        CanonicalJSON.string(.object(["fullUrl": .string(fullURL), "resource": .object(resource)]))
    }

    /// A stable id: a letter and 20 hex digits of a hash, so that no personnummer stands in an id.
    static func id(_ prefix: String, _ value: String) -> String {
        prefix + SHA256.hash(data: Array(value.utf8)).prefix(10).map { String(format: "%02x", $0) }.joined()
    }

    /// `urn:uuid:` made from a hash of the resource's type and key: the same on every run.
    static func fullURL(_ type: String, _ key: String) -> String {
        var bytes = Array(SHA256.hash(data: Array("\(type)|\(key)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return "urn:uuid:" + parts.joined(separator: "-")
    }

    private static func personIdentifier(_ person: String) -> [String: JSONValue] {
        ["system": .string(IdentifierSystem.system(of: person) ?? "urn:gapwatch:pseudonym"), "value": .string(person)]
    }

    private static func actorIdentifier(_ actor: String) -> [String: JSONValue] {
        let isHSA = actor.hasPrefix("SE") && actor.count > 13 && actor.dropFirst(2).prefix(10).allSatisfy(\.isNumber) && actor.dropFirst(12).first == "-"
        return ["system": .string(isHSA ? hsaSystem : "urn:gapwatch:actor"), "value": .string(actor)]
    }
}
