import EventLog

/// Who held responsibility for which scope when, and when each need was open: the picture an
/// inspector draws by hand from every actor's records, built from the same replay the rules use.
package struct ResponsibilityTimeline: Sendable {
    /// An interval in which an actor held a scope; `end` is nil while it still holds it.
    package struct Holding: Sendable, Equatable {
        package let actor: String
        package let scope: String
        package let start: Instant
        package var end: Instant?
    }

    /// An interval in which the person needed a scope.
    package struct Need: Sendable, Equatable {
        package let scope: String
        package let start: Instant
        package var end: Instant?
    }

    /// One event, as a mark on the timeline.
    package struct Mark: Sendable, Equatable {
        package let id: String
        package let type: String
        package let at: Instant
        package let actor: String
    }

    package private(set) var holdings: [Holding] = []
    package private(set) var needs: [Need] = []
    /// Every event the replay saw, in replay order.
    package private(set) var marks: [Mark] = []
    /// When the person died, if within the replay.
    package private(set) var death: Instant?

    /// Replays the events (filtered and ordered as an evaluation does) and records the net
    /// changes of each instant.
    package init(events: [RecordedEvent], asOf: Instant, asKnownAt: Instant?) {
        let replayed = ReplayOrder.replayed(events, asOf: asOf, asKnownAt: asKnownAt)
        var replay = Replay()
        var openHoldings: [String: Int] = [:]
        var openNeeds: [String: Int] = [:]
        var start = replayed.startIndex
        while start < replayed.endIndex {
            var end = start + 1
            while end < replayed.endIndex, replayed[end].event.at == replayed[start].event.at { end += 1 }
            let step = replay.apply(Array(replayed[start..<end]))
            for recorded in step.events {
                marks.append(Mark(id: recorded.event.id, type: recorded.event.type, at: recorded.event.at, actor: recorded.event.actor))
            }
            for change in step.ended {
                if let index = openHoldings.removeValue(forKey: change.actor + "\u{1F}" + change.scope) { holdings[index].end = step.at }
            }
            for change in step.started {
                openHoldings[change.actor + "\u{1F}" + change.scope] = holdings.count
                holdings.append(Holding(actor: change.actor, scope: change.scope, start: step.at, end: nil))
            }
            for change in step.needsClosed {
                if let index = openNeeds.removeValue(forKey: change.scope) { needs[index].end = step.at }
            }
            for change in step.needsOpened {
                openNeeds[change.scope] = needs.count
                needs.append(Need(scope: change.scope, start: step.at, end: nil))
            }
            start = end
            if let died = replay.state.death {
                death = died
                break
            }
        }
    }

    /// The actors in the order they first took responsibility.
    package var actors: [String] {
        var seen: [String] = []
        for holding in holdings where !seen.contains(holding.actor) { seen.append(holding.actor) }
        return seen
    }
}
