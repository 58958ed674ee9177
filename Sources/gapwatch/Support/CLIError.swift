import ArgumentParser
import EventLog
import GapEngine
import GRDB
import Pipeline

/// The exit codes of the command-line contract (sysexits).
enum Exit {
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let software: Int32 = 70
    static let ioError: Int32 = 74
}

/// A failure the command reports on stderr and turns into its exit code.
struct CLIError: Error {
    let code: Int32
    let lines: [String]

    init(_ code: Int32, _ message: String) {
        self.code = code
        self.lines = [message]
    }

    init(_ code: Int32, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// Maps library errors to the contract's exit codes.
    static func from(_ error: any Error) -> CLIError {
        switch error {
        case let error as CLIError: return error
        case let error as StoreError:
            switch error {
            case .notFound, .notAStore: return CLIError(Exit.noInput, error.description)
            case .recordedAtDecreases: return CLIError(Exit.dataError, error.description)
            case .cannotOpen, .corruptRow, .damagedPack: return CLIError(Exit.ioError, error.description)
            }
        case let error as IngestError:
            switch error {
            case .inputNotFound, .notAFile: return CLIError(Exit.noInput, error.description)
            case .cannotReadAgain: return CLIError(Exit.dataError, error.description)
            case .cannotRead, .cannotWrite: return CLIError(Exit.ioError, error.description)
            }
        case let error as Parallel.CannotStartThread:
            return CLIError(Exit.software, error.description)
        case let error as FileOutputError:
            return CLIError(Exit.ioError, error.description)
        case let error as DatabaseError:
            return databaseFailure(error)
        default:
            return CLIError(Exit.software, "internal error: \(error)")
        }
    }
}

extension CLIError {
    /// Result codes of a store that cannot read or write its file: an I/O error (74), where
    /// every other failure of the database is an internal error (70). Either way the command's
    /// transaction was rolled back.
    private static let ioFailures: [ResultCode] = [.SQLITE_IOERR, .SQLITE_FULL, .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PROTOCOL]

    /// A database failure: SQLite's code and message (which hold no bound values), never
    /// mistaken for bad input.
    static func databaseFailure(_ error: DatabaseError) -> CLIError {
        let code = ioFailures.contains(error.resultCode.primaryResultCode) ? Exit.ioError : Exit.software
        return CLIError(code, "the store failed (SQLite error \(error.resultCode.rawValue): \(error.message ?? "no message")); "
            + "the command was rolled back and stored nothing")
    }
}

/// Runs a command body, printing failures as `gapwatch: …` lines and exiting with their code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        let failure = CLIError.from(error)
        for line in failure.lines { Console.error(line) }
        throw ExitCode(failure.code)
    }
}
