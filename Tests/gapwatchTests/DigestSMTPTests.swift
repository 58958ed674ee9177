import Foundation
import Testing

/// The digest through a real SMTP path on loopback: `gapwatch digest --sendmail "msmtp …"` hands
/// each message to msmtp, which delivers it to an aiosmtpd server; the test then parses what the
/// server received. CI installs both (`.ci/run`) and sets GAPWATCH_REQUIRE_SMTP_TEST=1, which
/// turns missing tools into a failure instead of a skip.
@Suite struct DigestSMTPTests {
    static let sink = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support/smtp_sink.py").path
    static let toolsPresent: Bool = Tools.available("command -v msmtp >/dev/null && python3 -c 'import aiosmtpd' 2>/dev/null")
    static let required = ProcessInfo.processInfo.environment["GAPWATCH_REQUIRE_SMTP_TEST"] == "1"

    @Test func theToolsAreThereWhenCIRequiresThem() {
        #expect(Self.toolsPresent || !Self.required, "install msmtp (Debian) and aiosmtpd (PyPI): .ci/run does")
    }

    @Test(.enabled(if: toolsPresent)) func aDigestTravelsThroughSMTPAsOneValidMessagePerRecipient() throws {
        let s = try Scratch()
        let maildir = s.path + "/maildir"
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", Self.sink, "serve", maildir]
        let portPipe = Pipe(), stdin = Pipe()
        server.standardOutput = portPipe
        server.standardInput = stdin
        try server.run()
        defer {
            try? stdin.fileHandleForWriting.close()
            server.waitUntilExit()
        }
        var portText = ""
        while !portText.hasSuffix("\n") {
            let byte = portPipe.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            portText += String(decoding: byte, as: UTF8.self)
        }
        let port = try #require(Int(portText.trimmingCharacters(in: .whitespacesAndNewlines)), "the SMTP sink did not start")

        let events = """
            {"id":"r1","type":"actor.registered","at":"2020-01-01T00:00:00Z","actor":"region/ward","data":{"name":"Avdelning 3","principal":"region","principal_name":"Region Östergötland","kind":"hospital-ward","email":"ward@region.example"}}
            {"id":"r2","type":"actor.registered","at":"2020-01-01T00:00:00Z","actor":"kommun/hem","data":{"name":"Hemtjänst Öst","principal":"municipality","principal_name":"Norrköpings kommun","kind":"home-care","email":"hem@kommun.example"}}
            {"id":"e3","type":"handover.initiated","person":"194001011230","at":"2026-03-06T09:00:00Z","actor":"region/ward","data":{"scope":"home-care","to":"kommun/hem"}}
            {"id":"e4","type":"discharge","person":"19400101-1230","at":"2026-03-06T13:00:00Z","actor":"region/ward"}
            {"id":"e5","type":"need.identified","person":"19400101-1230","at":"2026-03-06T13:00:00Z","actor":"region/ward","data":{"scope":"home-care"}}
            """
        #expect(try CLI.run(["ingest", "--db", s.db, "--recorded-at", "2026-03-07T08:00:00Z", try s.write("e.jsonl", events)]).status == 0)
        #expect(try CLI.run(["scan", "--db", s.db, "--as-of", "2026-03-07T09:00:00Z"]).status == 0)
        let sendmail = "msmtp --host=127.0.0.1 --port=\(port) --auth=off --tls=off --from=gapwatch@test.example -t"
        let digest = try CLI.run(["digest", "--db", s.db, "--to", "samordning@kommun.example", "--as-of", "2026-03-07T10:00:00Z", "--lang", "en",
                                  "--from", "gapwatch@test.example", "--sendmail", sendmail])
        #expect(digest.status == 0, "\(digest.stderr)")
        #expect(digest.stderr.contains("digest: 3 messages delivered"))

        let read = Process()
        read.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        read.arguments = ["python3", Self.sink, "read", maildir]
        let out = Pipe()
        read.standardOutput = out
        try read.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        read.waitUntilExit()
        let messages = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(messages.map { $0["to"] as? String } == ["hem@kommun.example", "samordning@kommun.example", "ward@region.example"])
        for message in messages {
            #expect((message["rcpt"] as? String) == (message["to"] as? String))
            #expect((message["subject"] as? String)?.hasPrefix("gapwatch: ") == true)
            #expect((message["content_type"] as? String) == "multipart/alternative")
            #expect((message["message_id"] as? String)?.hasPrefix("<gapwatch.") == true)
            #expect((message["date"] as? String)?.hasSuffix("+0000") == true)
            let parts = try #require(message["parts"] as? [[String: String]])
            #expect(parts.map { $0["type"] } == ["text/plain", "text/html"])
            #expect(parts.allSatisfy { $0["text"]!.contains("19400101-****") })
            let everything = (message["raw"] as! String) + parts.map { $0["text"]! }.joined()
            #expect(everything.range(of: "[0-9]{8}-?[0-9]{4}", options: .regularExpression) == nil)
        }
        let coordination = try #require(messages.first { $0["to"] as? String == "samordning@kommun.example" })
        let plain = (coordination["parts"] as! [[String: String]])[0]["text"]!
        #expect(plain.range(of: #"\[need-uncovered\] [0-9a-f]{4}-[0-9a-f]{4} \(critical\) Need without a responsible actor — 19400101-\*\*\*\*, home-care"#, options: .regularExpression) != nil)
        // The same digest again sends nothing: every alert was recorded as sent.
        let again = try CLI.run(["digest", "--db", s.db, "--to", "samordning@kommun.example", "--as-of", "2026-03-07T11:00:00Z", "--sendmail", sendmail])
        #expect(again.stderr.contains("digest: 0 messages delivered"))
    }
}
