import Foundation
import Testing

/// `gapwatch audit` through the binary: reproducible bytes, the access log, and the HTML in a
/// real browser.
@Suite struct AuditTests {
    static let scenario = CLI.repositoryRoot.appendingPathComponent("fixtures/scenarios/01-discharge-handover-late/events.jsonl").path

    private func store() throws -> Scratch {
        let s = try Scratch()
        #expect(try CLI.run(["ingest", "--db", s.db, "--recorded-at", "2026-03-10T00:00:00Z", Self.scenario]).status == 0)
        return s
    }

    @Test func theSameLogRulebookAndTimesGiveAByteIdenticalReport() throws {
        let s = try store()
        for format in ["html", "md", "json"] {
            let arguments = ["audit", "--db", s.db, "--person", "19400101-1230", "--as-of", "2026-03-20", "--format", format, "--as", "test"]
            let a = try CLI.run(arguments), b = try CLI.run(arguments)
            #expect(a.status == 0, "\(a.stderr)")
            #expect(a.stdout == b.stdout && a.stdout.count > 1000, "\(format)")
            #expect(a.stdout.contains("gapwatch audit --db \(s.db) --person 19400101-**** --as-of 2026-03-19T23:00:00Z --format \(format)"))
            #expect(a.stdout.range(of: "19400101-?1230") == nil)
        }
    }

