import ArgumentParser
import FHIR
import GapEngine

extension Gapwatch {
    struct Fhir: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The FHIR import's map: print the default, or validate one.",
            discussion: "Import FHIR R4 with gapwatch ingest --from fhir (see docs/fhir.md).",
            subcommands: [Map.self])

        struct Map: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "The map of codings to scopes, plan kinds, notices and tasks.", subcommands: [Show.self, Check.self])

            struct Show: ParsableCommand {
                static let configuration = CommandConfiguration(abstract: "Print the default FHIR map as YAML.")
                func run() { Console.writeStandardOutput(Array(FHIRMap.defaultText.utf8)) }
            }

            struct Check: ParsableCommand {
                static let configuration = CommandConfiguration(
                    abstract: "Validate a FHIR map file; problems are printed as FILE:LINE: message (exit 65).")

                @Argument(help: ArgumentHelp("The map file (YAML).", valueName: "file"))
                var file: String

                func run() throws {
                    try reportingErrors {
                        _ = try loadYAMLFile(file) { text throws(RulebookErrors) in try asRulebookErrors { () throws(ConfigurationErrors) in try FHIRMap.parse(text) } }
                        Console.out("ok: \(file)")
                    }
                }
            }
        }
    }
}
