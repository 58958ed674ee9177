import EventLog
import Foundation
import GapEngine
import GRDB
import Testing
@testable import Reports

/// Events from JSON lines, with their `recorded_at`, numbered in order.
private func recorded(_ batches: [(recordedAt: String, lines: [String])]) -> [RecordedEvent] {
    var seq: Int64 = 0
    return batches.flatMap { batch in
        batch.lines.map { line in
            seq += 1
            let event = try! EventValidator.validate(line: Array(line.utf8)).get()
            return RecordedEvent(seq: seq, recordedAt: try! RFC3339.parse(batch.recordedAt), event: event)
        }
    }
}

private func context(asOf: String, asKnownAt: String? = nil, unmask: Bool = false) -> AuditContext {
    AuditContext(rulebook: .standard, asOf: try! RFC3339.parse(asOf), asKnownAt: asKnownAt.map { try! RFC3339.parse($0) }, from: nil, to: nil,
                 logHead: LogHead(count: 5, hash: String(repeating: "ab", count: 32)), command: "gapwatch audit …", unmask: unmask)
}

/// Scenario 05: a discharge on 1 April; the home-care visit of 2 April is recorded only on 10 April.
private let lateRecord = recorded([
    ("2026-04-01T20:00:00+02:00", [
        #"{"id":"e1","type":"responsibility.assumed","person":"19450330-2228","at":"2026-03-01T08:00:00+01:00","actor":"norrkoping/hemtjanst-ost","data":{"scope":"home-care"}}"#,
        #"{"id":"e2","type":"admission","person":"19450330-2228","at":"2026-03-28T08:00:00+01:00","actor":"region/geriatrik"}"#,
        #"{"id":"e3","type":"notification.sent","person":"19450330-2228","at":"2026-03-28T09:00:00+01:00","actor":"region/geriatrik","data":{"kind":"inskrivningsmeddelande"}}"#,
        #"{"id":"e4","type":"discharge","person":"19450330-2228","at":"2026-04-01T10:00:00+02:00","actor":"region/geriatrik"}"#,
        #"{"id":"e6","type":"experience.reported","person":"19450330-2228","at":"2026-04-03T18:00:00+02:00","actor":"relative","data":{"reporter":"relative","text":"Ingen kom. Hennes nummer är 19450330-2228."}}"#,
    ]),
    ("2026-04-10T02:00:00+02:00", [
        #"{"id":"e5","type":"contact","person":"19450330-2228","at":"2026-04-02T09:00:00+02:00","actor":"norrkoping/hemtjanst-ost","data":{"mode":"home-visit"}}"#,
    ]),
])

@Suite struct PersonAuditTests {
    @Test func aFindingWithdrawnByALateRecordShowsAsSuch() {
        let audit = PersonAudit(person: "19450330-2228", events: lateRecord, actors: ActorDirectory(), context: context(asOf: "2026-04-20T00:00:00Z"))
        #expect(!audit.findings.contains { $0.rule == "discharge-followup" })
        let withdrawn = audit.withdrawn.map { "\($0.rule) \($0.flaggedWhenKnownAt) \($0.withdrawnWhenKnownAt)" }
        #expect(withdrawn == ["discharge-followup 2026-04-01T18:00:00Z 2026-04-10T00:00:00Z"])
    }

    @Test func asKnownAtBeforeTheLateRecordTheFindingStandsWithItsLatency() throws {
        let audit = PersonAudit(person: "19450330-2228", events: lateRecord, actors: ActorDirectory(),
                                context: context(asOf: "2026-04-05T00:00:00+02:00", asKnownAt: "2026-04-05T00:00:00+02:00"))
        let followup = try #require(audit.findings.first { $0.rule == "discharge-followup" })
        #expect(followup.due == "2026-04-04T08:00:00Z")
        #expect(followup.knowableAt == "2026-04-04T08:00:00Z")
        #expect(followup.detectionLatencySeconds == 0)
        #expect(followup.evidence.map(\.id) == ["e4"])
        #expect(audit.withdrawn.isEmpty)
        #expect(audit.header.asKnownAt == "2026-04-04T22:00:00Z")
    }

    @Test func theSameInputsGiveTheSameBytes() {
        for format in AuditFormat.allCases {
            let a = format.render(PersonAudit(person: "19450330-2228", events: lateRecord, actors: ActorDirectory(), context: context(asOf: "2026-04-20T00:00:00Z")), timeZone: Rulebook.standard.timeZone)
            let b = format.render(PersonAudit(person: "19450330-2228", events: lateRecord.reversed(), actors: ActorDirectory(), context: context(asOf: "2026-04-20T00:00:00Z")), timeZone: Rulebook.standard.timeZone)
            #expect(a == b, "\(format)")
            #expect(a.count > 1000)
        }
    }

