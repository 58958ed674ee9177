import ArgumentParser
import EventLog
import Pipeline

/// `--jobs`: how many threads evaluate persons at once (`gaps`, `audit`, `scan`).
struct JobsOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "How many threads evaluate persons at once. Default: one per core.",
        discussion: "The thread that reads the store runs besides them.",
        valueName: "n"))
    var jobs: Int = Parallel.defaultWorkers

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }
}
