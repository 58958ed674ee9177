import EventLog
import GapEngine
import Pipeline

/// The nightly batch run: evaluates the population as of a time and records each finding's
/// lifecycle in the store — when a scan first flagged it, when it closed, when it was
/// withdrawn — keeping the history.
///
/// Incremental by default: it replays only the persons with events recorded since the last
/// scan, and those whose findings can change with the passage of time (the store's index of
/// each person's next change: upcoming deadlines, events not yet happened). It falls back to a
/// full scan when that shortcut would not be exact: no earlier scan, another rulebook, or a
/// change in actor registrations (principals matter to joint plans). A scan as of an earlier
/// time than the last is refused: the ledger moves forward.
package struct NightlyScan {
    let store: any LedgerStore
    let rulebook: Rulebook
    let workers: Int

    /// - Parameter workers: cores that decode and evaluate persons in a full scan (the ledger
    ///   is written on one thread, in person order, whatever the number).
    package init(store: any LedgerStore, rulebook: Rulebook, workers: Int = Parallel.defaultWorkers) {
        self.store = store
        self.rulebook = rulebook
        self.workers = workers
    }

    /// Why a scan is refused before it starts.
    package enum Failure: Error, Equatable, CustomStringConvertible {
        /// The ledger moves forward in `as_of`: a scan at an earlier time would withdraw real
        /// findings (they have not begun yet at that time) and announce them as never having been.
        case asOfGoesBack(last: Instant, given: Instant)

        package var description: String {
            switch self {
            case .asOfGoesBack(let last, _):
                "the last scan was as of \(RFC3339.format(last, fraction: false)): a scan is as of that time or later, "
                    + "since the ledger moves forward; to look at the past, use gaps --as-of or audit --as-of"
            }
        }
    }

    /// Runs one scan in one transaction and returns its record.
    /// - Parameters:
    ///   - asOf: evaluate as of this time.
    ///   - ranAt: the wall-clock time to record.
    ///   - full: replay everyone even if an incremental scan would do.
    ///   - progress: called with the number of persons replayed so far.
    package func run(asOf: Instant, ranAt: Instant, full forceFull: Bool = false, progress: ((Int) -> Void)? = nil) throws -> ScanRecord {
        try store.withScanSession { session in
            let last = try session.lastScan()
            if let last, asOf < last.asOf { throw Failure.asOfGoesBack(last: last.asOf, given: asOf) }
            let globals = try session.globalEvents(knownAt: nil)
            let actors = ActorDirectory(registrations: globals, asOf: asOf, asKnownAt: nil)
            let full = try forceFull || needsFullScan(after: last, asOf: asOf, globals: globals, session: session)
            var scan = ScanRecord(
                id: try session.nextScanID(), ranAt: ranAt, asOf: asOf, logSeq: try session.head().count,
                rulebookHash: rulebook.hash, mode: full ? .full : .incremental)
            let evaluation = Evaluation(rulebook: rulebook, asOf: asOf, asKnownAt: nil, actors: actors)
            // What disappears under another rulebook than the last scan's is no longer checked,
            // which is not the same as shown to be no gap.
            let rulebookChanged = last.map { $0.rulebookHash != rulebook.hash } ?? false
            let reconcile = { (person: String, events: Int, result: Evaluation.PersonResult) throws in
                try self.reconcile(person: person, events: events, result: result, session: session, rulebookChanged: rulebookChanged, scan: &scan)
                if scan.persons % 2000 == 0 { progress?(scan.persons) }
            }
            if full {
                try evaluation.evaluate(workers: workers, batches: { emit in try session.forEachBatch(emit) }) { stored, result in
                    try reconcile(stored.person, stored.count, result)
                }
            } else if let last {
                let persons = Set(try session.persons(recordedAfter: last.logSeq)).union(try session.personsDue(by: asOf))
                    .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                try evaluation.evaluate(workers: workers, batches: { emit in try session.forEachBatch(persons: persons, emit) }) { stored, result in
                    try reconcile(stored.person, stored.count, result)
                }
            }
            scan.stillOpen = try session.countStillOpen(scan: scan.id)
            try session.refreshPacks(all: forceFull)
            try session.finish(scan)
            return scan
        }
    }

    private func needsFullScan(after last: ScanRecord?, asOf: Instant, globals: [RecordedEvent], session: any ScanSession) throws -> Bool {
        guard let last else { return true }
        if last.rulebookHash != rulebook.hash { return true }
        if try session.registrationsRecorded(after: last.logSeq) { return true }
        return globals.contains { $0.event.type == EventType.actorRegistered && $0.event.at > last.asOf && $0.event.at <= asOf }
    }

    /// Reconciles one person's evaluation with the ledger.
    private func reconcile(person: String, events: Int, result: Evaluation.PersonResult, session: any ScanSession, rulebookChanged: Bool,
                           scan: inout ScanRecord) throws {
        scan.persons += 1
        scan.events += events
        var stored = Dictionary(uniqueKeysWithValues: try session.ledger(ofPerson: person).map { ($0.id, $0) })
        for finding in result.findings {
            let state: LedgerState = finding.isOpen ? .open : .closed
            let previous = stored.removeValue(forKey: finding.id)
            let change: LedgerChange
            switch (previous?.state, state) {
            case (nil, _):
                change = .new
                scan.new += 1
            case (.withdrawn?, _), (.closed?, .open):
                change = .reopened
                scan.new += 1
            case (.open?, .closed):
                change = .closed
                scan.closed += 1
            default:
                guard previous?.body != finding.jsonLine else { continue }
                change = .changed
            }
            try session.record(LedgerEntry(
                id: finding.id, person: person, rule: finding.rule, state: state, body: finding.jsonLine,
                concerned: concerned([finding.actorBefore, finding.actorAfter, finding.expectedActor] + finding.involved),
                firstScan: previous?.firstScan ?? scan.id, changedScan: scan.id), change: change)
        }
        for gone in stored.values where gone.state != .withdrawn {
            scan.withdrawn += 1
            if rulebookChanged { scan.retired += 1 }
            var entry = LedgerEntry(
                id: gone.id, person: person, rule: gone.rule, state: .withdrawn, body: gone.body, concerned: gone.concerned,
                firstScan: gone.firstScan, changedScan: scan.id)
            entry.retired = rulebookChanged
            try session.record(entry, change: .withdrawn)
        }
        try session.setWatch(person: person, nextChange: result.nextChange, upcoming: result.upcoming.map { item in
            UpcomingEntry(id: item.finding.id, person: person, due: item.finding.due, body: item.jsonLine,
                          concerned: concerned([item.finding.actorBefore, item.finding.expectedActor] + item.finding.involved))
        })
    }

    /// The actors a finding concerns, each once: digests go to them and silences by actor
    /// cover them.
    private func concerned(_ actors: [String?]) -> [String] {
        var seen: [String] = []
        for actor in actors.compactMap({ $0 }) where !seen.contains(actor) { seen.append(actor) }
        return seen
    }
}
