import EventLog
import Foundation
import Logging

/// Operational log lines on stderr for cron and operations staff (`GAPWATCH_LOG_LEVEL`:
/// trace, debug, info, notice, warning (default), error, critical). Every message and metadata
/// value passes through personnummer masking before it is written.
enum Log {
    /// The command's logger.
    static let logger: Logger = {
        LoggingSystem.bootstrap { label in
            var handler = MaskingLogHandler(label: label)
            let level = ProcessInfo.processInfo.environment["GAPWATCH_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            handler.logLevel = level ?? .warning
            return handler
        }
        return Logger(label: "gapwatch")
    }()
}

/// Writes `LEVEL gapwatch: message key=value …` lines to stderr, personnummer masked.
struct MaskingLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .warning
    var metadata: Logger.Metadata = [:]

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        var line = "\(event.level.rawValue) \(label): \(event.message)"
        for key in merged.keys.sorted() { line += " \(key)=\(merged[key]!)" }
        Console.note(PersonID.maskingIdentifiers(in: line))
    }
}
