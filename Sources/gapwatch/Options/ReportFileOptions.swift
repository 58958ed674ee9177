import ArgumentParser
import EventLog

/// `--out FILE [--force]`: a report written to a file (mode 0600, whole or not at all), or to
/// standard output.
struct ReportFileOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write the report to this file (mode 0600). Default: stdout.", valueName: "file"))
    var out: String?

    @Flag(help: "Replace an existing --out file (without it, an existing file is refused before any work).")
    var force = false

    func validate() throws {
        if force && out == nil { throw ValidationError("--force goes with --out") }
    }

    /// The file, opened before any work so that one that exists is refused first.
    func open() throws -> PrivateFile? {
        try out.map { path throws(FileOutputError) in try PrivateFile(path: path, replacing: force) }
    }

    /// Writes the report to the file opened by ``open()``, or to standard output.
    func write(_ text: String, to file: PrivateFile?) throws {
        if let file {
            try file.write(Array(text.utf8))
            try file.commit()
        } else {
            Console.writeStandardOutput(Array(text.utf8))
        }
    }
}
