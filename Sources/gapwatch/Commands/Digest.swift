import ArgumentParser
import EventLog
import Foundation
import GapEngine
import Nightly

extension Gapwatch {
    struct Digest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "E-mail the alert digest: one message per recipient (for cron, after gapwatch scan).",
            discussion: """
                Recipients: every actor concerned by a finding (before, after, expected, and for a \
                finding no act opened the units holding the person) through the email of its \
                actor.registered; each --to address for everything; and with --routes FILE each \
                principal's coordination team and a rule's own recipients (docs/routing.md). Sections: \
                new since the last digest; closed, withdrawn and no longer checked since then; due soon (act now to prevent a gap); \
                still open (again only after --repeat). An alert is never sent twice: what was delivered \
                is recorded in the store, and a message that failed is sent again on the next run. Delivery \
                is at least once: a message sent by a run that was killed before recording it is sent \
                again, with the same Message-ID, which mail systems and clients drop as a duplicate. \
                Silenced findings (gapwatch silence) leave the digest; acknowledged ones (gapwatch ack) \
                are not reminded. Persons are masked.

                Output: an mbox stream on stdout (default), .eml files (--out DIR), or each message piped \
                to a sendmail-compatible command that reads recipients from the headers (--sendmail \
                "sendmail -t -i", "msmtp -t"). Exits 74 if any message could not be delivered.
                """)

        @OptionGroup var store: StoreOptions

        @Option(help: ArgumentHelp("A coordination address that receives every finding (repeatable).", valueName: "address"))
        var to: [String] = []

        @Option(help: ArgumentHelp(
            "A routing file (YAML): each principal's coordination address, and extra recipients per rule.",
            discussion: "See docs/routing.md. Its problems are reported as FILE:LINE: message.", valueName: "file"))
        var routes: String?

        @Option(help: ArgumentHelp("The From address. Default: gapwatch@<host name>.", valueName: "address"))
        var from: String?

        @Option(help: ArgumentHelp("Remind of a still-open finding again after this long.", valueName: "duration"))
        var `repeat`: String = "7d"

        @Option(name: .customLong("due-soon"), help: ArgumentHelp(
            "Announce obligations due within this long.",
            discussion: """
                Default: until the end of the next working day, since the next digest comes only then \
                (cron runs on working days): a Friday digest covers the weekend and Monday. Saturdays, \
                Sundays, Swedish public holidays and midsommarafton, julafton and nyårsafton are days off.
                """,
            valueName: "duration"))
        var dueSoon: String?

        @Option(name: .customLong("quiet-after"), help: ArgumentHelp(
            "Warn when an actor that usually sends events has sent none for this long.", valueName: "duration"))
        var quietAfter: String = "3d"

        @Option(name: .customLong("as-of"), help: ArgumentHelp("The time the digest is made. Default: now.", valueName: "time"))
        var asOf: String?

        @Option(help: ArgumentHelp("Write one .eml file per message into this folder, named by its recipient.", valueName: "dir"))
        var out: String?

        @Option(help: ArgumentHelp("Pipe each message to this command (run by /bin/sh).", valueName: "command"))
        var sendmail: String?

        @Flag(name: .customLong("dry-run"), help: "Show the messages without recording them as sent.")
        var dryRun = false

        @OptionGroup var lang: LanguageOption

        func validate() throws {
            if out != nil && sendmail != nil { throw ValidationError("choose one of --out and --sendmail") }
            for (flag, address) in to.map({ ("--to", $0) }) + (from.map { [("--from", $0)] } ?? []) where !EmailAddress.isValid(address) {
                throw ValidationError("\(flag) takes one e-mail address, local@domain")
            }
        }

        func run() throws {
            try reportingErrors {
                let rulebook = Rulebook.standard
                let routing = try routes.map { path in
                    try loadYAMLFile(path) { text throws(RulebookErrors) in try Routes.parse(text, ruleIDs: Set(rulebook.rules.map(\.id))) }
                } ?? Routes()
                var policy = DigestPolicy(now: try asOf.map { try parseTime($0, flag: "--as-of", in: rulebook) } ?? currentInstant())
                policy.repeatEvery = try fixedDuration(`repeat`, flag: "--repeat")
                policy.dueSoonThrough = try dueSoon.map { policy.now.adding(microseconds: try fixedDuration($0, flag: "--due-soon")) }
                    ?? SwedishWorkingDays.endOfNextWorkingDay(after: policy.now, in: rulebook.timeZone)
                policy.quietAfter = try fixedDuration(quietAfter, flag: "--quiet-after")
                let host = ProcessInfo.processInfo.hostName
                let delivery: DigestRun.Delivery
                if let out {
                    // Its owner's only, as the messages in it: their names hold the recipients.
                    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                    delivery = .directory(out)
                } else if let sendmail {
                    delivery = .sendmail(sendmail)
                } else {
                    let output = OutputBuffer()
                    delivery = .mbox { text in
                        output.line(text)
                        output.flush()
                    }
                }
                let run = DigestRun(
                    store: try store.open(create: false), timeZone: rulebook.timeZone, policy: policy, coordination: to, routes: routing,
                    from: from ?? "gapwatch@\(host)", domain: host, delivery: delivery, dryRun: dryRun,
                    language: lang.language, titles: rulebook.titles(in: lang.language))
                let outcome: DigestRun.Outcome
                do {
                    outcome = try run.run()
                } catch let failure as DigestRun.Failure {
                    throw CLIError(Exit.noInput, failure.description)
                }
                for actor in outcome.unusableAddresses {
                    Console.error("the registered e-mail of actor \(actor) is not one address: nothing was sent to it (register it again)")
                }
                Console.note(dryRun
                    ? "digest (dry run): \(outcome.delivered.count) messages made (\(outcome.lines) lines); nothing was sent or recorded"
                    : "digest: \(outcome.delivered.count) messages delivered (\(outcome.lines) lines), \(outcome.failed.count) failed")
                if !outcome.failed.isEmpty {
                    throw CLIError(Exit.ioError, lines: outcome.failed.map { "could not deliver the digest to \($0.recipient): \($0.reason); it will be sent again next run" })
                }
            }
        }
    }
}

/// A fixed duration (`90m`, `4h`, `3d`, `2w`) in microseconds.
func fixedDuration(_ text: String, flag: String) throws -> Int64 {
    guard case .fixed(let microseconds)? = RuleDuration(text) else {
        throw CLIError(Exit.usage, "\(flag): not a duration like 90m, 4h, 3d or 2w")
    }
    return microseconds
}

