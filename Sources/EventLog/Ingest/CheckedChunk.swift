/// Consecutive lines of one input, copied out of the reader's buffer into one array so that a
/// worker thread can check them (one allocation for the lines, not one per line).
struct InputChunk: Sendable {
    /// 1-based number of the first line in its input.
    let firstLine: Int
    /// The lines' bytes, one after the other, without their line ends.
    private(set) var bytes: [UInt8] = []
    /// Where each line ends in `bytes`; each begins where the one before ends.
    private(set) var ends: [Int] = []

    init(firstLine: Int, reservingLines lines: Int, bytes byteCount: Int) {
        self.firstLine = firstLine
        bytes.reserveCapacity(byteCount)
        ends.reserveCapacity(lines)
    }

    mutating func append(_ line: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: line)
        ends.append(bytes.count)
    }

    var count: Int { ends.count }

    /// Where line `index` (0-based in the chunk) lies in `bytes`.
    func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }
}

/// What the contract says of each line of a chunk on its own, before the log is consulted: the
/// part of an ingest that runs on the worker threads.
///
/// Valid events come out flat, as the bytes the log stores and hashes, one after the other in
/// one array: the thread that appends them to the log binds those bytes directly and frees a
/// chunk in three pieces, not an object graph per event.
struct CheckedChunk: Sendable {
    /// One line's verdict.
    enum Outcome: Sendable {
        /// Empty or white space only: skipped.
        case blank
        /// Not an event; its problems are `problems[index]`.
        case invalid(Int)
        /// A valid event: `events[index]`.
        case valid(Int)
    }

    /// One valid event: where its columns end in `texts` (each begins where the one before
    /// ends, the first where the previous event's `json` ends). Its canonical `data` is the
    /// part of its canonical JSON between `dataStart` and `dataEnd`, which are equal when it has
    /// none.
    struct Event: Sendable {
        let at: Int64
        let personEnd: UInt32
        let idEnd: UInt32
        let typeEnd: UInt32
        let dataStart: UInt32
        let dataEnd: UInt32
        /// The canonical JSON of the whole event, which the hash chain covers.
        let jsonEnd: UInt32
        /// The event's actor, as an index into ``CheckedChunk/actors``.
        let actor: Int
        /// The event itself, kept only when its type refers to another event (checked against
        /// the log by the appending thread).
        let referring: CareEvent?
    }

    let outcomes: [Outcome]
    let problems: [[String]]
    let events: [Event]
    /// The events' columns: person, id, type, canonical `data`, canonical JSON.
    let texts: [UInt8]
    /// The actors of this chunk's events, each once.
    let actors: [String]

    init(_ chunk: InputChunk) {
        var outcomes: [Outcome] = []
        var problems: [[String]] = []
        var events: [Event] = []
        var texts: [UInt8] = []
        var actors: [String] = []
        var actorIndex: [String: Int] = [:]
        outcomes.reserveCapacity(chunk.count)
        events.reserveCapacity(chunk.count)
        texts.reserveCapacity(chunk.bytes.count * 2)
        chunk.bytes.withUnsafeBufferPointer { bytes in
            for index in 0..<chunk.count {
                let line = UnsafeBufferPointer(rebasing: bytes[chunk.range(of: index)])
                switch Self.check(line) {
                case .blank:
                    outcomes.append(.blank)
                case .failure(let messages):
                    outcomes.append(.invalid(problems.count))
                    problems.append(messages)
                case .success(let event):
                    outcomes.append(.valid(events.count))
                    let actor = actorIndex[event.actor] ?? {
                        actors.append(event.actor)
                        actorIndex[event.actor] = actors.count - 1
                        return actors.count - 1
                    }()
                    events.append(Self.flatten(event, actor: actor, into: &texts))
                }
            }
        }
        self.outcomes = outcomes
        self.problems = problems
        self.events = events
        self.texts = texts
        self.actors = actors
    }

    enum Verdict {
        case blank
        case failure([String])
        case success(CareEvent)
    }

    static func check(_ line: UnsafeBufferPointer<UInt8>) -> Verdict {
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .blank }
        guard line.isValidUTF8 else { return .failure(["line is not valid UTF-8"]) }
        switch EventValidator.validate(line: line, validatedUTF8: true) {
        case .failure(let problems): return .failure(problems.messages)
        case .success(let event): return .success(event)
        }
    }

    /// Appends the event's columns and canonical JSON to `texts`, its `data` within the JSON.
    private static func flatten(_ event: CareEvent, actor: Int, into texts: inout [UInt8]) -> Event {
        func append(_ text: String) -> UInt32 {
            texts.append(contentsOf: text.utf8)
            return UInt32(texts.count)
        }
        let personEnd = append(event.person ?? "")
        let idEnd = append(event.id)
        let typeEnd = append(event.type)
        let data = event.writeCanonicalJSON(to: &texts)
        return Event(
            at: event.at.microseconds, personEnd: personEnd, idEnd: idEnd, typeEnd: typeEnd, dataStart: UInt32(data.lowerBound),
            dataEnd: UInt32(data.upperBound), jsonEnd: UInt32(texts.count), actor: actor,
            referring: EventType.referenceField(of: event.type) == nil ? nil : event)
    }

    /// The canonical JSON of `events[index]`, as a view into `texts`.
    func json(of index: Int, in texts: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: texts[Int(events[index].typeEnd)..<Int(events[index].jsonEnd)])
    }

    /// The columns of `events[index]`, as views into `texts` (valid while `texts` is), with the
    /// code the log gave its actor (``AppendSession/actorCode(_:)``).
    func columns(of index: Int, in texts: UnsafeBufferPointer<UInt8>, actorCode: Int64) -> EventColumns {
        let event = events[index]
        var start = index == 0 ? 0 : Int(events[index - 1].jsonEnd)
        func next(_ end: UInt32) -> UnsafeBufferPointer<UInt8> {
            defer { start = Int(end) }
            return UnsafeBufferPointer(rebasing: texts[start..<Int(end)])
        }
        let person = next(event.personEnd)
        let id = next(event.idEnd)
        let type = next(event.typeEnd)
        let data = UnsafeBufferPointer(rebasing: texts[Int(event.dataStart)..<Int(event.dataEnd)])
        return EventColumns(
            person: person, at: event.at, id: id, type: type, actorCode: actorCode, data: data.isEmpty ? nil : data, json: next(event.jsonEnd))
    }
}

/// One new, valid event as the log stores it: its text columns as UTF-8 bytes, valid only
/// during the call that receives them (an ingest appends millions without making a string).
package struct EventColumns {
    /// Canonical person id; empty for an event about no person.
    let person: UnsafeBufferPointer<UInt8>
    /// Valid time, microseconds since 1970 (UTC).
    let at: Int64
    let id: UnsafeBufferPointer<UInt8>
    let type: UnsafeBufferPointer<UInt8>
    /// The log's code for the actor's name (the name itself is in `json`).
    let actorCode: Int64
    /// Canonical `data`, `nil` when the event has none.
    let data: UnsafeBufferPointer<UInt8>?
    /// The canonical JSON of the whole event, which the hash chain covers.
    let json: UnsafeBufferPointer<UInt8>
}
