import EventLog
import Foundation

/// One rule's pass over one person's replay. The engine calls `step` for the instants in
/// order that the evaluator declares an interest in, after the instant's events have been
/// applied to the state, then `finish` once.
///
/// An evaluator's state is declared `@exclusivity(unchecked)`, as is that of ``Verdicts`` and
/// ``CalendarDayEnds``: each belongs to one worker thread, and no method reaches a property while
/// another access to it is open. Swift's run-time check at every access of a class's stored
/// property proves nothing here and was a tenth of a scan (docs/performance-notes.md).
protocol RuleEvaluator: AnyObject {
    /// The event types whose instants `step` must see now (``EventTypes``). The engine reads
    /// it again after every `step` (and for each person), so an evaluator that waits for nothing
    /// stops seeing the types that are common in every life, contacts above all.
    var eventInterest: EventTypes { get }
    /// Whether `step` must also see every instant where a holding, a need or a plan changed.
    var followsStructure: Bool { get }
    func step(_ step: InstantStep, state: CareState)
    /// Judges what is still open at the end of the replay, and leaves the evaluator empty,
    /// ready for the next person. `death` is the person's death, if it is within the replay.
    func finish(asOf: Instant, death: RecordedEvent?)
}

/// What the rules found for the person being evaluated: findings, and what will become one
/// unless something happens first.
final class Verdicts {
    @exclusivity(unchecked) private(set) var person = ""
    @exclusivity(unchecked) var findings: [Finding] = []
    @exclusivity(unchecked) var upcoming: [Upcoming] = []

    /// Begins the next person (``take()`` left nothing behind from the last).
    func start(person: String) { self.person = person }

    /// The person's findings and upcoming, leaving none behind.
    func take() -> (findings: [Finding], upcoming: [Upcoming]) {
        defer { (findings, upcoming) = ([], []) }
        return (findings, upcoming)
    }
}

/// What every rule evaluator knows besides its own parameters.
struct RuleContext {
    let rule: Rule
    let timeZone: TimeZone
    let actors: ActorDirectory
    let verdicts: Verdicts
    /// Calendar-day ends already worked out, shared by the evaluators of one thread.
    let calendarDayEnds: CalendarDayEnds

    /// The end of `duration` counted from `start`, in the rulebook's time zone.
    func end(of duration: RuleDuration, from start: Instant) -> Instant {
        duration.end(from: start, in: timeZone, memo: calendarDayEnds)
    }

    /// Records an interval: a finding if it is longer than its allowance, `(end ?? asOf) > due`;
    /// upcoming if it is still open and not yet due; nothing if it ended in time (the usual
    /// case: `scope`, `anchor`, the expected actor and `evidence` are then never looked up).
    func judge(scope: @autoclosure () -> String?, anchor: @autoclosure () -> String, start: Instant, due: Instant, end: Instant?,
               asOf: Instant, actorBefore: String?, actorAfter: String?, expectedActor: @autoclosure () -> String? = nil,
               involved: [String] = [], evidence: @autoclosure () -> [String]) {
        if (end ?? asOf) > due {
            var finding = Finding(
                rule: rule, person: verdicts.person, scope: scope(), anchor: anchor(), start: start, due: due, end: end,
                actorBefore: actorBefore, actorAfter: actorAfter, expectedActor: expectedActor(), evidence: evidence())
            finding.involved = involved
            verdicts.findings.append(finding)
        } else if end == nil {
            var upcoming = Upcoming(
                rule: rule, person: verdicts.person, scope: scope(), anchor: anchor(), start: start, due: due,
                actorBefore: actorBefore, expectedActor: expectedActor())
            upcoming.finding.involved = involved
            verdicts.upcoming.append(upcoming)
        }
    }
}
