/// A source system's reference, resolved: what `key` (e.g. `Patient/123`,
/// `Organization?identifier=urn:oid:1.2.752.29.4.19|SE2321000032-1234`) stands for in the log.
package struct ExternalKey: Sendable, Hashable {
    /// What the value is: a person id, an actor id, or a scope (of an episode of care, say).
    package enum Kind: String, Sendable {
        case person, actor, scope
    }

    package let key: String
    package let kind: Kind
    package let value: String

    package init(key: String, kind: Kind, value: String) {
        self.key = key
        self.kind = kind
        self.value = value
    }
}
