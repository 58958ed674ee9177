import Yams

/// A problem in a principals or map file, with its line when it has one.
package struct ConfigurationProblem: Sendable, Equatable {
    package let line: Int?
    package let message: String
}

/// All the problems of a principals or map file (it is refused if there is any).
package struct ConfigurationErrors: Error, Sendable {
    package let problems: [ConfigurationProblem]
}

/// Reads YAML to a node, with problems at their lines (a duplicate key at its second line).
enum ConfigurationYAML {
    static func root(_ text: String) throws(ConfigurationErrors) -> Node? {
        do {
            return try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw ConfigurationErrors(problems: [ConfigurationProblem(line: mark.line, message: "not valid YAML: \(problem)")])
            case .duplicatedKeysInMapping(let duplicates, _):
                throw ConfigurationErrors(problems: duplicates.map { key in
                    ConfigurationProblem(line: secondLine(of: key, in: text), message: "duplicate key \"\(key)\"")
                })
            default:
                throw ConfigurationErrors(problems: [ConfigurationProblem(line: nil, message: "not valid YAML")])
            }
        } catch {
            throw ConfigurationErrors(problems: [ConfigurationProblem(line: nil, message: "not valid YAML")])
        }
    }

    /// The line where a key is given the second time.
    private static func secondLine(of key: String, in text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let matches = lines.indices.filter { index in
            let line = lines[index].drop { $0 == " " || $0 == "-" }
            return line.hasPrefix(key + ":") || line.hasPrefix("\"\(key)\":") || line.hasPrefix("'\(key)':")
        }
        return matches.count > 1 ? matches[1] + 1 : matches.first.map { $0 + 1 }
    }
}
