import GapEngine

/// What a digest says, in the reader's language. The Swedish is written for coordinators and
/// unit managers (brist, huvudman, utskrivningsklar), not translated word by word.
struct DigestWording: Sendable {
    let language: Language
    let noDataFrom: @Sendable (Int) -> String
    let title: String
    let recipientLine: @Sendable (_ recipient: String, _ time: String, _ zone: String) -> String
    let summaryByRule: String
    let quietHeading: String
    let quietLine: @Sendable (_ actor: String, _ since: String, _ ago: String, _ events: String) -> String
    let more: @Sendable (Int) -> String
    let footer: @Sendable (_ zone: String) -> String
    let headAnchor: @Sendable (_ events: String, _ hash: String) -> String
    let headCheckTail: String
    let due: @Sendable (_ time: String, _ left: String) -> String
    let expected: @Sendable (_ actor: String) -> String
    let anyResponsible: String
    let retired: @Sendable (_ start: String, _ rule: String) -> String
    let flaggedFrom: @Sendable (String) -> String
    let between: @Sendable (_ before: String, _ after: String) -> String
    let since: @Sendable (String) -> String
    let lasted: @Sendable (String) -> String
    let openFor: @Sendable (String) -> String
    let noOneYet: String
    /// The columns of the HTML part's tables.
    let columns: [String]
    /// The actors a finding that no act opened concerns (those holding the person).
    let concerns: @Sendable (String) -> String
    let quietMark: @Sendable (String) -> String
    let heading: @Sendable (PlannedDigest.Section, _ reminderEvery: String) -> String
    /// A count's label in a subject or summary (`2 nya`, `1 ny`).
    let short: @Sendable (PlannedDigest.Section, _ count: Int) -> String

    static func of(_ language: Language) -> DigestWording { language == .sv ? swedish : english }

    static let swedish = DigestWording(
        language: .sv,
        noDataFrom: { "inga uppgifter från \($0) \($0 == 1 ? "aktör" : "aktörer")" },
        title: "gapwatch: sammanställning",
        recipientLine: { "Till \($0), \($1) (\($2))" },
        summaryByRule: "Sammanfattning per regel",
        quietHeading: "Inga uppgifter är inte detsamma som ingen vård: aktörer som brukar skicka händelser men nu inte har skickat några",
        quietLine: { "! \($0): inget sedan \($1) (för \($2) sedan; \($3) händelser dessförinnan). Brister som beror på aktören är märkta med !" },
        more: { "… och \($0) till: gapwatch gaps --status all" },
        footer: { "Tiderna är lokal tid (\($0)). Personer visas maskerade; slå upp en brist med dess referens: " },
        headAnchor: { "Loggens huvud: \($0) händelser, hash \($1). Spara detta meddelande: " },
        headCheckTail: " visar om loggen fortfarande når fram hit.",
        due: { "förfaller \($0) (om \($1))" },
        expected: { "väntar på: \($0)" },
        anyResponsible: "någon ansvarig aktör",
        retired: { "flaggad från \($0); regeln \($1) har ändrats eller tagits bort och kontrolleras inte längre" },
        flaggedFrom: { "flaggad från \($0)" },
        between: { "mellan \($0) och \($1)" },
        since: { "sedan \($0)" },
        lasted: { "varade \($0)" },
        openFor: { "öppen i \($0)" },
        noOneYet: "ingen ännu",
        columns: ["Ref", "Allvar", "Brist", "Person", "Område", "När och vilka"],
        concerns: { "berör \($0)" },
        quietMark: { " ! inga uppgifter från \($0) på sistone" },
        heading: { section, every in
            switch section {
            case .new: "Nya sedan förra sammanställningen"
            case .closed: "Avslutade sedan förra sammanställningen"
            case .withdrawn: "Återkallade: senare uppgifter visar att det aldrig fanns någon brist"
            case .retired: "Kontrolleras inte längre: regelboken har ändrats"
            case .dueSoon: "Förfaller snart: agera nu så uppstår ingen brist"
            case .reminder: "Fortfarande öppna (påminnelse var \(every))"
            }
        },
        short: { section, count in
            switch section {
            case .new: count == 1 ? "ny" : "nya"
            case .closed: count == 1 ? "avslutad" : "avslutade"
            case .withdrawn: count == 1 ? "återkallad" : "återkallade"
            case .retired: "kontrolleras inte längre"
            case .dueSoon: "förfaller snart"
            case .reminder: count == 1 ? "fortfarande öppen" : "fortfarande öppna"
            }
        })

    static let english = DigestWording(
        language: .en,
        noDataFrom: { "no data from \($0) actors" },
        title: "gapwatch digest",
        recipientLine: { "For \($0), \($1) (\($2))" },
        summaryByRule: "Summary by rule",
        quietHeading: "No data is not no care: actors that usually send events and have sent none",
        quietLine: { "! \($0): nothing since \($1) (\($2) ago; \($3) events before). Findings that depend on it are marked !" },
        more: { "… and \($0) more: gapwatch gaps --status all" },
        footer: { "Times are local (\($0)). Persons are masked; look a finding up by its reference: " },
        headAnchor: { "Log head: \($0) events, hash \($1). Keep this mail: " },
        headCheckTail: " tells whether the log still reaches it.",
        due: { "due \($0) (in \($1))" },
        expected: { "expected: \($0)" },
        anyResponsible: "any responsible actor",
        retired: { "flagged from \($0); rule \($1) was changed or removed, so it is no longer checked" },
        flaggedFrom: { "flagged from \($0)" },
        between: { "between \($0) and \($1)" },
        since: { "since \($0)" },
        lasted: { "lasted \($0)" },
        openFor: { "open for \($0)" },
        noOneYet: "no one yet",
        columns: ["Ref", "Severity", "Finding", "Person", "Scope", "When and who"],
        concerns: { "concerns \($0)" },
        quietMark: { " ! no data from \($0) lately" },
        heading: { section, every in
            switch section {
            case .new: "New since the last digest"
            case .closed: "Closed since the last digest"
            case .withdrawn: "Withdrawn: later records show there was no gap"
            case .retired: "No longer checked: the rulebook changed"
            case .dueSoon: "Due soon: act now to prevent a gap"
            case .reminder: "Still open (reminded every \(every))"
            }
        },
        short: { section, _ in
            switch section {
            case .new: "new"
            case .closed: "closed"
            case .withdrawn: "withdrawn"
            case .retired: "no longer checked"
            case .dueSoon: "due soon"
            case .reminder: "still open"
            }
        })
}
