/// One line of an input, copied out of the reader's buffer so that a worker thread can check it.
struct InputLine: Sendable {
    /// 1-based line number in its input.
    let number: Int
    let bytes: [UInt8]
}

/// What the contract says of one line on its own, before the log is consulted: the part of an
/// ingest that runs on the worker threads.
enum CheckedLine: Sendable {
    /// Empty or white space only: skipped.
    case blank
    /// Not an event; every problem found.
    case invalid([String])
    /// A valid event and its canonical forms (what the log stores and hashes).
    case valid(CareEvent, CanonicalEvent)

    init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { line in
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .blank }
            guard String(validating: line, as: UTF8.self) != nil else { return .invalid(["line is not valid UTF-8"]) }
            switch EventValidator.validate(line: line, validatedUTF8: true) {
            case .failure(let problems): return .invalid(problems.messages)
            case .success(let event): return .valid(event, CanonicalEvent(event))
            }
        }
    }
}
