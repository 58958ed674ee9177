import EventLog

/// How serious a finding is.
package enum Severity: String, Sendable, CaseIterable, Comparable, Codable {
    case low, medium, high, critical

    package static func < (a: Severity, b: Severity) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Which scopes a rule looks at.
package enum ScopeSelection: Sendable, Hashable {
    /// `["*"]`: every scope.
    case all
    case only(Set<String>)

    /// Whether the selection includes `scope`.
    package func contains(_ scope: String) -> Bool {
        switch self {
        case .all: true
        case .only(let scopes): scopes.contains(scope)
        }
    }
}

/// Which actor may meet an obligation (`by:` in an `expect` matcher).
package enum ExpectedActor: String, Sendable {
    /// The trigger's actor.
    case same
    /// Any actor but the trigger's.
    case other
    /// The actor in the trigger's `data.to`.
    case target
    /// An actor holding any scope for the person at that instant.
    case holder
}

/// Selects events: by type and by equal `data` fields; in `expect`, also by relation to the trigger.
package struct Matcher: Sendable, Hashable {
    /// Accepted types; `nil` accepts any.
    package var types: Set<String>? {
        didSet { (typeMask, customTypes) = Self.compile(types) }
    }
    /// The known accepted types as bits of their codes, and the custom ones by name.
    private var typeMask: UInt64 = 0
    private var customTypes: Set<String> = []
    /// Fields of `data` that must equal these values.
    package var data: [String: JSONValue] = [:]
    /// `correlate: FIELD`: the expected event's `data.FIELD` equals the trigger's key.
    package var correlate: String?
    /// `match: [FIELD…]`: the expected event's `data.FIELD` equals the trigger's for each.
    package var match: [String] = []
    /// `by:`: which actor may meet the obligation.
    package var by: ExpectedActor?

    package init(types: Set<String>?, data: [String: JSONValue] = [:], correlate: String? = nil, match: [String] = [], by: ExpectedActor? = nil) {
        self.types = types
        (typeMask, customTypes) = Self.compile(types)
        self.data = data
        self.correlate = correlate
        self.match = match
        self.by = by
    }

    private static func compile(_ types: Set<String>?) -> (UInt64, Set<String>) {
        var mask: UInt64 = 0
        var custom: Set<String> = []
        for type in types ?? [] {
            let code = EventType.code(of: type)
            if code == 0 { custom.insert(type) } else { mask |= 1 << code }
        }
        return (mask, custom)
    }

    /// The types this matcher can accept: a superset, by type code (``EventTypes``).
    var interest: EventTypes {
        guard types != nil else { return .all }
        return EventTypes(bits: typeMask | (customTypes.isEmpty ? 0 : EventTypes.custom.bits))
    }

    /// Whether an event has an accepted type and the required `data` values.
    package func accepts(_ event: CareEvent) -> Bool {
        if types != nil {
            let code = event.typeCode
            guard code == 0 ? customTypes.contains(event.type) : typeMask & (1 << code) != 0 else { return false }
        }
        for (field, value) in data {
            guard let actual = event.value(field), actual.matches(value) else { return false }
        }
        return true
    }
}

/// When a deadline rule's obligation falls due.
package enum DeadlineSource: Sendable, Hashable {
    /// A duration after the trigger.
    case within(RuleDuration)
    /// A timestamp in the trigger's `data` (`due: data.FIELD`).
    case dataField(String)
}

/// A rule's kind and its parameters.
package enum RuleKind: Sendable, Hashable {
    case coverage(scopes: ScopeSelection, grace: RuleDuration)
    case deadline(after: Matcher, expect: Matcher, due: DeadlineSource, unless: Matcher?)
    case silence(scopes: ScopeSelection, maxSilence: RuleDuration)
    case jointPlan(principals: Int, plan: String, within: RuleDuration, excludeScopes: Set<String>)
    case report(after: Matcher)

    /// The kind's name in rulebooks and findings.
    package var name: String {
        switch self {
        case .coverage: "coverage"
        case .deadline: "deadline"
        case .silence: "silence"
        case .jointPlan: "joint-plan"
        case .report: "report"
        }
    }
}

/// One rule of a rulebook.
package struct Rule: Sendable, Hashable {
    package let id: String
    package let kind: RuleKind
    package let severity: Severity
    /// The title as the rulebook gives it: what the JSON contract's `title` carries.
    package let title: String
    /// The Swedish title (`title_sv`), for the reports people read.
    package let swedishTitle: String?
    /// The law, guideline or agreement the rule enforces.
    package let source: String?
    /// The same in Swedish (`source_sv`).
    package let swedishSource: String?

    package init(id: String, kind: RuleKind, severity: Severity, title: String, swedishTitle: String? = nil, source: String?,
                 swedishSource: String? = nil) {
        self.id = id
        self.kind = kind
        self.severity = severity
        self.title = title
        self.swedishTitle = swedishTitle
        self.source = source
        self.swedishSource = swedishSource
    }

    /// The title in a reader's language: Swedish when the rulebook has one, else `title`.
    package func title(in language: Language) -> String {
        language == .sv ? swedishTitle ?? title : title
    }

    /// What the rule enforces, in a reader's language where the rulebook says it.
    package func source(in language: Language) -> String? {
        language == .sv ? swedishSource ?? source : source
    }
}
