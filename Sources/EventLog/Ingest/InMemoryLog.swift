import Pipeline

/// Export files read as an ingest into an empty store would keep them, held in memory instead:
/// the same checks and messages, duplicates and references (anywhere in the files, v1.1), the
/// same order; nothing is written and nothing is hash-chained. For evaluating an export
/// without a store (`gapwatch gaps FILE…`).
package struct InMemoryLog: Sendable {
    /// Each person's events in log order, persons in the order the store reads them (by id).
    package let persons: [(person: String, events: [RecordedEvent])]
    /// The events about no person (actor registrations).
    package let global: [RecordedEvent]

    /// Reads the files; returns nil, after reporting every problem, when any line is one (an
    /// ingest would store nothing).
    package static func read(paths: [String], recordedAt: Instant, workers: Int, onProblem: (Ingester.LineError) -> Void) throws -> InMemoryLog? {
        var byID: [String: RecordedEvent] = [:]
        var stored: [RecordedEvent] = []
        var referring: [(file: String, line: Int, event: CareEvent)] = []
        var problems = 0
        for path in paths {
            let reader = try LineReader(path: path)
            try Parallel.pipeline(
                workers: workers,
                produce: { emit in try reader.forEachBatch(of: 1024, emit) },
                transform: { item in item.bytes.withUnsafeBufferPointer { CheckedChunk.check($0) } },
                consume: { items, verdicts in
                    for (item, verdict) in zip(items, verdicts) {
                        switch verdict {
                        case .blank: continue
                        case .failure(let messages):
                            problems += 1
                            for message in messages { onProblem(Ingester.LineError(file: reader.name, line: item.line, message: message)) }
                        case .success(let event):
                            if let earlier = byID[event.id] {
                                if earlier.event.canonicalJSON != event.canonicalJSON {
                                    problems += 1
                                    onProblem(Ingester.LineError(file: reader.name, line: item.line, message: Ingester.conflictMessage))
                                }
                                continue
                            }
                            let recorded = RecordedEvent(seq: Int64(stored.count + 1), recordedAt: recordedAt, event: event)
                            byID[event.id] = recorded
                            stored.append(recorded)
                            if EventType.referenceField(of: event.type) != nil { referring.append((reader.name, item.line, event)) }
                        }
                    }
                })
        }
        // References may point anywhere in the files: checked once all of them are in.
        for (file, line, event) in referring {
            guard let (field, expectedType) = EventType.referenceField(of: event.type), let targetID = event.string(field) else { continue }
            let name = "data.\(field)"
            let problem = byID[targetID].map { Ingester.referenceProblem(event, target: $0.event, name: name, expectedType: expectedType) }
                ?? "\(name) refers to an event that is neither in the log nor in this ingest"
            if let problem {
                problems += 1
                onProblem(Ingester.LineError(file: file, line: line, message: problem))
            }
        }
        guard problems == 0 else { return nil }
        var persons: [String: [RecordedEvent]] = [:]
        var global: [RecordedEvent] = []
        for recorded in stored {
            if let person = recorded.event.person { persons[person, default: []].append(recorded) } else { global.append(recorded) }
        }
        // As the store reads them: persons by the bytes of their ids, a person's events by `at`, then `seq`.
        let ordered = persons.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { person in
            (person, persons[person]!.sorted { ($0.at, $0.seq) < ($1.at, $1.seq) })
        }
        return InMemoryLog(persons: ordered, global: global)
    }
}
