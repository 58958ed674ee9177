import Foundation
import TestSupport
import Testing

/// What people read, kept as reviewed golden files under Tests/Golden: every help text, the
/// table and CSV of `gaps`, a digest and a person audit of one fixed population. A change to
/// any of them shows as a diff to review; `GAPWATCH_RECORD_GOLDEN=1 swift test` records them.
@Suite struct GoldenOutputTests {
    /// 60 generated persons, ingested at a fixed time and scanned as of 2027-01-01.
    final class Population: Sendable {
        let scratch: Scratch

        init() throws {
            scratch = try Scratch()
            let generated = try CLI.run(["generate", "--persons", "60", "--seed", "11"])
            let input = try scratch.write("population.jsonl", generated.stdout)
            let ingest = try CLI.run(["ingest", "--db", scratch.db, "--recorded-at", "2027-01-01T02:00:00+01:00", input])
            let scan = try CLI.run(["scan", "--db", scratch.db, "--as-of", "2027-01-01"])
            guard generated.status == 0, ingest.status == 0, scan.status == 0 else {
                throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: ingest.stderr + scan.stderr])
            }
        }

        /// Runs a command on the population's store; its stdout with the store's folder named `STORE`.
        func run(_ arguments: [String]) throws -> String {
            let result = try CLI.run(arguments + ["--db", scratch.db])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result.stdout.replacingOccurrences(of: scratch.path, with: "STORE")
        }
    }

    static let population = Result { try Population() }

    static let commands = ["", "ingest", "verify", "gaps", "scan", "digest", "ack", "silence", "audit", "stats", "access-log", "rules", "fhir", "generate", "demo"]

    func expectGolden(_ output: String, _ file: String) throws {
        let mismatch = try Golden.mismatch(output, file: "Tests/Golden/" + file)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test(arguments: commands) func helpText(_ command: String) throws {
        let result = try CLI.run(command.isEmpty ? ["--help"] : ["help", command])
        #expect(result.status == 0)
        try expectGolden(result.stdout, "help/\(command.isEmpty ? "gapwatch" : command).txt")
    }

    @Test(arguments: ["table", "csv"]) func findings(_ format: String) throws {
        let output = try Self.population.get().run(["gaps", "--as-of", "2027-01-01", "--status", "all", "--format", format])
        #expect(output.split(separator: "\n").count > 20)
        try expectGolden(output, "gaps.\(format)")
    }

    /// The Message-ID names this machine, and the MIME boundary is made from it: both are
    /// written as placeholders so that the file holds on any host. Besides the mbox, each
    /// message's text and HTML parts are kept decoded, to be read as a coordinator reads them.
    @Test(arguments: ["sv", "en"]) func digest(_ language: String) throws {
        let mbox = try Self.population.get().run([
            "digest", "--as-of", "2027-01-01T06:00:00+01:00", "--to", "samordning@example.se", "--from", "gapwatch@example.se", "--dry-run",
            "--lang", language,
        ])
        let host = ProcessInfo.processInfo.hostName
        let stable = mbox.replacingOccurrences(of: "@" + host + ">", with: "@HOST>")
            .replacingOccurrences(of: #"gapwatch-[0-9a-f]{24}"#, with: "gapwatch-BOUNDARY", options: .regularExpression)
        #expect(stable.contains("Subject: "))
        try expectGolden(stable, "digest.\(language).mbox")
        for (type, ext) in [("text/plain", "txt"), ("text/html", "html")] {
            let parts = Self.decodedParts(of: stable, type: type)
            #expect(parts.count > 3)
            try expectGolden(parts.joined(separator: type == "text/html" ? "\n" : "\n\n----\n\n"), "digest.\(language).\(ext)")
        }
    }

    /// The base64 parts of one content type, decoded, in the order of the messages.
    static func decodedParts(of mbox: String, type: String) -> [String] {
        let lines = mbox.components(separatedBy: "\n")
        return lines.indices.filter { lines[$0] == "Content-Type: \(type); charset=utf-8" }.map { start in
            String(decoding: Data(base64Encoded: lines[(start + 3)...].prefix { !$0.hasPrefix("--gapwatch") }.joined()) ?? Data(), as: UTF8.self)
        }
    }

    @Test(arguments: ["sv", "en"]) func personAudit(_ language: String) throws {
        let population = try Self.population.get()
        let lines = try population.run(["gaps", "--as-of", "2027-01-01", "--status", "all", "--format", "json"])
        let first = try #require(lines.split(separator: "\n").first)
        let finding = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let person = try #require(finding["person"] as? String)
        let audit = try population.run(["audit", "--person", person, "--as-of", "2027-01-01", "--format", "md", "--as", "golden-test", "--lang", language])
        #expect(audit.contains(language == "sv" ? "Tillsynsunderlag" : "Supervision audit"))
        try expectGolden(audit, "audit-person.\(language).md")
    }

    @Test(arguments: ["sv", "en"]) func organisationAudit(_ language: String) throws {
        let audit = try Self.population.get().run([
            "audit", "--principal", "Norrköpings kommun", "--from", "2026-01-01", "--as-of", "2027-01-01", "--format", "md", "--as", "golden-test",
            "--lang", language,
        ])
        try expectGolden(audit, "audit-organisation.\(language).md")
    }

    @Test(arguments: ["sv", "en"]) func statistics(_ language: String) throws {
        let csv = try Self.population.get().run(["stats", "--as-of", "2027-01-01", "--by", "principal", "--per", "quarter", "--lang", language])
        try expectGolden(csv, "stats.\(language).csv")
    }
}
