import EventLog
import Foundation

/// One rule's pass over one person's replay. The engine calls `step` for every instant in
/// order, after the instant's events have been applied to the state, then `finish` once.
protocol RuleEvaluator: AnyObject {
    func step(_ step: InstantStep, state: CareState)
    /// The rule's findings. `death` is the person's death, if it is within the replay.
    func finish(asOf: Instant, death: RecordedEvent?) -> [Finding]
}

/// What every rule evaluator knows besides its own parameters.
struct RuleContext {
    let rule: Rule
    let person: String
    let timeZone: TimeZone
    let actors: ActorDirectory

    /// The end of `duration` counted from `start`, in the rulebook's time zone.
    func end(of duration: RuleDuration, from start: Instant) -> Instant {
        duration.end(from: start, in: timeZone)
    }

    /// A finding if the interval is longer than its allowance: `(end ?? asOf) > due`.
    func finding(scope: String?, anchor: String, start: Instant, due: Instant, end: Instant?, asOf: Instant,
                 actorBefore: String?, actorAfter: String?, evidence: [String]) -> Finding? {
        guard (end ?? asOf) > due else { return nil }
        return Finding(rule: rule, person: person, scope: scope, anchor: anchor, start: start, due: due, end: end,
                       actorBefore: actorBefore, actorAfter: actorAfter, evidence: evidence)
    }
}
