import GapEngine

/// What an audit says, in the reader's language. The Swedish follows IVO's own words
/// (tillsyn, huvudman, brist, utskrivningsklar), not the English word by word.
struct AuditWording: Sendable {
    let language: Language
    // The header.
    let title: String
    let subjectKind: @Sendable (String) -> String
    let subject: String, masked: String, period: String, beginningOfLog: String, to: String
    let asOf: String, asOfNote: String, asKnownAt: String, asKnownAtNote: String, everything: String
    let rulebook: String, eventLog: String, eventsAndHead: @Sendable (_ events: String, _ head: String) -> String, reproduce: String
    let reproduceMasked: String
    // A person.
    let timeline: String, findings: String, noFindingsInPeriod: String, noFindings: String
    let open: String, closed: String, reference: String, now: String, nowOpen: String
    let interval: String, scope: String, between: String, noOneYet: String, concerns: String, ruleEnforces: String, evidence: String
    let evidenceColumns: [String]
    let knownWhen: String, knownWhenColumns: [String], noLatency: String
    let withdrawn: String, withdrawnColumns: [String], none: String
    let ownWords: String, noReports: String, noText: String, noReporter: String
    let need: String, holds: String, gap: String, death: String
    // An organisation.
    let findingsForPersons: @Sendable (_ findings: String, _ persons: String) -> String
    let byRule: String, byRuleColumns: [String]
    let byUnit: String, byUnitNote: String, byUnitColumns: [String]
    let trend: String, trendColumns: [String]
    let matrix: String, matrixNote: String, matrixByUnit: String, matrixByPrincipal: String, matrixCorner: String
    let pairColumns: [String], morePairs: @Sendable (Int) -> String
    let noActor: String, unregistered: String
    // The timeline's legend and labels.
    let needsLane: String, legend: [String], deadlineOf: String

    static func of(_ language: Language) -> AuditWording { language == .sv ? swedish : english }

    static let swedish = AuditWording(
        language: .sv,
        title: "Tillsynsunderlag",
        subjectKind: { kind in
            switch kind {
            case "actor": "aktör"
            case "principal": "huvudman"
            default: "person"
            }
        },
        subject: "Avser", masked: " (maskerad)", period: "Period", beginningOfLog: "loggens början", to: "till",
        asOf: "Bedömt per", asOfNote: "händelser efter denna tidpunkt har inte inträffat",
        asKnownAt: "Med kännedom per", asKnownAtNote: "(bara händelser registrerade till dess)", everything: "allt i loggen",
        rulebook: "Regelbok", eventLog: "Händelselogg", eventsAndHead: { "\($0) händelser, huvud \($1)" }, reproduce: "Återskapa med",
        reproduceMasked: " (personen är maskerad: ange personnumret i sin helhet, eller kör med --unmask --purpose)",
        timeline: "Tidslinje över ansvar", findings: "Brister", noFindingsInPeriod: "Inga brister under perioden.", noFindings: "Inga brister.",
        open: "öppen", closed: "avslutad", reference: "ref", now: "nu", nowOpen: "nu (öppen)",
        interval: "Tidsintervall", scope: "Ansvarsområde", between: "Mellan", noOneYet: "ingen ännu", concerns: "berör", ruleEnforces: "Regeln bygger på",
        evidence: "Underlag",
        evidenceColumns: ["händelse", "typ", "tidpunkt", "registrerad", "aktör"],
        knownWhen: "Vad som var känt när",
        knownWhenColumns: ["brist", "kunde upptäckas (förfallen)", "underlaget registrerat", "kunde vara känd", "fördröjning i upptäckten"],
        noLatency: "ingen",
        withdrawn: "Återkallade: flaggade en gång, motbevisade av senare uppgifter",
        withdrawnColumns: ["brist", "början", "förfallen", "flaggad med loggen per", "återkallad av uppgifter från"], none: "Inga.",
        ownWords: "Med egna ord", noReports: "Inga synpunkter från personen eller närstående.", noText: "(ingen text)",
        noReporter: "uppgiftslämnare inte angiven",
        need: "behov", holds: "ansvarar för", gap: "glapp", death: "dödsfall",
        findingsForPersons: { "\($0) brister för \($1) personer." },
        byRule: "Per regel",
        byRuleColumns: ["regel", "brister", "öppna", "mediantid", "90:e percentilen"],
        byUnit: "Per enhet, jämfört med de andra",
        byUnitNote: "Brister per 100 personer som enheten har haft ansvar för eller kontakt med under perioden (brister per 100 utskrivningar för utskrivningsreglerna), bredvid genomsnittet för de övriga enheterna i loggen sammantagna.",
        byUnitColumns: ["enhet", "personer", "brister", "per 100 personer", "övriga", "utskrivningar", "utskrivningsbrister per 100", "övriga"],
        trend: "Utveckling per månad (brister efter början)", trendColumns: ["månad", "brister"],
        matrix: "Glappen mellan aktörerna: var bristerna finns",
        matrixNote: "Rader: den sida vars handling öppnade glappet (släppte ansvaret eller var skyldig ett svar). Kolumner: den sida som stängde det, eller som väntades göra det.",
        matrixByUnit: "Per enhet, de vanligaste paren", matrixByPrincipal: "Per huvudman", matrixCorner: "före ↓ / efter →",
        pairColumns: ["före", "efter", "brister"], morePairs: { "… och \($0) par till (alla finns i --format json)" },
        noActor: "(ingen)", unregistered: "(oregistrerad)",
        needsLane: "personens behov",
        legend: ["behov", "ansvar (område)", "glapp (brist)", "tidsfrist", "inskrivning", "utskrivning", "händelse"],
        deadlineOf: "tidsfrist för")

