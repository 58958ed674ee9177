import EventLog

/// A notice a digest sent: which finding, in which section.
package struct SentNotice: Sendable, Equatable {
    package enum Kind: String, Sendable, CaseIterable {
        case new, closed, withdrawn, reminder
        case dueSoon = "due-soon"
    }

    package let finding: String
    package let kind: Kind
    package let sentAt: Instant

    package init(finding: String, kind: Kind, sentAt: Instant) {
        self.finding = finding
        self.kind = kind
        self.sentAt = sentAt
    }
}

/// One digest as delivered to one recipient.
package struct DeliveredDigest: Sendable {
    package let recipient: String
    package let messageID: String
    package let createdAt: Instant
    /// The newest scan the digest reported on.
    package let scan: Int64
    package let notices: [(finding: String, kind: SentNotice.Kind)]

    package init(recipient: String, messageID: String, createdAt: Instant, scan: Int64, notices: [(finding: String, kind: SentNotice.Kind)]) {
        self.recipient = recipient
        self.messageID = messageID
        self.createdAt = createdAt
        self.scan = scan
        self.notices = notices
    }
}
