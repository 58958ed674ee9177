import EventLog
import GapEngine
import Yams

/// Who hears of a finding besides its units (the routing file, `digest --routes FILE`): each
/// principal's coordination team, for every finding that concerns one of its units, and extra
/// recipients of a rule's findings. A missing SIP then reaches the coordination of both the
/// region and the municipality. See docs/routing.md.
package struct Routes: Sendable, Equatable {
    /// Per principal, by its `principal_name`: the coordination address.
    package var principals: [String: String] = [:]
    /// Per rule id: addresses that receive all of its findings.
    package var rules: [String: [String]] = [:]

    package init(principals: [String: String] = [:], rules: [String: [String]] = [:]) {
        self.principals = principals
        self.rules = rules
    }

    /// The routed recipients of a finding of `rule` that concerns units of `principals`.
    func recipients(rule: String, principals involved: Set<String>) -> Set<String> {
        Set(involved.compactMap { principals[$0] }).union(rules[rule] ?? [])
    }

    /// Reads a routing file:
    ///
    ///     principals:
    ///       Norrköpings kommun: samordning@norrkoping.se
    ///       Region Östergötland: samordning@regionostergotland.se
    ///     rules:
    ///       sip-missing: [sip-team@norrkoping.se]
    ///
    /// Every problem is reported with its line; `ruleIDs` are the rules a rule key may name.
    package static func parse(_ text: String, ruleIDs: Set<String>) throws(RulebookErrors) -> Routes {
        var problems: [RulebookError] = []
        func fail(_ node: Node?, _ message: String) { problems.append(RulebookError(line: node?.mark?.line, message: message)) }
        let root: Node?
        do { root = try Yams.compose(yaml: text, .basic) } catch {
            throw RulebookErrors(problems: [RulebookError(line: nil, message: "not valid YAML")])
        }
        guard case .mapping(let top)? = root else { throw RulebookErrors(problems: [RulebookError(line: 1, message: "a routing file is a mapping with principals: and rules:")]) }
        var routes = Routes()
        func address(_ node: Node, for what: String) -> String? {
            guard case .scalar(let scalar) = node, EmailAddress.isValid(scalar.string) else {
                fail(node, "\(what): not one e-mail address (local@domain)")
                return nil
            }
            return scalar.string
        }
        for (key, value) in top {
            switch key.string {
            case "principals":
                guard case .mapping(let entries) = value else { fail(value, "principals: a mapping of principal_name to address"); continue }
                for (name, node) in entries {
                    guard let name = name.string, !name.isEmpty else { fail(name, "principals: a principal's name is a string"); continue }
                    if let email = address(node, for: "principals.\(name)") { routes.principals[name] = email }
                }
            case "rules":
                guard case .mapping(let entries) = value else { fail(value, "rules: a mapping of rule id to addresses"); continue }
                for (rule, node) in entries {
                    guard let id = rule.string, ruleIDs.contains(id) else {
                        let suggestion = rule.string.flatMap { NameSuggestion.closest(to: $0, among: ruleIDs.sorted()) }.map { "; did you mean \"\($0)\"?" } ?? ""
                        fail(rule, "rules: \"\(rule.string ?? "")\" is no rule of the rulebook\(suggestion)")
                        continue
                    }
                    let nodes: [Node] = if case .sequence(let list) = node { Array(list) } else { [node] }
                    routes.rules[id] = nodes.compactMap { address($0, for: "rules.\(id)") }
                }
            default:
                fail(key, "unknown key \"\(key.string ?? "")\" (expected principals, rules)")
            }
        }
        guard problems.isEmpty else { throw RulebookErrors(problems: problems) }
        return routes
    }
}
