import ArgumentParser
import GapEngine

extension Gapwatch {
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the built-in rulebook, or validate one.",
            subcommands: [Show.self, Check.self])

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Print the built-in default rulebook as YAML.")
            func run() { Console.writeStandardOutput(Array(DefaultRulebook.yaml.utf8)) }
        }

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Validate a rulebook; problems are printed as FILE:LINE: message (exit 65).")

            @Argument(help: ArgumentHelp("The rulebook (YAML).", valueName: "file"))
            var file: String

            func run() throws {
                try reportingErrors {
                    let rulebook = try RulebookLoader.load(path: file)
                    Console.out("ok: \(rulebook.rules.count) rules, time zone \(rulebook.timeZone.identifier)")
                }
            }
        }
    }
}