    @Test func everyPersonLevelReadIsLogged() throws {
        let s = try store()
        #expect(try CLI.run(["audit", "--db", s.db, "--person", "19400101-1230", "--unmask"]).status == 64, "--unmask needs --purpose")
        _ = try CLI.run(["audit", "--db", s.db, "--person", "194001011230", "--as", "ivo/inspektor", "--purpose", "tillsyn 2026:12", "--unmask", "--out", s.path + "/r.html"])
        _ = try CLI.run(["gaps", "--db", s.db, "--person", "19400101-1230", "--as", "samordnare"])
        _ = try CLI.run(["audit", "--db", s.db, "--actor", "norrkoping/hemtjanst-ost", "--sample", "1", "--seed", "3", "--as", "kvalitet", "--out", s.path + "/o.html"])
        let log = try CLI.run(["access-log", "--db", s.db, "--format", "json"])
        let lines = log.stdout.split(separator: "\n")
        #expect(lines.count == 3, "\(log.stdout)")
        #expect(lines[0].contains("\"command\":\"audit --person\"") && lines[0].contains("\"who\":\"ivo/inspektor\"")
            && lines[0].contains("\"purpose\":\"tillsyn 2026:12\"") && lines[0].contains("\"unmasked\":true"))
        #expect(lines[1].contains("\"command\":\"gaps --person\"") && lines[1].contains("\"who\":\"samordnare\""))
        #expect(lines[2].contains("\"command\":\"audit --sample\"") && lines[2].contains("\"person\":\"19400101-1230\""))
        let table = try CLI.run(["access-log", "--db", s.db, "--person", "19400101-1230"])
        #expect(table.stdout.contains("19400101-****") && !table.stdout.contains("19400101-1230"))
        let unmasked = try String(contentsOfFile: s.path + "/r.html", encoding: .utf8)
        #expect(unmasked.contains("19400101-1230"))
        let attributes = try FileManager.default.attributesOfItem(atPath: s.path + "/r.html")
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test func anOrganisationAuditShowsTheInterfaceMatrix() throws {
        let s = try store()
        let report = try CLI.run(["audit", "--db", s.db, "--principal", "Norrköpings kommun", "--as-of", "2026-03-20", "--format", "md", "--lang", "en"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("# Supervision audit: principal Norrköpings kommun"))
        #expect(report.stdout.contains("| Handover neither accepted nor rejected (`handover-unanswered`) | 1 | 0 |"))
        #expect(report.stdout.contains("## Interface matrix"))
    }

    static let browserPresent: Bool = Tools.available("command -v chromium >/dev/null && command -v pdftotext >/dev/null && python3 -c 'import PIL' 2>/dev/null")

    @Test func theBrowserIsThereWhenCIRequiresIt() {
        let required = ProcessInfo.processInfo.environment["GAPWATCH_REQUIRE_BROWSER_TEST"] == "1"
        #expect(Self.browserPresent || !required, "install chromium and poppler-utils (Debian) and Pillow (PyPI): .ci/run does")
    }

    @Test(.enabled(if: browserPresent)) func theReportRendersInARealBrowserToPNGAndPDF() throws {
        let s = try store()
        let report = s.path + "/audit.html"
        #expect(try CLI.run(["audit", "--db", s.db, "--person", "19400101-1230", "--as-of", "2026-03-20", "--from", "2026-02-25", "--out", report, "--lang", "en"]).status == 0)
        let seen = try Self.render(report, into: s.path, expecting: ["Responsibility timeline", "needs of the person"])
        #expect((seen["non_white"] as? Double ?? 0) > 0.05, "the page is blank: \(seen)")
        #expect((seen["need_pixels"] as? Int ?? 0) > 200, "the timeline's need bar is missing: \(seen)")
        #expect((seen["gap_pixels"] as? Int ?? 0) > 50, "the timeline's gaps are missing: \(seen)")
        #expect(FileManager.default.fileExists(atPath: s.path + "/report.pdf"))
    }

    /// The Swedish HTML digest and both audits, as a browser draws them (issue 26, item 4).
    @Test(.enabled(if: browserPresent)) func theSwedishDigestAndAuditsRenderInABrowser() throws {
        let s = try Scratch()
        let population = try GoldenOutputTests.population.get()
        let mbox = try population.run(["digest", "--as-of", "2027-01-01T06:00:00+01:00", "--to", "samordning@example.se", "--dry-run"])
        let html = try #require(GoldenOutputTests.decodedParts(of: mbox, type: "text/html").first)
        try html.write(toFile: s.path + "/digest.html", atomically: true, encoding: .utf8)
        let person = try #require(try Self.firstPerson(in: population))
        _ = try population.run(["audit", "--person", person, "--as-of", "2027-01-01", "--out", s.path + "/person.html", "--as", "test"])
        _ = try population.run(["audit", "--principal", "Norrköpings kommun", "--from", "2026-01-01", "--as-of", "2027-01-01", "--out", s.path + "/organisation.html", "--as", "test"])
        let expected = [
            "digest": ["gapwatch: sammanställning", "Nya sedan förra sammanställningen", "Förfaller snart"],
            "person": ["Tillsynsunderlag: person", "Tidslinje över ansvar", "personens behov", "Vad som var känt när"],
            "organisation": ["Tillsynsunderlag: huvudman Norrköpings kommun", "Per enhet, jämfört med de andra", "Per huvudman"],
        ]
        for (name, texts) in expected {
            let folder = s.path + "/" + name
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let seen = try Self.render(s.path + "/\(name).html", into: folder, expecting: texts)
            #expect((seen["non_white"] as? Double ?? 0) > 0.02, "\(name) is blank: \(seen)")
        }
    }

    /// The person of the population's first finding.
    static func firstPerson(in population: GoldenOutputTests.Population) throws -> String? {
        let line = try population.run(["gaps", "--as-of", "2027-01-01", "--status", "all", "--format", "json"]).split(separator: "\n").first
        return line.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }?["person"] as? String
    }

    /// Runs render_check.py: draws the page to PNG and PDF and checks the PDF holds `texts`.
    static func render(_ page: String, into folder: String, expecting texts: [String]) throws -> [String: Any] {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support/render_check.py").path, page, folder] + texts
        let out = Pipe()
        check.standardOutput = out
        try check.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0)
        let seen = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((seen["missing"] as? [String]) == [], "\(page): \(seen)")
        return seen
    }
}
