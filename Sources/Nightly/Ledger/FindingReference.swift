/// How people refer to a finding: the shortest start of its id, eight hex digits at least,
/// that no other finding in the ledger shares (as git's short hashes), written in groups of
/// four (`6e0e-2389`). Groups keep a reference from ever looking like a personnummer, which
/// mail and logs mask.
package enum FindingReference {
    /// The fewest digits a reference has.
    static let minimumLength = 8

    /// `id`'s reference, given the ledger ids just before and after it in order.
    static func reference(of id: String, neighbours: [String]) -> String {
        let shared = neighbours.map { zip($0, id).prefix { $0 == $1 }.count }.max() ?? 0
        return String(id.prefix(max(minimumLength, shared + 1))).grouped(by: 4, separator: "-")
    }

    /// A reference as typed (dashes or not, any case) as the start of an id, or `nil` if it is
    /// not one: hex digits, at least four.
    package static func idPrefix(_ typed: String) -> String? {
        let digits = typed.lowercased().filter { $0 != "-" }
        guard digits.count >= 4, digits.allSatisfy({ $0.isHexDigit }) else { return nil }
        return digits
    }
}
