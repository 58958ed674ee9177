import EventLog

/// A deterministic synthetic population that looks like a Swedish municipality and its
/// region: hospital stays with notices and handovers, home care, residential care,
/// coordinators, referrals, joint plans (SIP), dementia follow-ups, reports from relatives,
/// deaths and corrected records — and a realistic minority of gaps of every kind.
///
/// The same parameters give the same bytes. Each person's story is drawn from a generator
/// seeded by (seed, person number), so persons are independent of each other.
package struct PopulationGenerator: Sendable {
    package let persons: Int
    package let seed: UInt64
    /// The first day of the period (UTC midnight).
    package let start: Instant
    package let days: Int

    package init(persons: Int, seed: UInt64, start: Instant, days: Int) {
        self.persons = persons
        self.seed = seed
        self.start = start
        self.days = days
    }

    /// Calls `body` with every event, as canonical JSON lines: first the actor registrations,
    /// then each person's events in time order.
    package func generate(_ body: (String) throws -> Void) rethrows {
        for actor in SyntheticActors.all {
            let event = CareEvent(
                id: "reg-\(actor.id.replacingOccurrences(of: "/", with: "."))", type: EventType.actorRegistered, person: nil,
                at: start, actor: actor.id,
                data: [
                    "name": .string(actor.name), "principal": .string(actor.principal),
                    "principal_name": .string(actor.principalName), "kind": .string(actor.kind),
                    "email": .string(SyntheticActors.email(of: actor)),
                ])
            try body(event.canonicalJSON)
        }
        for index in 0..<persons {
            for event in story(of: index) { try body(event.canonicalJSON) }
        }
    }

    /// One person's events, in time order.
    package func story(of index: Int) -> [CareEvent] {
        var rng = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(index))
        var story = PersonStory(
            person: Self.personID(index: index, rng: &rng), idPrefix: "s\(seed)-p\(index)",
            start: start, end: start.adding(microseconds: Int64(days) * 86_400_000_000))
        story.tell(rng: &rng)
        return story.finished()
    }

    /// Mostly personnummer (valid check digit, born 1925–1960), some pseudonyms. Year and
    /// serial number come from the person's number, so no two persons of a population below
    /// 36,000 share one; above that, the random date of birth keeps clashes rare.
    static func personID(index: Int, rng: inout SplitMix64) -> String {
        guard rng.chance(0.8) else { return "p-\(String(index, radix: 36))" }
        let year = 1925 + index / 1000 % 36, month = rng.int(1...12), day = rng.int(1...28)
        let serial = index % 1000
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let nine = two(year % 100) + two(month) + two(day) + String(String(serial + 1000).dropFirst())
        var sum = 0
        for (i, char) in nine.enumerated() {
            var d = Int(String(char))! * (i % 2 == 0 ? 2 : 1)
            if d > 9 { d -= 9 }
            sum += d
        }
        let check = (10 - sum % 10) % 10
        return "\(year)\(two(month))\(two(day))-\(nine.suffix(3))\(check)"
    }
}
