import EventLog

/// A set of event types as a bit set of their codes (``EventType/code(of:)``); bit 0 stands
/// for every custom type. An instant's types are tested against a rule's interest with one AND.
struct EventTypes: Equatable {
    let bits: UInt64

    static let none = EventTypes(bits: 0)
    static let all = EventTypes(bits: .max)
    /// Every custom (`x-`) type.
    static let custom = EventTypes(bits: 1)

    init(bits: UInt64) { self.bits = bits }

    /// The known types given by name.
    init(_ types: [String]) {
        bits = types.reduce(0) { $0 | 1 << UInt64(EventType.code(of: $1)) }
    }

    /// The set holding the type with this code (``EventType/code(of:)``).
    init(code: UInt8) { bits = 1 << UInt64(code) }

    func union(_ other: EventTypes) -> EventTypes { EventTypes(bits: bits | other.bits) }

    func intersects(_ other: EventTypes) -> Bool { bits & other.bits != 0 }
}
