import GapEngine

/// What the demo says, in the reader's language: one structure (``DemoReport/lines()``), two
/// sets of words.
struct DemoWording: Sendable {
    /// The finding the demo tells plainly.
    struct Story: Sendable {
        let person: String
        let scope: String?
        let start: String
        let end: String?
        let length: String
        let before: String?
        let after: String?
        let evidence: String
    }

    let number: @Sendable (Int) -> String
    let intro: @Sendable (_ persons: String) -> String
    let generated: @Sendable (_ events: String, _ actors: String) -> String
    let ingested: String
    let verified: @Sendable (_ events: String, _ head: String) -> String
    let replayed: @Sendable (_ rules: Int) -> String
    let asOf: @Sendable (_ time: String, _ zone: String) -> String
    let mellanrum: [String]
    let found: @Sendable (_ findings: String, _ affected: String, _ persons: String, _ open: String) -> String
    let columns: [String]
    let told: @Sendable (Story) -> [String]
    let reportsAre: @Sendable (_ jsonl: String, _ csv: String) -> String
    let tryNext: @Sendable (_ command: String, _ folder: String) -> [(String, String)]

    static func of(_ language: Language) -> DemoWording { language == .sv ? swedish : english }

    static let swedish = DemoWording(
        number: Language.sv.integer,
        intro: { "gapwatch demo: en påhittad kommun (Norrköping) och dess region, \($0) personer, två års vård och omsorg." },
        generated: { "  1. skapade \($0) händelser från \($1) aktörer" },
        ingested: "  2. läste in dem i en hashkedjad logg som bara kan växa",
        verified: { "     (gapwatch verify: ok: \($0) händelser, huvud \($1)…)" },
        replayed: { "  3. spelade upp varje persons händelser mot standardregelbokens \($0) regler," },
        asOf: { "     per \($0) (\($1))" },
        mellanrum: [
            "Ett mellanrum är ett glapp mellan aktörer där ingen har ansvaret för en person:",
            "ett behov som ingen har tagit på sig, en tidsfrist som ingen höll, en samordnare som tystnade.",
        ],
        found: { "Hittade \($0) brister för \($1) av \($2) personer; \($3) är fortfarande öppna." },
        columns: ["REGEL", "BRISTER", "ÖPPNA", "VAD DEN BETYDER"],
        told: { s in
            [
                "En av dem, i klartext:",
                "  Person \(s.person) behövde \(s.scope ?? "vård") från \(s.start)" + (s.end.map { " till \($0)" } ?? " till nu") + " (\(s.length)),",
                "  och ingen aktör hade ansvaret: " + (s.before.map { "\($0) hade släppt det, " } ?? "ingen hade haft det förut, ")
                    + (s.after.map { "och \($0) tog över." } ?? "och ingen har tagit över ännu."),
                "  Underlag: händelserna \(s.evidence) i loggen.",
            ]
        },
        reportsAre: { "Bristerna finns i \($0) och \($1). Prova sedan:" },
        tryNext: { command, folder in
            [
                ("  \(command) gaps --db \(folder)/gapwatch.sqlite --as-of 2027-01-01", "öppna brister, som tabell"),
                ("  \(command) stats --db \(folder)/gapwatch.sqlite --as-of 2027-01-01 --by principal", "uppföljning per huvudman och månad"),
                ("  \(command) rules show", "reglerna, med lagen bakom varje"),
                ("  \(command) ingest --db \(folder)/fhir.sqlite --from fhir EXPORT.ndjson", "en FHIR R4-export från journalsystemen (docs/fhir.md)"),
            ]
        })

    static let english = DemoWording(
        number: { String($0) },
        intro: { "gapwatch demo: a synthetic municipality (Norrköping) and its region, \($0) persons, two years of care." },
        generated: { "  1. generated \($0) care events from \($1) actors" },
        ingested: "  2. ingested them into an append-only, hash-chained log",
        verified: { "     (gapwatch verify: ok: \($0) events, head \($1)…)" },
        replayed: { "  3. replayed every person's events against the \($0) rules of the default rulebook," },
        asOf: { "     as of \($0) (\($1))" },
        mellanrum: [
            "A mellanrum is a gap between actors where no one holds responsibility for a person:",
            "a need nobody has taken on, a deadline nobody met, a coordinator who went silent.",
        ],
        found: { "Found \($0) findings for \($1) of \($2) persons; \($3) are still open." },
        columns: ["RULE", "FINDINGS", "OPEN", "WHAT IT MEANS"],
        told: { s in
            [
                "One of them, told plainly:",
                "  Person \(s.person) needed \(s.scope ?? "care") from \(s.start)" + (s.end.map { " to \($0)" } ?? " until now") + " (\(s.length)),",
                "  and no actor held responsibility for it: " + (s.before.map { "\($0) had let it go, " } ?? "no one had held it before, ")
                    + (s.after.map { "and \($0) took it on." } ?? "and no one has taken it on yet."),
                "  Evidence: events \(s.evidence) in the log.",
            ]
        },
        reportsAre: { "The findings are in \($0) and \($1). Try next:" },
        tryNext: { command, folder in
            [
                ("  \(command) gaps --db \(folder)/gapwatch.sqlite --as-of 2027-01-01", "open findings, as a table"),
                ("  \(command) gaps --db \(folder)/gapwatch.sqlite --as-of 2027-01-01 --format json", "the same, for other tools"),
                ("  \(command) rules show", "the rules, with the law behind each"),
                ("  \(command) ingest --db \(folder)/fhir.sqlite --from fhir EXPORT.ndjson", "an FHIR R4 export from the care systems (docs/fhir.md)"),
            ]
        })
}