    static let english = AuditWording(
        language: .en,
        title: "Supervision audit",
        subjectKind: { $0 },
        subject: "Subject", masked: " (masked)", period: "Period", beginningOfLog: "the beginning of the log", to: "to",
        asOf: "As of", asOfNote: "events after it have not happened",
        asKnownAt: "As known at", asKnownAtNote: "(only events recorded by then)", everything: "everything in the log",
        rulebook: "Rulebook", eventLog: "Event log", eventsAndHead: { "\($0) events, head \($1)" }, reproduce: "Reproduce with",
        reproduceMasked: " (the person is masked: give the personnummer in full, or run it with --unmask --purpose)",
        timeline: "Responsibility timeline", findings: "Findings", noFindingsInPeriod: "No findings in this period.", noFindings: "No findings.",
        open: "open", closed: "closed", reference: "ref", now: "now", nowOpen: "now (open)",
        interval: "Interval", scope: "Scope", between: "Between", noOneYet: "no one yet", concerns: "concerns", ruleEnforces: "Rule enforces",
        evidence: "Evidence",
        evidenceColumns: ["event", "type", "at", "recorded at", "actor"],
        knownWhen: "What was known when",
        knownWhenColumns: ["finding", "detectable (due)", "evidence recorded", "knowable", "detection latency"],
        noLatency: "none",
        withdrawn: "Withdrawn: flagged once, disproved by later records",
        withdrawnColumns: ["finding", "start", "due", "flagged with the log as of", "withdrawn by records of"], none: "None.",
        ownWords: "In their own words", noReports: "No reports from the person or their relatives.", noText: "(no text)",
        noReporter: "reporter not given",
        need: "need", holds: "holds", gap: "gap", death: "death",
        findingsForPersons: { "\($0) findings for \($1) persons." },
        byRule: "By rule",
        byRuleColumns: ["rule", "findings", "open", "median duration", "90th percentile"],
        byUnit: "By unit, beside the others",
        byUnitNote: "Findings per 100 persons the unit held responsibility for or was in contact with in the period (per 100 discharges for the discharge rules), beside the other units in the log taken together.",
        byUnitColumns: ["unit", "persons", "findings", "per 100 persons", "the others", "discharges", "discharge findings per 100", "the others"],
        trend: "Trend by month (findings by start)", trendColumns: ["month", "findings"],
        matrix: "Interface matrix: where the gaps are, between which actors",
        matrixNote: "Rows: the side whose act opened the gap (let go, or owed an answer). Columns: the side that closed it, or was expected to.",
        matrixByUnit: "By unit, the most frequent pairs", matrixByPrincipal: "By principal", matrixCorner: "before ↓ / after →",
        pairColumns: ["before", "after", "findings"], morePairs: { "… and \($0) more pairs (all of them in --format json)" },
        noActor: "(none)", unregistered: "(unregistered)",
        needsLane: "needs of the person",
        legend: ["need", "responsibility held (scope)", "gap (finding)", "deadline", "admission", "discharge", "event"],
        deadlineOf: "deadline of")
}
