import ArgumentParser
import GapEngine

extension Language: ExpressibleByArgument {}

/// `--lang`: the language of what people read.
struct LanguageOption: ParsableArguments {
    @Option(name: .customLong("lang"), help: ArgumentHelp(
        "The language of the text: sv (Swedish, the default) or en (English).", valueName: "sv|en"))
    var language: Language = .sv
}
