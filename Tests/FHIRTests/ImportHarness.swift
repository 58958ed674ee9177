import EventLog
import FHIR
import Foundation
import TestSupport

/// A store of its own, and FHIR resources imported into it the way `ingest --from fhir` does.
final class ImportHarness {
    let folder: TemporaryFolder
    let store: SQLiteEventStore
    private var calls = 0

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteEventStore(path: folder.path + "/events.sqlite", create: true)
    }

    /// What one import call did.
    struct Outcome {
        let prepared: PreparedImport
        let summary: Ingester.Summary
        /// `FILE:LINE: message`, the folder left out.
        var problems: [String]
    }

    /// Imports files of resources (each a list of NDJSON lines, or one JSON text) in one call.
    @discardableResult
    func importFiles(_ files: [(name: String, text: String)], map: FHIRMap = .standard, principals: Principals = ImportHarness.principals,
                     timeZone: String = "Europe/Stockholm") throws -> Outcome {
        calls += 1
        let paths = try files.map { try folder.write("\(calls)-\($0.name)", $0.text) }
        let prepared = try FHIRImport(store: store, map: map, principals: principals, timeZone: TimeZone(identifier: timeZone)!).prepare(paths: paths)
        var problems = prepared.problems.map { "\($0.file):\($0.line): \($0.message)" }
        var summary = Ingester.Summary()
        if prepared.problems.isEmpty {
            let ingester = Ingester(store: store, recordedAt: .given(Instant(microseconds: 1_800_000_000_000_000 + Int64(calls))), onProblem: { problem in
                problems.append("fhir:\(problem.line): \(problem.message)")
            }, beforeCommit: { try $0.keep(prepared.keys) })
            summary = try ingester.ingest(sources: [InMemoryLines(name: "fhir", lines: prepared.lines)])
        }
        return Outcome(prepared: prepared, summary: summary, problems: problems.map { $0.replacingOccurrences(of: folder.path + "/", with: "") })
    }

    /// Imports resources as one NDJSON file.
    @discardableResult
    func importResources(_ resources: [String], name: String = "r.ndjson") throws -> Outcome {
        try importFiles([(name, resources.map { $0 + "\n" }.joined())])
    }

    /// Every stored event, as `type person actor at data` lines without ids, in log order.
    func events() throws -> [CareEvent] {
        var all: [CareEvent] = []
        try store.forEachPerson(knownAt: nil) { _, events in all += events.map(\.event) }
        all += try store.actorRegistrations(knownAt: nil).map(\.event)
        return all
    }

    func event(_ id: String) throws -> CareEvent? { try store.storedEvent(id: id)?.event }

    /// Every principal in the tests is a region or a municipality by name.
    static let principals: Principals = {
        try! Principals.parse("Region Test: region\nTestkommun: municipality\n")
    }()
}

/// Resources to import, as compact JSON.
enum R {
    static let hsa = "urn:oid:1.2.752.29.4.19"
    static let pnr = "http://electronichealth.se/identifier/personnummer"

    static func patient(_ id: String = "p1", system: String = pnr, value: String = "19400101-1230", extra: String = "") -> String {
        #"{"resourceType":"Patient","id":"\#(id)","identifier":[{"system":"\#(system)","value":"\#(value)"}]\#(extra)}"#
    }

    static func organization(_ id: String, hsa value: String? = nil, name: String, partOf: String? = nil, extra: String = "") -> String {
        let identifier = value.map { #","identifier":[{"system":"\#(hsa)","value":"\#($0)"}]"# } ?? ""
        let parent = partOf.map { #","partOf":{"reference":"\#($0)"}"# } ?? ""
        return #"{"resourceType":"Organization","id":"\#(id)"\#(identifier),"name":"\#(name)"\#(parent)\#(extra)}"#
    }

    /// A ward of Region Test (HSA-id SE-WARD) and a home-care unit of Testkommun (SE-HOME).
    static let organizations = [
        organization("region", name: "Region Test"),
        organization("ward", hsa: "SE-WARD", name: "Avdelning 1", partOf: "Organization/region"),
        organization("kommun", name: "Testkommun"),
        organization("home", hsa: "SE-HOME", name: "Hemtjänst", partOf: "Organization/kommun"),
    ]

    static func encounter(_ id: String, classCode: String, status: String = "finished", start: String = "2026-03-02T10:00:00+01:00",
                          end: String? = "2026-03-06T14:00:00+01:00", patient: String = "Patient/p1", provider: String = "Organization/ward",
                          extra: String = "") -> String {
        let period = end.map { #"{"start":"\#(start)","end":"\#($0)"}"# } ?? #"{"start":"\#(start)"}"#
        return #"{"resourceType":"Encounter","id":"\#(id)","status":"\#(status)","class":{"code":"\#(classCode)"},"subject":{"reference":"\#(patient)"},"period":\#(period),"serviceProvider":{"reference":"\#(provider)"}\#(extra)}"#
    }
}