    @Test func personsAreMaskedEverywhereUnlessUnmasked() {
        let masked = AuditFormat.html.render(PersonAudit(person: "19450330-2228", events: lateRecord, actors: ActorDirectory(), context: context(asOf: "2026-04-20T00:00:00Z")), timeZone: Rulebook.standard.timeZone)
        #expect(masked.range(of: "[0-9]{8}-?[0-9]{4}", options: .regularExpression) == nil)
        #expect(masked.contains("19450330-****"))
        #expect(masked.contains("Ingen kom. Hennes nummer är 19450330-****."), "the person's own words are quoted in full, identifiers masked")
        let unmasked = AuditFormat.html.render(PersonAudit(person: "19450330-2228", events: lateRecord, actors: ActorDirectory(), context: context(asOf: "2026-04-20T00:00:00Z", unmask: true)), timeZone: Rulebook.standard.timeZone)
        #expect(unmasked.contains("19450330-2228"))
    }

    @Test func theHTMLIsSelfContainedWithTheTimelineInline() {
        let html = AuditFormat.html.render(PersonAudit(person: "19450330-2228", events: lateRecord, actors: ActorDirectory(), context: context(asOf: "2026-04-20T00:00:00Z")), timeZone: Rulebook.standard.timeZone, language: .en)
        #expect(html.contains("<svg id=\"timeline\""))
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("<link"))
        #expect(html.contains("norrkoping/hemtjanst-ost"))
        #expect(html.contains("In their own words (1)"))
    }
}

@Suite struct OrganisationAuditTests {
    @Test func percentilesAreNearestRank() {
        #expect(OrganisationAuditBuilder.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5) == 5)
        #expect(OrganisationAuditBuilder.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) == 9)
        #expect(OrganisationAuditBuilder.percentile([7], 0.9) == 7)
        #expect(OrganisationAuditBuilder.percentile([], 0.5) == 0)
    }

    /// Three persons: home care lets two go to the residential home after a gap, one to no one;
    /// a ward's handover to home care goes unanswered once.
    @Test func theInterfaceMatrixCountsGapsBetweenActors() throws {
        let reg = { (actor: String, principal: String, name: String) in
            "{\"id\":\"r-\(actor.replacingOccurrences(of: "/", with: "."))\",\"type\":\"actor.registered\",\"at\":\"2020-01-01T00:00:00Z\",\"actor\":\"\(actor)\",\"data\":{\"name\":\"\(actor)\",\"principal\":\"\(principal)\",\"principal_name\":\"\(name)\",\"kind\":\"unit\"}}"
        }
        let registrations = recorded([("2026-01-01T00:00:00Z", [reg("kommun/hem", "municipality", "Kommun"), reg("kommun/boende", "municipality", "Kommun"), reg("region/ward", "region", "Region")])])
        let actors = ActorDirectory(registrations: registrations, asOf: try RFC3339.parse("2026-12-31T00:00:00Z"), asKnownAt: nil)
        func person(_ p: String, takenBy taker: String?) -> [RecordedEvent] {
            var lines = [
                "{\"id\":\"\(p)1\",\"type\":\"need.identified\",\"person\":\"\(p)\",\"at\":\"2026-02-01T08:00:00Z\",\"actor\":\"region/ward\",\"data\":{\"scope\":\"home-care\"}}",
                "{\"id\":\"\(p)2\",\"type\":\"responsibility.assumed\",\"person\":\"\(p)\",\"at\":\"2026-02-01T08:00:00Z\",\"actor\":\"kommun/hem\",\"data\":{\"scope\":\"home-care\"}}",
                "{\"id\":\"\(p)3\",\"type\":\"responsibility.released\",\"person\":\"\(p)\",\"at\":\"2026-03-01T08:00:00Z\",\"actor\":\"kommun/hem\",\"data\":{\"scope\":\"home-care\"}}",
            ]
            if let taker {
                lines.append("{\"id\":\"\(p)4\",\"type\":\"responsibility.assumed\",\"person\":\"\(p)\",\"at\":\"2026-03-03T08:00:00Z\",\"actor\":\"\(taker)\",\"data\":{\"scope\":\"home-care\"}}")
            }
            return recorded([("2026-04-01T00:00:00Z", lines)])
        }
        let handover = recorded([("2026-04-01T00:00:00Z", [
            #"{"id":"h1","type":"handover.initiated","person":"p-d","at":"2026-03-10T08:00:00Z","actor":"region/ward","data":{"scope":"home-care","to":"kommun/hem"}}"#,
        ])])
        let population = [("p-a", person("p-a", takenBy: "kommun/boende")), ("p-b", person("p-b", takenBy: "kommun/boende")),
                          ("p-c", person("p-c", takenBy: nil)), ("p-d", handover)]
        let ctx = context(asOf: "2026-04-15T00:00:00Z")
        let evaluation = Evaluation(rulebook: .standard, asOf: ctx.asOf, asKnownAt: nil, actors: actors)

        var byActor = OrganisationAuditBuilder(subject: .actor("kommun/hem"), actors: actors, context: ctx)
        var byPrincipal = OrganisationAuditBuilder(subject: .principal("Kommun"), actors: actors, context: ctx)
        for (p, events) in population {
            let findings = evaluation.findings(person: p, events: events)
            byActor.add(person: p, findings: findings)
            byPrincipal.add(person: p, findings: findings)
        }
        let audit = byActor.build()
        #expect(audit.persons == 4)
        #expect(audit.matrix.count(before: "kommun/hem", after: "kommun/boende") == 2)
        #expect(audit.matrix.count(before: "kommun/hem", after: "(none)") == 1)
        #expect(audit.matrix.count(before: "region/ward", after: "kommun/hem") == 1)
        #expect(audit.rules.map { "\($0.rule) \($0.findings) \($0.open)" } == ["need-uncovered 3 1", "handover-unanswered 1 1"])
        let median: Int64? = audit.rules.first?.medianSeconds
        #expect(median == Int64(2 * 86_400))
        let principals = byPrincipal.build().principalMatrix
        #expect(principals.count(before: "Kommun", after: "Kommun") == 2)
        #expect(principals.count(before: "Region", after: "Kommun") == 1)
        #expect(principals.count(before: "Kommun", after: "(none)") == 1)
        // Every month of the period, empty ones too (issue 26, item 7).
        #expect(byPrincipal.build().months.map { "\($0.month) \($0.findings)" } == ["2026-03 4", "2026-04 0"])

        // With a period: from its first month to its last, a finding begun before it counted in
        // its first month, never before it.
        let period = AuditContext(rulebook: .standard, asOf: ctx.asOf, asKnownAt: nil, from: try RFC3339.parse("2026-03-05T00:00:00Z"),
                                  to: try RFC3339.parse("2026-06-10T00:00:00Z"), logHead: ctx.logHead, command: "", unmask: false)
        var inPeriod = OrganisationAuditBuilder(subject: .principal("Kommun"), actors: actors, context: period)
        for (p, events) in population { inPeriod.add(person: p, findings: evaluation.findings(person: p, events: events)) }
        #expect(inPeriod.build().months.map { "\($0.month) \($0.findings)" } == ["2026-03 2", "2026-04 0", "2026-05 0", "2026-06 0"])
    }
}

