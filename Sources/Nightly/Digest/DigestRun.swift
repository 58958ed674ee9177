import EventLog
import Foundation
import GapEngine

/// Makes and delivers the digests: one message per recipient, recorded in the store's
/// notification log only once delivered, so an alert is never sent twice and a message that
/// failed is sent again next time.
package struct DigestRun {
    /// Where messages go.
    package enum Delivery {
        /// As one mbox stream, to a writer (standard output).
        case mbox((String) throws -> Void)
        /// As `.eml` files in a folder, named by recipient and message id.
        case directory(String)
        /// Piped, one message at a time, to a sendmail-compatible command (run by `/bin/sh -c`);
        /// it must read the recipients from the headers, e.g. `sendmail -t` or `msmtp -t`.
        case sendmail(String)
    }

    /// What a run did.
    package struct Outcome: Sendable {
        package var delivered: [String] = []
        package var failed: [(recipient: String, reason: String)] = []
        /// Lines (notices) delivered.
        package var lines = 0
        /// Actors whose registered e-mail is not one address, so that nothing was sent to it.
        package var unusableAddresses: [String] = []
    }

    let store: any LedgerStore
    let timeZone: TimeZone
    let policy: DigestPolicy
    let coordination: [String]
    let routes: Routes
    let from: String
    let domain: String
    let delivery: Delivery
    let dryRun: Bool
    let language: Language
    /// Each rule's title in the digest's language, by the title findings carry.
    let titles: [String: String]

    package init(store: any LedgerStore, timeZone: TimeZone, policy: DigestPolicy, coordination: [String], routes: Routes = Routes(), from: String,
                domain: String, delivery: Delivery, dryRun: Bool, language: Language = .sv, titles: [String: String] = [:]) {
        self.store = store
        self.timeZone = timeZone
        self.policy = policy
        self.coordination = coordination
        self.routes = routes
        self.from = from
        self.domain = domain
        self.delivery = delivery
        self.dryRun = dryRun
        self.language = language
        self.titles = titles
    }

    /// Errors that stop a digest before any message is made.
    package enum Failure: Error, CustomStringConvertible {
        case noScanYet
        package var description: String { "no scan has run yet: run gapwatch scan first" }
    }

    package func run() throws -> Outcome {
        guard let latestScan = try store.latestScanID() else { throw Failure.noScanYet }
        let lastDigests = try store.lastDigests()
        let horizon = min(lastDigests.values.map(\.scan).min() ?? latestScan - 1, latestScan - 1)
        let actors = ActorDirectory(registrations: try store.actorRegistrations(knownAt: nil), asOf: policy.now, asKnownAt: nil)
        let planner = DigestPlanner(
            candidates: try store.digestCandidates(changedAfter: horizon),
            upcoming: try store.upcoming(dueAfter: policy.now, through: policy.dueSoonThrough),
            actors: actors,
            coordination: coordination, routes: routes, controls: Controls(events: try store.controlEvents()), activity: try store.actorActivity(),
            latestScan: latestScan, lastDigests: lastDigests, policy: policy)
        let renderer = DigestRenderer(timeZone: timeZone, policy: policy, actors: actors, language: language, titles: titles)
        let head = try store.head()
        var outcome = Outcome()
        outcome.unusableAddresses = actors.actors.filter { actors[$0]?.email.map { !EmailAddress.isValid($0) } ?? false }
        // Shared by the digests of one run: most findings go to several recipients.
        var references: [String: String] = [:]
        for digest in try planner.plan(history: store.notices(sentTo:)) {
            // What is only due soon is no finding yet: there is nothing to look up by reference.
            for line in digest.lines where line.section != .dueSoon && references[line.entry.finding.id] == nil {
                references[line.entry.finding.id] = try store.reference(ofFinding: line.entry.finding.id)
            }
            let rendered = renderer.render(digest, head: head, references: references)
            let message = MailMessage(
                from: from, to: digest.recipient, subject: rendered.subject, date: policy.now,
                messageID: MailMessage.makeID(recipient: digest.recipient, previous: lastDigests[digest.recipient]?.at,
                                              notices: digest.notices, domain: domain),
                text: rendered.text, html: rendered.html)
            do {
                try deliver(message)
            } catch {
                outcome.failed.append((digest.recipient, "\(error)"))
                continue
            }
            outcome.delivered.append(digest.recipient)
            outcome.lines += digest.lines.count
            if !dryRun {
                try store.record(DeliveredDigest(
                    recipient: digest.recipient, messageID: message.messageID, createdAt: policy.now, scan: latestScan,
                    notices: digest.notices))
            }
        }
        return outcome
    }

    /// Why a delivery failed.
    struct DeliveryError: Error, CustomStringConvertible {
        let description: String
    }

    /// `samordning@norrkoping.se.gapwatch.3f2a….eml`: whom it is for, then the id's own part;
    /// a byte that does not belong in a file name is `_`.
    static func fileName(of message: MailMessage) -> String {
        let safe = { (text: Substring) in
            String(text.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "@.+-_".unicodeScalars.contains($0)) ? Character($0) : "_" })
        }
        return safe(Substring(message.to)) + "." + safe(message.messageID.split(separator: "@")[0]) + ".eml"
    }

    private func deliver(_ message: MailMessage) throws {
        switch delivery {
        case .mbox(let write):
            let body = message.rendered().split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix("From ") ? ">" + $0 : String($0) }.joined(separator: "\n")
            try write("From \(from) \(MailMessage.asctime(message.date))\n" + body + "\n")
        case .directory(let folder):
            // A folder of outputs: a message sent again replaces its earlier file.
            try PrivateFile.write(message.rendered(crlf: true).utf8, to: folder + "/" + Self.fileName(of: message), replacing: true)
        case .sendmail(let command):
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            let input = Pipe()
            process.standardInput = input
            process.standardOutput = FileHandle.standardError
            try process.run()
            input.fileHandleForWriting.write(Data(message.rendered().utf8))
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw DeliveryError(description: "the sendmail command exited with status \(process.terminationStatus)")
            }
        }
    }
}
