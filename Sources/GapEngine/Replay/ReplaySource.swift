import EventLog

/// A person's events as a replay reads them: every event's key (place, times, type), and the
/// event itself only where the replay looks. A scan reads them undecoded from the log
/// (``EventLog/UndecodedEvents``, making only the events some rule wants); callers with events
/// at hand pass them as they are.
protocol ReplaySource {
    var count: Int { get }
    func key(_ index: Int) -> EventKey
    /// The event at `index` (for undecoded events, made anew at each call).
    func event(_ index: Int) -> RecordedEvent
}

extension UndecodedEvents: ReplaySource {
    var count: Int { keys.count }
    func key(_ index: Int) -> EventKey { keys[index] }
}

extension Array: ReplaySource where Element == RecordedEvent {
    func key(_ index: Int) -> EventKey {
        EventKey(seq: self[index].seq, at: self[index].at, recordedAt: self[index].recordedAt, typeCode: self[index].typeCode)
    }

    func event(_ index: Int) -> RecordedEvent { self[index] }
}

extension Array {
    /// Removes every element, keeping the capacity; nothing to do when already empty (the
    /// usual case, and `removeAll(keepingCapacity:)` costs a call even then).
    mutating func empty() {
        if !isEmpty { removeAll(keepingCapacity: true) }
    }
}