/// The access log is the evidence of who read whose data: hash-chained, and every write notes
/// where it ended, so that an entry changed or cut off is found by `verify`.
@Suite struct AccessLogTests {
    /// A new store with two reads logged: one person's, and a bulk read.
    func storeWithTwoReads(in folder: String, _ name: String) throws -> SQLiteEventStore {
        let store = try SQLiteEventStore(path: folder + "/" + name, create: true)
        let at = try RFC3339.parse("2026-04-05T10:00:00Z")
        try store.logAccess([AccessRecord(at: at, who: "ivo", person: "19400101-1230", purpose: "dnr 1", command: "audit --person", unmasked: true)])
        try store.logAccess([AccessRecord(at: at, who: "ops", person: AccessRecord.everyone, persons: 300, purpose: nil, command: "gaps", unmasked: true)])
        return store
    }

    @Test func theAccessLogIsChainedAndACutOffOrChangedEntryIsFound() throws {
        let folder = NSTemporaryDirectory() + "gapwatch-access-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try storeWithTwoReads(in: folder, "cut.sqlite")
        #expect(try store.accessLog(person: nil).map(\.persons) == [1, 300])
        #expect(try store.verify() == .ok(LogHead(count: 0, hash: HashChain.hex(HashChain.genesis))))
        try store.queue.write { db in
            try db.execute(sql: "DROP TRIGGER access_log_append_only_delete; DELETE FROM access_log WHERE id = 2")
        }
        guard case .brokenAccessLog(entry: 2, let reason) = try store.verify() else {
            Issue.record("an access log cut short verified")
            return
        }
        #expect(reason == "missing from the access log (its end was cut off), where the read of 2026-04-05T10:00:00Z ended")

        let changed = try storeWithTwoReads(in: folder, "changed.sqlite")
        try changed.queue.write { db in
            try db.execute(sql: "DROP TRIGGER access_log_append_only_update; UPDATE access_log SET purpose = 'dnr 2' WHERE id = 1")
        }
        #expect(try changed.verify() == .brokenAccessLog(entry: 1, reason: "hash does not match the access log's chain"))
    }
}
