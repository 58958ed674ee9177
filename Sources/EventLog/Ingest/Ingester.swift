#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Pipeline

/// Appends JSON Lines files to the log, atomically: one call stores every valid new event
/// of all its inputs, or none of them.
///
/// Lines are read in batches, checked on several cores and appended in input order inside a
/// single write transaction, so memory stays bounded however large the input; on any invalid
/// line the transaction is rolled back unless the caller asked to set bad lines aside
/// (`rejects`).
package struct Ingester {
    /// One problem on one line of one input.
    package struct LineError: Sendable, Equatable, CustomStringConvertible {
        package let file: String
        package let line: Int
        package let message: String
        package var description: String { "\(file):\(line): \(message)" }
    }

    /// What an ingest did.
    package struct Summary: Sendable, Equatable {
        /// New events stored (0 when the ingest was refused).
        package var new = 0
        /// Events already stored with the same content.
        package var duplicate = 0
        /// Lines rejected.
        package var rejected = 0
        /// Whether anything was stored.
        package var committed = false
        package init() {}

        /// The summary line of the contract.
        package var line: String { "ingested \(new) new, \(duplicate) duplicate, \(rejected) rejected" }
    }

    /// Progress, reported every few thousand lines.
    package struct Progress: Sendable {
        package let file: String
        package let lines: Int
        package let bytesRead: Int64
        package let bytesTotal: Int64?
    }

    /// Where an ingest's `recorded_at` comes from.
    package enum RecordedAt: Sendable {
        /// The clock, read once the log's write lock is held, so that ingests that wait for
        /// each other still record in order; never earlier than the log's latest (a clock
        /// stepped back is clamped to it).
        case now(@Sendable () -> Instant)
        /// A given time (backfills, tests); refused if earlier than the log's latest.
        case given(Instant)
    }

    let store: any EventStore
    let recordedAt: RecordedAt
    let rejects: PrivateFile?
    let onProblem: (LineError) -> Void
    let progress: ((Progress) -> Void)?
    let workers: Int
    /// Runs in the ingest's transaction just before it commits (an importer keeps what it
    /// resolved there, so that it is stored with the events or not at all).
    let beforeCommit: ((any AppendSession) throws -> Void)?

    /// - Parameters:
    ///   - recordedAt: the transaction time given to every event of this ingest.
    ///   - rejects: with a file, invalid lines are written there verbatim and the valid ones
    ///     stored; without, any invalid line refuses the whole ingest. The file is put in place
    ///     just before the ingest commits (see ``PrivateFile``), and is the caller's, made before
    ///     the store is opened so that a file that may not be replaced stops the command first.
    ///   - onProblem: called for every problem, in input order, as it is found (so that a
    ///     file of a million bad lines costs no memory).
    ///   - workers: threads that parse and validate lines while the log is written.
    package init(store: any EventStore, recordedAt: RecordedAt, rejects: PrivateFile? = nil,
                onProblem: @escaping (LineError) -> Void, progress: ((Progress) -> Void)? = nil,
                workers: Int = Parallel.defaultWorkers, beforeCommit: ((any AppendSession) throws -> Void)? = nil) {
        self.store = store
        self.recordedAt = recordedAt
        self.rejects = rejects
        self.onProblem = onProblem
        self.progress = progress
        self.workers = workers
        self.beforeCommit = beforeCommit
    }

    /// Ingests the files (`-` is standard input) in order.
    ///
    /// A reference may name an event on a later line or in a later file (events contract
    /// v1.1), so it is checked when the whole input has been appended. When such a reference
    /// turns out to be missing and bad lines are set aside (`rejects`), the ingest starts over
    /// without that line, once per round of such lines (a line that referred to it may fail
    /// next), so that what is stored never holds an event whose reference fails.
    package func ingest(paths: [String]) throws -> Summary {
        try ingest(files: try paths.map { path throws(IngestError) in try LineReader(path: path) })
    }

    /// Ingests files already opened (a command opens them before it makes a store), opening
    /// them again if it must start over.
    package func ingest(files: [LineReader]) throws -> Summary {
        var excluded: [LineKey: String] = [:]
        var reported: Set<LineKey> = []
        var readers = files
        while true {
            switch try ingest(sources: readers, excluding: excluded, reported: &reported) {
            case .done(let summary):
                return summary
            case .startOver(let failed):
                guard readers.allSatisfy(\.canReadAgain) else {
                    throw IngestError.cannotReadAgain(lines: failed.keys.map { "\($0.file):\($0.line)" }.sorted().joined(separator: ", "))
                }
                try rejects?.restart()
                excluded.merge(failed) { first, _ in first }
                readers = try readers.map { reader throws(IngestError) in try LineReader(path: reader.path) }
            }
        }
    }

    /// Ingests lines from the sources, in order, in one transaction (a reference that is not
    /// met by the end is a bad line; see ``ingest(paths:)`` for starting over).
    package func ingest(sources readers: [any LineSource]) throws -> Summary {
        var reported: Set<LineKey> = []
        switch try ingest(sources: readers, excluding: [:], reported: &reported) {
        case .done(let summary): return summary
        case .startOver(let failed):
            throw IngestError.cannotReadAgain(lines: failed.keys.map { "\($0.file):\($0.line)" }.sorted().joined(separator: ", "))
        }
    }

    /// A line of an input, by its source's name and number.
    package struct LineKey: Hashable, Sendable {
        let file: String
        let line: Int
    }

    /// An event whose reference named no event yet when it was appended.
    struct PendingReference {
        let key: LineKey
        let event: CareEvent
    }

    /// How one attempt ended: done, or to be made again without lines whose reference failed.
    private enum Attempt {
        case done(Summary)
        case startOver([LineKey: String])
    }

    /// - Parameters:
    ///   - excluded: lines refused by an earlier attempt, with their problem.
    ///   - reported: lines whose problems were already reported (by an earlier attempt).
    private func ingest(sources readers: [any LineSource], excluding excluded: [LineKey: String], reported: inout Set<LineKey>) throws -> Attempt {
        var startOver: [LineKey: String]? = nil
        let summary = try store.withAppendSession { session -> (commit: Bool, result: Summary) in
            let latest = try session.latestRecordedAt()
            let stamp: Instant
            switch recordedAt {
            case .given(let given):
                if let latest, given < latest { throw StoreError.recordedAtDecreases(latest: latest, given: given) }
                stamp = given
            case .now(let clock):
                stamp = max(clock(), latest ?? clock())
            }
            var summary = Summary()
            var pending: [PendingReference] = []
            for reader in readers {
                try ingest(reader, into: session, stamp: stamp, excluded: excluded, reported: &reported, pending: &pending, summary: &summary)
            }
            // The references to events later in the input, now that all of it is in.
            var failed: [LineKey: String] = [:]
            for reference in pending {
                if case .problem(let message) = try referenceCheck(of: reference.event, session: session, inThisIngest: true) { failed[reference.key] = message }
            }
            if !failed.isEmpty, rejects != nil {
                startOver = failed
                return (false, summary)
            }
            for reference in pending where failed[reference.key] != nil {
                summary.new -= 1
                summary.rejected += 1
                reported.insert(reference.key)
                onProblem(LineError(file: reference.key.file, line: reference.key.line, message: failed[reference.key]!))
            }
            summary.committed = summary.rejected == 0 || rejects != nil
            if !summary.committed {
                summary.new = 0
                summary.duplicate = 0
            }
            if summary.committed { try beforeCommit?(session) }
            // In place before the commit: a commit that fails after it leaves a rejects file
            // beside an unchanged store, never stored events whose bad lines went nowhere.
            try rejects?.commit()
            return (summary.committed, summary)
        }
        return startOver.map { .startOver($0) } ?? .done(summary)
    }

    /// Lines per chunk, the workers' unit, and chunks per batch: big enough to keep the workers
    /// busy, small enough to bound memory (at most seven batches of about 1 MiB of lines are in
    /// flight: two read ahead, three being checked, two hashed and waiting to be appended).
    static let linesPerChunk = 256
    static let chunksPerBatch = 16

    /// One batch on its way to the log: its chunks, checked, with their hash-chain links.
    private struct CheckedBatch {
        let chunks: [InputChunk]
        let checked: [CheckedChunk]
        /// The batch's number in this source, for ``ChainCorrections``.
        let number: Int
        let links: [ChainLinks]
        /// How far the input had been read when the batch was made; `nil` for the last.
        let read: Progress?
    }

    /// Reads, checks and appends one source, in four stages on their own threads: lines are
    /// read in batches; each batch is parsed, validated and made canonical on the worker
    /// threads; its valid events are hashed in order (``ChainAhead``); and this thread appends
    /// it, in input order, so that problems are reported in order and the hash chain and `seq`
    /// follow the input.
    private func ingest(_ reader: any LineSource, into session: any AppendSession, stamp: Instant, excluded: [LineKey: String],
                        reported: inout Set<LineKey>, pending: inout [PendingReference], summary: inout Summary) throws {
        let corrections = ChainCorrections()
        var chain = ChainAhead(from: session.chainPosition(), recordedAt: stamp, corrections: corrections)
        try Parallel.readAhead(2, produce: { (emit: (CheckedBatch) throws -> Void) in
            // The progress of each batch on its way through the workers, oldest first.
            var reads: [Progress?] = []
            try Parallel.pipeline(
                workers: workers,
                produce: { emit in
                    try Self.readBatches(of: reader) { batch, read in
                        reads.append(read)
                        try emit(batch)
                    }
                },
                transform: { chunk in CheckedChunk(chunk) },
                consume: { chunks, checked in
                    let (number, links) = chain.links(of: checked)
                    try emit(CheckedBatch(chunks: chunks, checked: checked, number: number, links: links, read: reads.removeFirst()))
                })
        }) { batch in
            for index in batch.chunks.indices {
                try append(batch.checked[index], of: batch.chunks[index], hashedAhead: batch.links[index], from: reader.name,
                           into: session, stamp: stamp, excluded: excluded, reported: &reported, pending: &pending, summary: &summary)
            }
            let position = session.chainPosition()
            if let expected = batch.links.last?.end, position != expected { corrections.post(after: batch.number, position) }
            if let read = batch.read { progress?(read) }
        }
    }

    /// Reads the source in batches of chunks of lines, on a thread of its own (the writer, which
    /// sets the pace, does not wait for it), and hands each batch to `body` with how far the
    /// input had been read (`nil` for the last).
    private static func readBatches(of reader: any LineSource, _ body: ([InputChunk], Progress?) throws -> Void) throws {
        let total = reader.size
        try Parallel.readAhead(2, produce: { read in
            var batch: [InputChunk] = []
            var chunk = InputChunk(firstLine: reader.lineNumber + 1, reservingLines: linesPerChunk, bytes: 0)
            while try reader.nextLine({ chunk.append($0) }) {
                guard chunk.count == linesPerChunk else { continue }
                batch.append(chunk)
                // The next chunk is sized like this one: no growing by doubling, line by line.
                chunk = InputChunk(firstLine: reader.lineNumber + 1, reservingLines: linesPerChunk, bytes: chunk.bytes.count + 1024)
                guard batch.count == chunksPerBatch else { continue }
                try read((batch, Progress(file: reader.name, lines: reader.lineNumber, bytesRead: reader.offset, bytesTotal: total)))
                batch = []
            }
            if chunk.count > 0 { batch.append(chunk) }
            if !batch.isEmpty { try read((batch, nil)) }
        }, body)
    }

    /// Appends a checked chunk's new events in line order; reports its invalid lines (and sets
    /// them aside with `rejects`).
    private func append(_ checked: CheckedChunk, of chunk: InputChunk, hashedAhead links: ChainLinks, from name: String, into session: any AppendSession,
                        stamp: Instant, excluded: [LineKey: String], reported: inout Set<LineKey>, pending: inout [PendingReference],
                        summary: inout Summary) throws {
        var appended = [Int](repeating: 0, count: checked.actors.count)
        let actorCodes = try checked.actors.map(session.actorCode)
        try checked.texts.withUnsafeBufferPointer { texts in
            try links.withLinks { link in
                for (index, outcome) in checked.outcomes.enumerated() {
                    let problems: [String]
                    switch outcome {
                    case .blank: continue
                    case .invalid(let problemsIndex): problems = checked.problems[problemsIndex]
                    case .valid(let eventIndex):
                        let key = LineKey(file: name, line: chunk.firstLine + index)
                        if let problem = excluded[key] {
                            problems = [problem]
                            break
                        }
                        let event = checked.events[eventIndex]
                        let columns = checked.columns(of: eventIndex, in: texts, actorCode: actorCodes[event.actor])
                        switch try store(columns, hashedAhead: link(eventIndex), referring: event.referring, session: session, stamp: stamp) {
                        case .appended(let referenceLater):
                            appended[event.actor] += 1
                            summary.new += 1
                            if referenceLater, let referring = event.referring {
                                pending.append(PendingReference(key: key, event: referring))
                            }
                            continue
                        case .duplicate:
                            summary.duplicate += 1
                            continue
                        case .refused(let problem):
                            problems = [problem]
                        }
                    }
                    guard !problems.isEmpty else { continue }
                    summary.rejected += 1
                    // An ingest that starts over meets the same bad lines again: each is reported once.
                    if reported.insert(LineKey(file: name, line: chunk.firstLine + index)).inserted {
                        for message in problems {
                            onProblem(LineError(file: name, line: chunk.firstLine + index, message: message))
                        }
                    }
                    try chunk.bytes.withUnsafeBufferPointer { bytes throws(FileOutputError) in
                        try rejects?.write(UnsafeBufferPointer(rebasing: bytes[chunk.range(of: index)]))
                        try rejects?.write([0x0A])
                    }
                }
            }
        }
        for (actor, events) in zip(checked.actors, appended) where events > 0 {
            session.recordActivity(actor: actor, events: events, recordedAt: stamp)
        }
    }

    /// What became of a valid event.
    private enum Stored {
        /// Stored; `referenceLater`: its reference names no event yet, and is checked at the end.
        case appended(referenceLater: Bool)
        /// The log holds an event with its id and the same content.
        case duplicate
        case refused(String)
    }

    /// Checks a valid event against the log and appends it if it is new. A failure of the
    /// store itself is thrown, never counted as a bad line: SQLite may have rolled the whole
    /// transaction back, and nothing after it may be stored.
    private func store(_ event: EventColumns, hashedAhead: ChainLink, referring: CareEvent?, session: any AppendSession, stamp: Instant) throws -> Stored {
        var later = false
        if let referring {
            switch try referenceCheck(of: referring, session: session, inThisIngest: false) {
            case .met: break
            case .notYet: later = true
            case .problem(let problem): return .refused(problem)
            }
        }
        // Insert first: the unique index finds a stored id anyway, and most events are new.
        if try session.append(event, recordedAt: stamp, hashedAhead: hashedAhead) { return .appended(referenceLater: later) }
        let id = String(decoding: event.id, as: UTF8.self)
        guard let earlier = try session.storedEvent(id: id), earlier.event.canonicalJSON.utf8.elementsEqual(event.json) else {
            return .refused(Self.conflictMessage)
        }
        return .duplicate
    }

    /// The reference rules of the contract: the referenced event exists (in the log or
    /// earlier in this ingest), is of the right type, is about the same person, is not later
    /// in time (handover, referral, plan), and is not itself a retraction (target).
    private enum ReferenceCheck {
        case met
        /// No such event yet: it may come later in this ingest.
        case notYet
        case problem(String)
    }

    /// - Parameter inThisIngest: the whole input is in, so an absent target is a problem.
    private func referenceCheck(of event: CareEvent, session: any AppendSession, inThisIngest: Bool) throws -> ReferenceCheck {
        guard let (field, expectedType) = EventType.referenceField(of: event.type),
              let targetID = event.string(field)
        else { return .met }
        let name = "data.\(field)"
        guard let target = try session.storedEvent(id: targetID)?.event else {
            return inThisIngest ? .problem("\(name) refers to an event that is neither in the log nor in this ingest") : .notYet
        }
        return Self.referenceProblem(event, target: target, name: name, expectedType: expectedType).map { .problem($0) } ?? .met
    }

    /// An id used again for other content.
    static let conflictMessage = "field \"id\" names an event already stored with different content (a correction is a new event, e.g. event.retracted)"

    static func referenceProblem(_ event: CareEvent, target: CareEvent, name: String, expectedType: String?) -> String? {
        if let expectedType, target.type != expectedType {
            let found = EventType.fields[target.type] != nil ? "a \(target.type)" : "a custom-type"
            return "\(name) refers to \(found) event; expected \(expectedType)"
        }
        if expectedType == nil, target.type == EventType.eventRetracted {
            return "a retraction cannot be retracted"
        }
        if target.person != event.person {
            return "\(name) refers to an event about another person"
        }
        if expectedType != nil, event.at < target.at {
            return "\(name) refers to an event later in time than this one"
        }
        return nil
    }
}
