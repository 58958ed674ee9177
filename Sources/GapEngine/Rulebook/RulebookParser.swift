import EventLog
import Foundation
import Yams

/// A problem in a rulebook, with its line when it has one.
package struct RulebookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line of the problem, if known.
    package let line: Int?
    package let message: String

    package var description: String { line.map { "line \($0): \(message)" } ?? message }

    package init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }
}

/// All the problems of a rulebook (it is rejected if there is any).
package struct RulebookErrors: Error, Sendable, CustomStringConvertible {
    package let problems: [RulebookError]
    package var description: String { problems.map(\.description).joined(separator: "\n") }

    package init(problems: [RulebookError]) { self.problems = problems }
}

/// Reads rulebook YAML into a ``Rulebook``, rejecting unknown keys, kinds and fields, bad
/// durations and duplicate ids, each with its line.
package enum RulebookParser {
    static let commonKeys: Set<String> = ["id", "kind", "severity", "title", "title_sv", "source", "source_sv"]
    static let kindKeys: [String: Set<String>] = [
        "coverage": ["scopes", "grace"],
        "deadline": ["after", "expect", "within", "due", "unless"],
        "silence": ["scopes", "max_silence"],
        "joint-plan": ["principals", "plan", "within", "exclude_scopes"],
        "report": ["after"],
    ]

    /// Parses and validates a rulebook.
    package static func parse(_ text: String) throws(RulebookErrors) -> Rulebook {
        var context = Context()
        let root: Node?
        do {
            // Yams' resolver only names the tags of plain scalars, which nothing here reads: `null`,
            // booleans and numbers are told from the text (``Context/jsonValue(_:)``). With no
            // patterns to compile, ICU's regular expressions do not start up at every run.
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw RulebookErrors(problems: [RulebookError(line: line(of: error), message: "not valid YAML: \(problem(of: error))")])
        } catch {
            throw RulebookErrors(problems: [RulebookError(line: nil, message: "not valid YAML")])
        }
        guard let root, let top = context.mapping(root, what: "the rulebook") else {
            if context.problems.isEmpty { context.fail(nil, "the rulebook is empty") }
            throw RulebookErrors(problems: context.problems)
        }
        context.rejectUnknown(top, allowed: ["name", "timezone", "rules"], what: "top-level key")

        var timeZone = TimeZone(identifier: "Europe/Stockholm")!
        if let node = top["timezone"], let name = context.string(node, what: "timezone") {
            if let zone = TimeZone(identifier: name) { timeZone = zone } else { context.fail(node, "unknown time zone \"\(name)\"") }
        } else if top["timezone"] == nil {
            context.fail(root, "missing \"timezone\"")
        }
        let name = top["name"].flatMap { context.string($0, what: "name") }

        var rules: [Rule] = []
        var seen: [String: Int] = [:]
        if let node = top["rules"], let list = context.sequence(node, what: "rules") {
            for item in list {
                guard let rule = context.rule(item) else { continue }
                if let first = seen[rule.id] {
                    context.fail(item, "duplicate rule id \"\(rule.id)\" (first at line \(first))")
                } else {
                    seen[rule.id] = item.mark?.line ?? 0
                    rules.append(rule)
                }
            }
        } else if top["rules"] == nil {
            context.fail(root, "missing \"rules\"")
        }
        guard context.problems.isEmpty else { throw RulebookErrors(problems: context.problems) }
        return Rulebook(name: name, timeZone: timeZone, rules: rules, text: text)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        case .duplicatedKeysInMapping(let duplicates, _): "duplicate keys \(duplicates.joined(separator: ", "))"
        default: "\(error)"
        }
    }
}

/// Collects problems while walking the YAML tree.
private struct Context {
    var problems: [RulebookError] = []

    mutating func fail(_ node: Node?, _ message: String) {
        problems.append(RulebookError(line: node?.mark?.line, message: message))
    }

    mutating func mapping(_ node: Node, what: String) -> Node.Mapping? {
        guard case .mapping(let mapping) = node else {
            fail(node, "\(what) must be a mapping")
            return nil
        }
        var keys: Set<String> = []
        for (key, _) in mapping {
            if let name = key.string, !keys.insert(name).inserted { fail(key, "duplicate key \"\(name)\"") }
        }
        return mapping
    }

