import Crypto
import EventLog
import Foundation

/// A validated rulebook: a time zone and its rules.
package struct Rulebook: Sendable {
    /// The `name:` of the rulebook, if it has one.
    package let name: String?
    /// The time zone of calendar-day durations and of dates given without a time.
    package let timeZone: TimeZone
    package let rules: [Rule]
    /// Hex SHA-256 of the rulebook's YAML text, so a report can say exactly which rules made it.
    package let hash: String

    package init(name: String?, timeZone: TimeZone, rules: [Rule], text: String) {
        self.name = name
        self.timeZone = timeZone
        self.rules = rules
        self.hash = SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The built-in default rulebook.
    package static let standard: Rulebook = {
        do {
            return try RulebookParser.parse(DefaultRulebook.yaml)
        } catch {
            preconditionFailure("the built-in rulebook is invalid: \(error)")
        }
    }()

    /// Each rule's title in a reader's language, by the title its findings carry: a finding
    /// that an older or another rulebook made keeps its own title.
    package func titles(in language: Language) -> [String: String] {
        Dictionary(rules.map { ($0.title, $0.title(in: language)) }, uniquingKeysWith: { first, _ in first })
    }

    /// A copy holding only the rules whose ids are given.
    package func selecting(ruleIDs: Set<String>) -> Rulebook {
        Rulebook(copying: self, rules: rules.filter { ruleIDs.contains($0.id) })
    }

    private init(copying other: Rulebook, rules: [Rule]) {
        name = other.name
        timeZone = other.timeZone
        hash = other.hash
        self.rules = rules
    }
}
