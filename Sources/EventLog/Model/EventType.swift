/// The event types of the contract and what each requires of its `data`.
package enum EventType {
    package static let actorRegistered = "actor.registered"
    package static let responsibilityAssumed = "responsibility.assumed"
    package static let responsibilityReleased = "responsibility.released"
    package static let handoverInitiated = "handover.initiated"
    package static let handoverAccepted = "handover.accepted"
    package static let handoverRejected = "handover.rejected"
    package static let needIdentified = "need.identified"
    package static let needResolved = "need.resolved"
    package static let assessment = "assessment"
    package static let contact = "contact"
    package static let admission = "admission"
    package static let dischargeReady = "discharge.ready"
    package static let discharge = "discharge"
    package static let notificationSent = "notification.sent"
    package static let referralSent = "referral.sent"
    package static let referralAnswered = "referral.answered"
    package static let planEstablished = "plan.established"
    package static let planReviewed = "plan.reviewed"
    package static let planClosed = "plan.closed"
    package static let experienceReported = "experience.reported"
    package static let personDeceased = "person.deceased"
    package static let eventRetracted = "event.retracted"

    /// gapwatch's own events: an acknowledgement of a finding, and a silence of alerts.
    package static let gapwatchAck = "x-gapwatch.ack"
    package static let gapwatchSilence = "x-gapwatch.silence"

    /// Types whose `person` may be absent: events about no one person.
    package static let personOptional: Set<String> = [gapwatchSilence]

    /// The scope that admission and discharge set and end.
    package static let inpatientScope = "inpatient"

    /// What a field of `data` must be.
    enum FieldKind: Equatable {
        case string
        case timestamp
        case stringList
        case oneOf([String])
        /// One e-mail address (``EmailAddress``).
        case email
        /// The id of an earlier event of this type (`nil`: any type but a retraction).
        case reference(String?)
    }

    /// One field rule: name, kind, required.
    struct Field {
        let name: String
        let kind: FieldKind
        let required: Bool
    }

    private static func req(_ name: String, _ kind: FieldKind = .string) -> Field { Field(name: name, kind: kind, required: true) }
    private static func opt(_ name: String, _ kind: FieldKind = .string) -> Field { Field(name: name, kind: kind, required: false) }

    /// The `data` fields each known type checks. Fields not listed are kept, not checked.
    static let fields: [String: [Field]] = [
        actorRegistered: [
            req("name"), req("principal", .oneOf(["region", "municipality", "private", "ngo", "state"])),
            req("principal_name"), req("kind"), opt("email", .email),
        ],
        responsibilityAssumed: [req("scope"), opt("role")],
        responsibilityReleased: [req("scope"), opt("reason")],
        handoverInitiated: [req("scope"), req("to")],
        handoverAccepted: [req("handover", .reference(handoverInitiated))],
        handoverRejected: [req("handover", .reference(handoverInitiated))],
        needIdentified: [req("scope")],
        needResolved: [req("scope")],
        assessment: [opt("kind"), opt("needs", .stringList), opt("next_due", .timestamp)],
        contact: [opt("mode", .oneOf(["visit", "home-visit", "phone", "video", "meeting"])), opt("scope")],
        admission: [opt("ward")],
        dischargeReady: [],
        discharge: [],
        notificationSent: [req("kind"), opt("to")],
        referralSent: [req("to"), opt("scope")],
        referralAnswered: [req("referral", .reference(referralSent)), opt("outcome", .oneOf(["accepted", "declined"]))],
        planEstablished: [req("kind"), opt("lead"), opt("participants", .stringList), opt("review_by", .timestamp)],
        planReviewed: [req("plan", .reference(planEstablished)), opt("review_by", .timestamp)],
        planClosed: [req("plan", .reference(planEstablished))],
        experienceReported: [opt("category"), opt("text"), opt("reporter", .oneOf(["person", "relative"])), opt("scope")],
        personDeceased: [],
        eventRetracted: [req("target", .reference(nil)), req("reason")],
        gapwatchAck: [req("finding"), opt("note")],
        gapwatchSilence: [req("rule"), req("until", .timestamp), req("reason"), opt("actor")],
    ]

    /// The known types, each with a code from 1 (0 is every custom type).
    package static let coded: [String] = fields.keys.sorted()
    private static let codes: [String: UInt8] = Dictionary(uniqueKeysWithValues: coded.enumerated().map { ($1, UInt8($0 + 1)) })

    /// A known type's code (1…63), or 0 for a custom type.
    package static func code(of type: String) -> UInt8 { codes[type] ?? 0 }

    private static let codedUTF8: [[UInt8]] = coded.map { Array($0.utf8) }

    /// A known type's name and code, found by the name's UTF-8 bytes (no string built).
    static func known(utf8 bytes: UnsafeBufferPointer<UInt8>) -> (name: String, code: UInt8)? {
        for (index, name) in codedUTF8.enumerated() where name.hasSameBytes(as: bytes) {
            return (coded[index], UInt8(index + 1))
        }
        return nil
    }

    /// Custom types start with `x-`.
    package static func isCustom(_ type: String) -> Bool { type.hasPrefix("x-") && type.count > 2 }

    /// The reference field of a type (`handover`, `referral`, `plan`, `target`), if it has one.
    package static func referenceField(of type: String) -> (field: String, expectedType: String?)? {
        for field in fields[type] ?? [] {
            if case .reference(let expected) = field.kind { return (field.name, expected) }
        }
        return nil
    }
}
