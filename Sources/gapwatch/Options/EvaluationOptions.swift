import ArgumentParser
import EventLog
import Foundation
import GapEngine

/// `--rules`, `--as-of`, `--jobs`, `--as-known-at`: what to evaluate, as of when, on how many threads.
struct EvaluationOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A rulebook (YAML). Default: the built-in rulebook (see `gapwatch rules show`).", valueName: "file"))
    var rules: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "Evaluate as of this time: events after it have not happened yet. Default: now.",
        discussion: "RFC 3339 (2026-03-01T08:00:00+01:00), or a date YYYY-MM-DD meaning its start in the rulebook's time zone.",
        valueName: "time"))
    var asOf: String?

    @OptionGroup var parallelism: JobsOption

    @Option(name: .customLong("as-known-at"), help: ArgumentHelp(
        "Use only what the log knew at this time (events recorded at or before it). Default: everything.",
        valueName: "time"))
    var asKnownAt: String?

    /// How many threads evaluate persons at once (`--jobs`).
    var jobs: Int { parallelism.jobs }

    /// The rulebook: the file given, or the built-in one.
    func loadRulebook() throws -> Rulebook { try RulebookLoader.rulebook(at: rules) }

    /// Resolves `--as-of` (default `now`) and `--as-known-at` against the rulebook's time zone.
    func times(in rulebook: Rulebook, now: Instant) throws -> (asOf: Instant, asKnownAt: Instant?) {
        (try asOf.map { try parseTime($0, flag: "--as-of", in: rulebook) } ?? now,
         try asKnownAt.map { try parseTime($0, flag: "--as-known-at", in: rulebook) })
    }
}

/// Refuses `--rule` ids that the rulebook does not have (a usage error).
func requireRules(_ ids: [String], in rulebook: Rulebook) throws {
    let known = Set(rulebook.rules.map(\.id))
    if let unknown = ids.first(where: { !known.contains($0) }) {
        throw CLIError(Exit.usage, "--rule: no rule \"\(unknown)\" in the rulebook (see gapwatch rules show)")
    }
}

/// A command-line time (RFC 3339, or a date in the rulebook's time zone).
func parseTime(_ text: String, flag: String, in rulebook: Rulebook) throws -> Instant {
    guard let instant = rulebook.instant(parsing: text) else {
        throw CLIError(Exit.usage, "\(flag): not an RFC 3339 timestamp or a YYYY-MM-DD date")
    }
    return instant
}

/// Reads rulebook files, reporting problems as `FILE:LINE: message`.
enum RulebookLoader {
    /// The rulebook at `path`, or the built-in one when no path is given.
    static func rulebook(at path: String?) throws -> Rulebook {
        guard let path else { return Rulebook.standard }
        return try load(path: path)
    }

    static func load(path: String) throws -> Rulebook {
        try loadYAMLFile(path) { text throws(RulebookErrors) in try RulebookParser.parse(text) }
    }
}

/// Reads a YAML file of the user's (a rulebook, a routing file) and parses it: a missing file
/// is 66, one that cannot be read 74, and every problem of its content `FILE:LINE: message`, 65.
func loadYAMLFile<T>(_ path: String, _ parse: (String) throws(RulebookErrors) -> T) throws -> T {
    guard FileManager.default.fileExists(atPath: path) else { throw CLIError(Exit.noInput, "\(path): no such file") }
    guard let data = FileManager.default.contents(atPath: path) else { throw CLIError(Exit.ioError, "\(path): cannot read") }
    guard let text = String(data: data, encoding: .utf8) else {
        let line = data.split(separator: 0x0A, omittingEmptySubsequences: false)
            .firstIndex { String(bytes: $0, encoding: .utf8) == nil }.map { $0 + 1 } ?? 1
        throw CLIError(Exit.dataError, "\(path):\(line): not UTF-8 (rulebooks and routing files are UTF-8 text)")
    }
    do {
        return try parse(text)
    } catch {
        throw CLIError(Exit.dataError, lines: error.problems.map { problem in
            "\(path):\(problem.line.map(String.init) ?? "1"): \(problem.message)"
        })
    }
}

/// The current time, read once per command (the engine never reads the clock).
func currentInstant() -> Instant {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Instant(microseconds: Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000)
}
