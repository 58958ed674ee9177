/// The principals file: which kind of principal an actor or a principal name is (`region`,
/// `municipality`, `private`, `ngo`, `state`), for the Organizations whose kind no
/// organisationsnummer says.
package struct Principals: Sendable {
    static let kinds: Set<String> = ["region", "municipality", "private", "ngo", "state"]

    /// By actor id or principal name.
    var kinds: [String: String] = [:]

    package init() {}

    /// The kind for an actor: its own entry wins over its principal name's.
    func kind(actor: String, principalName: String?) -> String? {
        kinds[actor] ?? principalName.flatMap { kinds[$0] }
    }

    /// Parses the YAML mapping; an unknown kind or a duplicate key is an error at its line.
    package static func parse(_ text: String) throws(ConfigurationErrors) -> Principals {
        var principals = Principals()
        guard let root = try ConfigurationYAML.root(text) else { return principals }
        guard case .mapping(let mapping) = root else {
            throw ConfigurationErrors(problems: [ConfigurationProblem(line: root.mark?.line, message: "a principals file is a mapping of actor id or principal name to its kind")])
        }
        var problems: [ConfigurationProblem] = []
        for (key, value) in mapping {
            guard let name = key.string, !name.isEmpty else {
                problems.append(ConfigurationProblem(line: key.mark?.line, message: "a key is an actor id or a principal name"))
                continue
            }
            guard let kind = value.string, kinds.contains(kind) else {
                problems.append(ConfigurationProblem(line: value.mark?.line, message: "\"\(name)\": unknown kind (expected one of \(kinds.sorted().joined(separator: ", ")))"))
                continue
            }
            principals.kinds[name] = kind
        }
        guard problems.isEmpty else { throw ConfigurationErrors(problems: problems) }
        return principals
    }
}
