import Foundation
import Testing

/// `gapwatch ingest --from fhir` through the binary: data nobody here wrote, the acceptance
/// scenarios rendered as FHIR, and bad input.
@Suite struct FHIRIngestTests {
    static let synthea = CLI.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/fhir/synthea-bulk-10").path
    static let fixtures = CLI.repositoryRoot.appendingPathComponent("fixtures/fhir").path

    static var syntheaFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: synthea)) ?? []).filter { $0.hasSuffix(".ndjson") }.sorted().map { synthea + "/" + $0 }
    }

    @Test func theSyntheaSampleImportsWhole() throws {
        try #require(!Self.syntheaFiles.isEmpty, "the shared FHIR sample is beside the repository (../shared/fhir), as in CI")
        let s = try Scratch()
        let first = try CLI.run(["ingest", "--db", s.db, "--from", "fhir"] + Self.syntheaFiles)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("ingested 1267 new, 0 duplicate, 0 rejected"))
        // Every Encounter (1,215) is an admission with its discharge, or a contact; every Patient and Organization is accounted for.
        #expect(first.stderr.contains("fhir: 2144 resources made 1267 events (1166 contact, 49 admission, 49 discharge, 3 person.deceased)"))
        #expect(first.stderr.contains("43 PractitionerRole, 10 Patient made no event"))
        #expect(first.stderr.contains("skipped 830 of types gapwatch does not map (555 Condition, 161 Immunization, 44 Location, 43 Practitioner, 16 Device, 11 AllergyIntolerance)"))
        #expect(first.stderr.contains("43 Organizations not registered: no principal known"))
        let again = try CLI.run(["ingest", "--db", s.db, "--from", "fhir"] + Self.syntheaFiles.reversed())
        #expect(again.stderr.contains("ingested 0 new, 1267 duplicate, 0 rejected"), "\(again.stderr)")
        let gaps = try CLI.run(["gaps", "--db", s.db, "--as-of", "2026-01-01", "--status", "all", "--format", "json"])
        #expect(gaps.status == 0 && gaps.stdout.split(separator: "\n").count > 10, "\(gaps.stderr)")
    }

    /// The scenario's actors, as the FHIR fixtures name them (by HSA-id).
    static let hsa = [
        "region-ostergotland/vrinnevi/geriatrik": "SE2321000186-E000000000101",
        "norrkoping/hemtjanst-ost": "SE2120000431-H000000000201",
        "region-ostergotland/vc-ljura": "SE2321000186-V000000000301",
    ]

    @Test(arguments: [
        ("01-discharge-handover-late", "2026-03-20T00:00:00+01:00", [String]()),
        ("04-sip-missing", "2026-06-30T00:00:00+02:00", ["--principals", fixtures + "/04-sip-missing/principals.yaml"]),
    ])
    func aScenarioAsFHIRGivesItsExpectedFindings(_ name: String, _ asOf: String, _ options: [String]) throws {
        let s = try Scratch()
        let folder = Self.fixtures + "/" + name
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") || $0.hasSuffix(".ndjson") }.sorted()
        let ingest = try CLI.run(["ingest", "--db", s.db, "--from", "fhir"] + options + files.map { folder + "/" + $0 })
        #expect(ingest.status == 0, "\(ingest.stderr)")
        let gaps = try CLI.run(["gaps", "--db", s.db, "--format", "json", "--status", "all", "--as-of", asOf])
        let got = gaps.stdout.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let expectedText = try String(contentsOfFile: CLI.repositoryRoot.appendingPathComponent("fixtures/scenarios/\(name)/expected.jsonl").path, encoding: .utf8)
        let expected = expectedText.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(got.count == expected.count, "\(gaps.stdout)")
        for (finding, want) in zip(got, expected) {
            for (key, value) in want {
                let wanted: Any = (key.hasPrefix("actor_") ? (value as? String).flatMap { Self.hsa[$0] } : nil) ?? value
                let same = (finding[key] as? NSObject) == (wanted as? NSObject) || instant(finding[key]) != nil && instant(finding[key]) == instant(wanted)
                #expect(same, "\(name): \(key) is \(String(describing: finding[key])), expected \(wanted)")
            }
        }
    }

    private func instant(_ value: Any?) -> Date? {
        (value as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
    }

    /// The synthetic population as FHIR gives the findings of the same population as JSON Lines,
    /// for every rule whose events have a FHIR form in the import (assessments, plan reviews and
    /// resolved needs have none, and a relative's own report has no acting unit in FHIR, which
    /// the import names `unknown`: those rules are left out of the comparison).
    @Test func theSyntheticPopulationAsFHIRGivesTheSameFindings() throws {
        let s = try Scratch()
        let jsonl = try CLI.run(["generate", "--persons", "150", "--seed", "3"])
        let fhir = try CLI.run(["generate", "--persons", "150", "--seed", "3", "--format", "fhir"])
        #expect(fhir.stderr.contains("left out events with no FHIR form in the import:"))
        #expect(try CLI.run(["ingest", "--db", s.path + "/j.sqlite", try s.write("p.jsonl", jsonl.stdout)]).status == 0)
        let imported = try CLI.run(["ingest", "--db", s.path + "/f.sqlite", "--from", "fhir", try s.write("p.ndjson", fhir.stdout)])
        #expect(imported.status == 0, "\(imported.stderr)")
        let compared: Set<String> = ["admission-notice", "discharge-delayed", "discharge-followup", "handover-unanswered", "referral-unanswered",
                                     "coordinator-silent", "sip-missing"]
        func findings(_ db: String) throws -> [String] {
            try CLI.run(["gaps", "--db", db, "--as-of", "2027-01-01", "--status", "all", "--format", "json"]).stdout.split(separator: "\n").compactMap { line in
                let f = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                guard compared.contains(f["rule"] as! String), (f["person"] as! String).first?.isNumber == true else { return nil }
                return ["rule", "person", "scope", "start", "due", "end", "actor_before", "actor_after"].map { "\(f[$0] ?? "null")" }.joined(separator: " ")
            }.sorted()
        }
        let expected = try findings(s.path + "/j.sqlite")
        #expect(expected.count > 50)
        #expect(try findings(s.path + "/f.sqlite") == expected)
    }

    /// Corrections end to end: a new version of a resource changes the findings, and
    /// entered-in-error takes back what it said.
    @Test func aCorrectedResourceChangesTheFindings() throws {
        let s = try Scratch()
        #expect(try CLI.run(["ingest", "--db", s.db, "--from", "fhir", "--recorded-at", "2026-03-10T00:00:00Z", Self.fixtures + "/01-discharge-handover-late/bundle.json"]).status == 0)
        func rules() throws -> [String] {
            try CLI.run(["gaps", "--db", s.db, "--as-of", "2026-03-20T00:00:00+01:00", "--status", "all", "--format", "json"]).stdout
                .split(separator: "\n").map { (try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any])["rule"] as! String }.sorted()
        }
        #expect(try rules() == ["handover-unanswered", "need-uncovered"])
        // Version 2 of the handover: answered within a day. Version 2 of the episode: entered in error.
        let task = #"{"resourceType":"Task","id":"overlamning-1","meta":{"versionId":"2","lastUpdated":"2026-03-12T08:00:00+01:00"},"status":"accepted","intent":"order","code":{"coding":[{"system":"urn:gapwatch:codesystem:task","code":"handover"}]},"focus":{"reference":"EpisodeOfCare/hemtjanst-1"},"for":{"reference":"Patient/p1"},"authoredOn":"2026-03-05T09:30:00+01:00","lastModified":"2026-03-06T09:00:00+01:00","requester":{"reference":"Organization/vrinnevi-geriatrik"},"owner":{"reference":"Organization/hemtjanst-ost"}}"#
        let episode = #"{"resourceType":"EpisodeOfCare","id":"hemtjanst-1","meta":{"versionId":"2"},"status":"entered-in-error","patient":{"reference":"Patient/p1"},"managingOrganization":{"reference":"Organization/hemtjanst-ost"}}"#
        let correction = try CLI.run(["ingest", "--db", s.db, "--from", "fhir", "--recorded-at", "2026-03-12T00:00:00Z", try s.write("v2.ndjson", task + "\n" + episode + "\n")])
        #expect(correction.status == 0, "\(correction.stderr)")
        #expect(correction.stderr.contains("3 earlier events retracted by a new version or entered-in-error"), "\(correction.stderr)")
        #expect(try rules() == [], "the handover was answered in time, and no need was ever recorded")
        #expect(try CLI.run(["verify", "--db", s.db]).status == 0)
    }

    @Test func aBadResourceRefusesTheImportOrIsSetAside() throws {
        let s = try Scratch()
        let good = #"{"resourceType":"Patient","id":"p1","identifier":[{"system":"urn:oid:1.2.752.129.2.1.3.1","value":"19400101-1230"}],"deceasedDateTime":"2026-04-01T03:00:00+02:00"}"#
        let bad = #"{"resourceType":"Patient","id":"p2","identifier":[{"system":"urn:oid:1.2.752.129.2.1.3.1","value":"19400101-1231"}]}"#
        let file = try s.write("p.ndjson", good + "\n" + bad + "\n")
        let refused = try CLI.run(["ingest", "--db", s.db, "--from", "fhir", file])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("p.ndjson:2: Patient's personnummer fails its check digit"))
        #expect(!refused.stderr.contains("19400101-1231"), "no personal data in a message")
        #expect(try CLI.run(["verify", "--db", s.db]).stdout.hasPrefix("ok: 0 events"))

        let rejects = s.path + "/rejects.ndjson"
        let setAside = try CLI.run(["ingest", "--db", s.db, "--from", "fhir", "--skip-invalid", "--rejects", rejects, file])
        #expect(setAside.status == 0, "\(setAside.stderr)")
        #expect(setAside.stderr.contains("ingested 1 new, 0 duplicate, 1 rejected"))
        #expect(setAside.stderr.contains("warning: 1 resources were set aside"))
        let kept = try String(contentsOfFile: rejects, encoding: .utf8)
        #expect(kept.contains("\"id\":\"p2\"") && kept.hasSuffix("\n") && kept.split(separator: "\n").count == 1)
    }

    @Test func anInputThatIsNoFileLeavesNoStore() throws {
        let s = try Scratch()
        try FileManager.default.createDirectory(atPath: s.path + "/export", withIntermediateDirectories: true)
        for input in [s.path + "/export", s.path + "/nosuch.ndjson"] {
            let result = try CLI.run(["ingest", "--db", s.db, "--from", "fhir", input])
            #expect(result.status == 66, "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: s.db), "an import that cannot start makes no store")
        }
    }

    @Test func theImportsFilesAreCheckedLikeARulebook() throws {
        let s = try Scratch()
        let principals = try s.write("p.yaml", "Region Test: region\nTestkommun: county\n")
        let patient = try s.write("x.ndjson", #"{"resourceType":"Patient","id":"p1"}"# + "\n")
        let result = try CLI.run(["ingest", "--db", s.db, "--from", "fhir", "--principals", principals, patient])
        #expect(result.status == 65)
        #expect(result.stderr.contains("p.yaml:2: \"Testkommun\": unknown kind (expected one of municipality, ngo, private, region, state)"))
        #expect(try CLI.run(["ingest", "--db", s.db, "--principals", principals, patient]).status == 64, "--principals goes with --from fhir")
        let shown = try CLI.run(["fhir", "map", "show"])
        let map = try s.write("map.yaml", shown.stdout)
        #expect(try CLI.run(["fhir", "map", "check", map]).stdout == "ok: \(map)\n")
    }
}
