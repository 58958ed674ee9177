import Crypto
import EventLog
import Foundation

/// An RFC 5322 message with a MIME multipart/alternative body (plain text and HTML, UTF-8,
/// base64), header words encoded per RFC 2047 when they are not ASCII.
package struct MailMessage: Sendable {
    package let from: String
    package let to: String
    package let subject: String
    package let date: Instant
    /// Without angle brackets, e.g. `gapwatch.12.3f2a…@host`.
    package let messageID: String
    package let text: String
    package let html: String

    package init(from: String, to: String, subject: String, date: Instant, messageID: String, text: String, html: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.text = text
        self.html = html
    }

    /// A message id made from what the message tells: its recipient, the digest delivered to
    /// it before (`previous`, its time), and its notices. A digest that was sent but not
    /// recorded (a run killed while sendmail ran) is sent again with the same id next run, as
    /// long as it tells the same, so mail systems and clients drop the duplicate; once a digest
    /// is recorded, the next one has a new id even if it repeats a reminder.
    package static func makeID(recipient: String, previous: Instant?, notices: [(finding: String, kind: SentNotice.Kind)], domain: String) -> String {
        var text = recipient + "\u{1F}" + (previous.map { String($0.microseconds) } ?? "first")
        for notice in notices.map({ $0.finding + "\u{1F}" + $0.kind.rawValue }).sorted() { text += "\u{1E}" + notice }
        return "gapwatch.\(HashChain.hex(Array(SHA256.hash(data: Array(text.utf8)).prefix(16))))@\(domain)"
    }

    /// The message with LF line ends (for mbox and sendmail); `crlf` gives the wire form.
    ///
    /// No stored text can add a header or a recipient: an address that is not exactly one
    /// address, and any header text with a byte outside printable ASCII (a line end among them),
    /// is written as RFC 2047 encoded words, which hold no line end.
    package func rendered(crlf: Bool = false) -> String {
        let boundary = "gapwatch-" + HashChain.hex(Array(SHA256.hash(data: Array(messageID.utf8)).prefix(12)))
        var lines = Self.header("From", address: from) + Self.header("To", address: to) + Self.header("Subject", text: subject) + [
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "This is a MIME message: a plain-text part and an HTML part.",
            "",
        ]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines += [
                "--" + boundary,
                "Content-Type: \(type); charset=utf-8",
                "Content-Transfer-Encoding: base64",
                "",
            ]
            lines += Data(body.utf8).base64EncodedString(options: .lineLength76Characters)
                .components(separatedBy: "\r\n")
        }
        lines += ["--" + boundary + "--", ""]
        return lines.joined(separator: crlf ? "\r\n" : "\n")
    }

    /// An address header: the address as it is when it is exactly one address, else encoded
    /// (a mail system then refuses it rather than reading a second header or recipient).
    static func header(_ name: String, address: String) -> [String] {
        EmailAddress.isValid(address) ? ["\(name): \(address)"] : header(name, encoding: address)
    }

    /// A text header: as it is when it is printable ASCII, else RFC 2047 encoded words.
    static func header(_ name: String, text: String) -> [String] {
        text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) ? ["\(name): \(text)"] : header(name, encoding: text)
    }

    /// `=?UTF-8?B?…?=` words of at most 45 bytes of text each, one per line (folded lines).
    private static func header(_ name: String, encoding value: String) -> [String] {
        var words: [String] = []
        var chunk = ""
        for character in value {
            if (chunk + String(character)).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty || words.isEmpty { words.append(chunk) }
        let encoded = words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }
        return ["\(name): " + encoded[0]] + encoded.dropFirst().map { " " + $0 }
    }

    /// `Mon, 23 Nov 2026 06:00:00 +0000`.
    static func rfc5322Date(_ instant: Instant) -> String { utc(instant, "EEE, dd MMM yyyy HH:mm:ss '+0000'") }

    /// `Mon Nov 23 06:00:00 2026`, for mbox `From ` lines.
    static func asctime(_ instant: Instant) -> String { utc(instant, "EEE MMM dd HH:mm:ss yyyy") }

    private static func utc(_ instant: Instant, _ format: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = format
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(instant.microseconds / 1_000_000)))
    }
}
