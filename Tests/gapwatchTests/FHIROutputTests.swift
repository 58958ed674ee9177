import Foundation
import Testing

/// `gaps --format fhir` and `audit --format fhir`: a FHIR R4 Bundle of DetectedIssues that a
/// third-party validator (the fhir.resources models from PyPI) accepts, stable across runs.
@Suite struct FHIROutputTests {
    static let validatorPresent = Tools.available("python3 -c 'import fhir.resources.R4B.bundle' 2>/dev/null")

    @Test func theValidatorIsThereWhenCIRequiresIt() {
        let required = ProcessInfo.processInfo.environment["GAPWATCH_REQUIRE_FHIR_VALIDATOR"] == "1"
        #expect(Self.validatorPresent || !required, "install fhir.resources from PyPI: .ci/run does")
    }

    /// A store of a FHIR fixture, imported.
    private func store(_ name: String, options: [String] = []) throws -> Scratch {
        let s = try Scratch()
        let folder = FHIRIngestTests.fixtures + "/" + name
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix("json") }.sorted().map { folder + "/" + $0 }
        #expect(try CLI.run(["ingest", "--db", s.db, "--from", "fhir"] + options + files).status == 0)
        return s
    }

    private func validate(_ bundle: String, in s: Scratch) throws -> [String: Any] {
        let path = try s.write("bundle-\(UUID().uuidString).json", bundle)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support/fhir_validate.py").path
        let result = try CLI.run(["python3", script, path], executable: "/usr/bin/env")
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test(.enabled(if: validatorPresent), arguments: [("01-discharge-handover-late", "2026-03-20T00:00:00+01:00", [String]()),
                                                        ("04-sip-missing", "2026-06-30T00:00:00+02:00", ["--principals", FHIRIngestTests.fixtures + "/04-sip-missing/principals.yaml"])])
    func gapsAsFHIRValidates(_ name: String, _ asOf: String, _ options: [String]) throws {
        let s = try store(name, options: options)
        let arguments = ["gaps", "--db", s.db, "--as-of", asOf, "--status", "all", "--format"]
        let bundle = try CLI.run(arguments + ["fhir"])
        #expect(bundle.status == 0, "\(bundle.stderr)")
        #expect(try CLI.run(arguments + ["fhir"]).stdout == bundle.stdout, "the same store gives the same bytes")
        let seen = try validate(bundle.stdout, in: s)
        #expect((seen["problems"] as? [String]) == [], "\(seen)")
        let findings = try CLI.run(arguments + ["json"]).stdout.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect((seen["types"] as? [String: Int])?["DetectedIssue"] == findings.count)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(bundle.stdout.utf8)) as? [String: Any])
        let issues = (parsed["entry"] as! [[String: Any]]).map { $0["resource"] as! [String: Any] }.filter { $0["resourceType"] as? String == "DetectedIssue" }
        for (issue, finding) in zip(issues, findings) {
            #expect(issue["id"] as? String == finding["id"] as? String, "a finding's FHIR id is its id")
            let status = ((issue["modifierExtension"] as! [[String: Any]])[0]["valueCodeableConcept"] as! [String: Any])["coding"] as! [[String: Any]]
            #expect(status[0]["code"] as? String == (finding["status"] as? String == "open" ? "open-gap" : "closed-gap"))
            #expect(issue["identifiedDateTime"] as? String == finding["due"] as? String)
        }
    }

    @Test(.enabled(if: validatorPresent && !FHIRIngestTests.syntheaFiles.isEmpty)) func theSyntheaFindingsValidate() throws {
        let s = try Scratch()
        #expect(try CLI.run(["ingest", "--db", s.db, "--from", "fhir"] + FHIRIngestTests.syntheaFiles).status == 0)
        let bundle = try CLI.run(["gaps", "--db", s.db, "--as-of", "2026-01-01", "--status", "all", "--format", "fhir"])
        let seen = try validate(bundle.stdout, in: s)
        #expect((seen["problems"] as? [String]) == [], "\(seen)")
        #expect(((seen["types"] as? [String: Int])?["DetectedIssue"] ?? 0) > 10)
    }

    @Test(.enabled(if: validatorPresent)) func aPersonsAuditAsFHIRValidatesAndNeedsUnmask() throws {
        let s = try store("01-discharge-handover-late")
        let base = ["audit", "--db", s.db, "--person", "19400101-1230", "--as-of", "2026-03-20", "--format", "fhir"]
        #expect(try CLI.run(base).status == 64, "the Bundle names the person in full")
        let audit = try CLI.run(base + ["--unmask", "--purpose", "tillsyn dnr 1/2026", "--as", "ivo"])
        #expect(audit.status == 0, "\(audit.stderr)")
        let seen = try validate(audit.stdout, in: s)
        #expect((seen["problems"] as? [String]) == [] && (seen["types"] as? [String: Int])?["DetectedIssue"] == 2, "\(seen)")
        #expect(try CLI.run(["access-log", "--db", s.db, "--as", "test"]).stdout.contains("audit --person"))
    }
}