    mutating func sequence(_ node: Node, what: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            fail(node, "\(what) must be a list")
            return nil
        }
        return Array(sequence)
    }

    mutating func string(_ node: Node, what: String) -> String? {
        guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
            fail(node, "\(what) must be a non-empty string")
            return nil
        }
        return scalar.string
    }

    mutating func stringList(_ node: Node, what: String) -> [String]? {
        if case .scalar = node, let single = string(node, what: what) { return [single] }
        guard let items = sequence(node, what: what) else { return nil }
        let strings = items.compactMap { string($0, what: "each of \(what)") }
        return strings.count == items.count ? strings : nil
    }

    mutating func duration(_ node: Node, what: String) -> RuleDuration? {
        guard let text = string(node, what: what) else { return nil }
        guard let duration = RuleDuration(text) else {
            fail(node, "\(what): bad duration \"\(text)\" (use e.g. 90m, 4h, 3d, 2w, or 3cd for calendar days)")
            return nil
        }
        return duration
    }

    mutating func rejectUnknown(_ mapping: Node.Mapping, allowed: Set<String>, what: String) {
        for (key, _) in mapping {
            guard let name = key.string else { fail(key, "\(what) must be a string"); continue }
            if !allowed.contains(name) {
                let known = allowed.sorted().joined(separator: ", ")
                fail(key, "unknown \(what) \"\(name)\" (expected one of: \(known))")
            }
        }
    }

    /// Whether a byte may be part of a rule id: `[a-z0-9-]`.
    private static func isRuleIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): true
        default: false
        }
    }

    mutating func rule(_ node: Node) -> Rule? {
        guard let mapping = mapping(node, what: "a rule") else { return nil }
        let before = problems.count
        let id = mapping["id"].flatMap { string($0, what: "id") }
        if mapping["id"] == nil { fail(node, "a rule needs an \"id\"") }
        if let id, !id.utf8.allSatisfy(Self.isRuleIDByte) {
            fail(mapping["id"], "rule id \"\(id)\" must match [a-z0-9-]+")
        }
        let kindName = mapping["kind"].flatMap { string($0, what: "kind") }
        if mapping["kind"] == nil { fail(node, "rule needs a \"kind\"") }
        var allowed = RulebookParser.commonKeys
        if let kindName {
            if let keys = RulebookParser.kindKeys[kindName] {
                allowed.formUnion(keys)
            } else {
                let kinds = RulebookParser.kindKeys.keys.sorted().joined(separator: ", ")
                fail(mapping["kind"], "unknown kind \"\(kindName)\" (expected one of: \(kinds))")
                return nil
            }
        }
        rejectUnknown(mapping, allowed: allowed, what: "field of a \(kindName ?? "rule")")
        var severity: Severity?
        if let node = mapping["severity"], let text = string(node, what: "severity") {
            severity = Severity(rawValue: text)
            if severity == nil { fail(node, "severity must be one of low, medium, high, critical") }
        } else if mapping["severity"] == nil {
            fail(node, "rule needs a \"severity\"")
        }
        let title = mapping["title"].flatMap { string($0, what: "title") }
        if mapping["title"] == nil { fail(node, "rule needs a \"title\"") }
        let swedishTitle = mapping["title_sv"].flatMap { string($0, what: "title_sv") }
        let source = mapping["source"].flatMap { string($0, what: "source") }
        let swedishSource = mapping["source_sv"].flatMap { string($0, what: "source_sv") }

        let kind: RuleKind? = switch kindName {
        case "coverage": coverage(mapping, node)
        case "deadline": deadline(mapping, node)
        case "silence": silence(mapping, node)
        case "joint-plan": jointPlan(mapping, node)
        case "report": report(mapping, node)
        default: nil
        }
        guard problems.count == before, let id, let kind, let severity, let title else { return nil }
        return Rule(id: id, kind: kind, severity: severity, title: title, swedishTitle: swedishTitle, source: source, swedishSource: swedishSource)
    }

    private mutating func required(_ mapping: Node.Mapping, _ key: String, _ rule: Node) -> Node? {
        guard let value = mapping[key] else {
            fail(rule, "rule needs \"\(key)\"")
            return nil
        }
        return value
    }

    private mutating func scopes(_ mapping: Node.Mapping, _ rule: Node) -> ScopeSelection? {
        guard let node = required(mapping, "scopes", rule), let list = stringList(node, what: "scopes") else { return nil }
        return list.contains("*") ? .all : .only(Set(list))
    }

    private mutating func coverage(_ mapping: Node.Mapping, _ rule: Node) -> RuleKind? {
        let scopes = scopes(mapping, rule)
        let grace = required(mapping, "grace", rule).flatMap { duration($0, what: "grace") }
        guard let scopes, let grace else { return nil }
        return .coverage(scopes: scopes, grace: grace)
    }

    private mutating func deadline(_ mapping: Node.Mapping, _ rule: Node) -> RuleKind? {
        let after = required(mapping, "after", rule).flatMap { matcher($0, what: "after", isExpect: false) }
        let expect = required(mapping, "expect", rule).flatMap { matcher($0, what: "expect", isExpect: true) }
        let unless = mapping["unless"].flatMap { matcher($0, what: "unless", isExpect: false) }
        var due: DeadlineSource?
        switch (mapping["within"], mapping["due"]) {
        case (let within?, nil):
            due = duration(within, what: "within").map(DeadlineSource.within)
        case (nil, let field?):
            if let text = string(field, what: "due") {
                if text.hasPrefix("data."), text.count > 5 {
                    due = .dataField(String(text.dropFirst(5)))
                } else {
                    fail(field, "due must name a field of the trigger's data, as data.FIELD")
                }
            }
        case (nil, nil):
            fail(rule, "a deadline rule needs \"within\" or \"due\"")
        case (_, let field?):
            fail(field, "a deadline rule takes \"within\" or \"due\", not both")
        }
        guard let after, let expect, let due else { return nil }
        return .deadline(after: after, expect: expect, due: due, unless: unless)
    }

    private mutating func silence(_ mapping: Node.Mapping, _ rule: Node) -> RuleKind? {
        let scopes = scopes(mapping, rule)
        let maxSilence = required(mapping, "max_silence", rule).flatMap { duration($0, what: "max_silence") }
        guard let scopes, let maxSilence else { return nil }
        return .silence(scopes: scopes, maxSilence: maxSilence)
    }

    private mutating func jointPlan(_ mapping: Node.Mapping, _ rule: Node) -> RuleKind? {
        var principals = 2
        if let node = mapping["principals"] {
            if let value = node.int, value >= 1 { principals = value } else { fail(node, "principals must be a whole number of at least 1") }
        }
        let plan = required(mapping, "plan", rule).flatMap { string($0, what: "plan") }
        let within = required(mapping, "within", rule).flatMap { duration($0, what: "within") }
        let excluded = mapping["exclude_scopes"].flatMap { stringList($0, what: "exclude_scopes") } ?? []
        guard let plan, let within else { return nil }
        return .jointPlan(principals: principals, plan: plan, within: within, excludeScopes: Set(excluded))
    }

    private mutating func report(_ mapping: Node.Mapping, _ rule: Node) -> RuleKind? {
        guard let after = required(mapping, "after", rule).flatMap({ matcher($0, what: "after", isExpect: false) }) else { return nil }
        return .report(after: after)
    }

    private mutating func matcher(_ node: Node, what: String, isExpect: Bool) -> Matcher? {
        guard let mapping = mapping(node, what: what) else { return nil }
        let before = problems.count
        let allowed: Set<String> = isExpect ? ["type", "data", "correlate", "match", "by"] : ["type", "data"]
        rejectUnknown(mapping, allowed: allowed, what: "field of \(what)")
        var matcher = Matcher(types: nil)
        if let node = mapping["type"], let types = stringList(node, what: "\(what).type") {
            // A type that no event can have would make the rule silently never fire.
            for type in types where EventType.code(of: type) == 0 && !EventType.isCustom(type) {
                let suggestion = NameSuggestion.closest(to: type, among: EventType.coded).map { "; did you mean \"\($0)\"?" } ?? ""
                fail(node, "\(what).type: \"\(type)\" is not an event type of the contract, nor a custom one (x-…)\(suggestion)")
            }
            matcher.types = Set(types)
        }
        if let dataNode = mapping["data"], let data = self.mapping(dataNode, what: "\(what).data") {
            for (key, value) in data {
                guard let field = key.string else { continue }
                if let json = jsonValue(value) { matcher.data[field] = json } else { fail(value, "\(what).data.\(field) must be a plain value") }
            }
        }
        if let node = mapping["correlate"] { matcher.correlate = string(node, what: "correlate") }
        if let node = mapping["match"] { matcher.match = stringList(node, what: "match") ?? [] }
        if let node = mapping["by"], let text = string(node, what: "by") {
            matcher.by = ExpectedActor(rawValue: text)
            if matcher.by == nil { fail(node, "by must be one of same, other, target, holder") }
        }
        return problems.count == before ? matcher : nil
    }

    /// A YAML scalar as the JSON value an event's `data` would hold.
    private func jsonValue(_ node: Node) -> JSONValue? {
        guard case .scalar(let scalar) = node else { return nil }
        if scalar.style == .plain {
            if node.null != nil { return .null }
            if let bool = node.bool { return .bool(bool) }
            if node.int != nil || node.float != nil { return .number(scalar.string) }
        }
        return .string(scalar.string)
    }
}
